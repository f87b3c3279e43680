import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MigrationError, readMigrations } from "./migrate.server.ts";

function folderWith(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-mig-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe("readMigrations", () => {
  it("reads the project's migrations in order, numbered without gaps", () => {
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    migrations.forEach((m, i) => {
      expect(m.version).toBe(i + 1);
      expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it("refuses a gap in the numbering", () => {
    expect(() => readMigrations(folderWith({ "0001_a.sql": "", "0003_c.sql": "" }))).toThrow(MigrationError);
  });

  it("refuses a badly named file", () => {
    expect(() => readMigrations(folderWith({ "1_a.sql": "" }))).toThrow(/does not match NNNN_name.sql/);
  });
});
