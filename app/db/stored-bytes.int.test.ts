import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getCaseFile } from "../features/cases/case.queries.server.ts";
import { getContactRecords } from "../features/letters/contact-forms.server.ts";
import { MARKERS, markedCase } from "../testing/marked-case.ts";
import { storedAnswers, storedMail } from "../testing/sealed-reads.ts";
import { openPglite } from "./database.server.ts";
import { migrate } from "./migrate.server.ts";
import { availableBackends, createTestDatabase } from "./testing/test-database.ts";

/**
 * Issue 12's "done when": looking into the raw data folder of the embedded database (its files,
 * as grep would) or into the PostgreSQL tables (as psql would), no note, letter, free-text answer,
 * contact detail or uploaded file is readable. Content is written through the app's commands.
 */
const texts = Object.values(MARKERS);
/** Also as hex, the way a bytea column reads in psql. */
const hex = texts.map((t) => Buffer.from(t, "utf8").toString("hex"));

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).flatMap((entry) => {
    const full = path.join(entry.parentPath, entry.name);
    return entry.isFile() ? [full] : [];
  });
}

describe("stored bytes [pglite data folder]", () => {
  it("no marked text appears in any file of the data folder, write-ahead log included", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-bytes-"));
    try {
      const handle = await openPglite(dir);
      await migrate(handle);
      const made = await markedCase(handle.db);
      // The content is there and readable through the app.
      const file = await getCaseFile(handle.db, made.mediator, made.caseId);
      expect(file.activities.map((a) => a.summary)).toContain(MARKERS.note);
      expect((await getContactRecords(handle.db, made.mediator, made.caseId)).messages[0]?.body).toBe(MARKERS.letter);
      expect(await storedAnswers(handle.db, made.registrationId)).toMatchObject({ hopes: MARKERS.hopes });
      expect((await storedMail(handle.db)).map((m) => m.recipient)).toContain(MARKERS.email);
      await sql`CHECKPOINT`.execute(handle.db);
      await handle.close();

      const files = filesUnder(dir);
      expect(files.some((f) => f.includes(`${path.sep}pg_wal${path.sep}`))).toBe(true);
      const found: string[] = [];
      for (const file of files) {
        const bytes = fs.readFileSync(file);
        for (const text of texts) if (bytes.includes(Buffer.from(text, "utf8"))) found.push(`${file}: ${text}`);
      }
      expect(found).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(availableBackends().includes("postgres"))("stored bytes [postgres tables]", () => {
  it("no marked text appears in any row of any table, nor in the planner's statistics", async () => {
    const test = await createTestDatabase("postgres");
    try {
      const db = test.handle.db;
      const made = await markedCase(db);
      expect(await storedAnswers(db, made.registrationId)).toMatchObject({ email: MARKERS.email });
      const { rows: tables } = await sql<{ name: string }>`
        SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(db);
      expect(tables.length).toBeGreaterThan(30);
      const found: string[] = [];
      for (const { name } of tables) {
        const { rows } = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(name)} t`.execute(db);
        for (const { row } of rows) {
          for (const [i, text] of texts.entries()) {
            if (row.includes(text) || row.includes(hex[i] as string)) found.push(`${name}: ${text}`);
          }
        }
      }
      expect(found).toEqual([]);
      await sql`ANALYZE`.execute(db);
      const { rows: stats } = await sql<{ row: string }>`SELECT s::text AS row FROM pg_stats s
        WHERE schemaname = 'public'`.execute(db);
      expect(stats.filter((s) => texts.some((t, i) => s.row.includes(t) || s.row.includes(hex[i] as string)))).toEqual(
        [],
      );
    } finally {
      await test.drop();
    }
  });
});
