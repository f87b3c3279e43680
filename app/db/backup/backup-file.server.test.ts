import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MissingKekError } from "../../lib/keys/envelope.ts";
import { installKeyRing } from "../../lib/keys/key-ring.server.ts";
import { fixedKeys, installFixedKeys } from "../../testing/test-keys.ts";
import {
  BackupDamagedError,
  readBackupFile,
  readBackupHeader,
  verifyBackupFile,
  writeBackupFile,
} from "./backup-file.server.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-backup-file-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function* source(parts: Buffer[]) {
  for (const part of parts) yield part;
}

async function collect(file: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of readBackupFile(file)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const meta = { backend: "pglite" as const, schemaVersion: 24, migration: "0024_encryption_at_rest_columns" };
// Three and a half chunks, so that chunk order and the last chunk both matter.
const content = Buffer.concat([Buffer.from("dump: Mara Merk\n"), Buffer.alloc(3.5 * 1024 * 1024, 7)]);

describe("the backup file", () => {
  installFixedKeys();

  it("says what it holds without a key, and gives back exactly what was written", async () => {
    const file = path.join(dir, "ok.backup");
    const { bytes } = await writeBackupFile(file, meta, source([content.subarray(0, 1000), content.subarray(1000)]));
    expect(bytes).toBe(fs.statSync(file).size);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    expect(readBackupHeader(file)).toMatchObject({ format: 1, backend: "pglite", schemaVersion: 24 });
    expect(fs.readFileSync(file).includes(Buffer.from("Mara Merk"))).toBe(false);
    expect((await collect(file)).equals(content)).toBe(true);
    expect((await verifyBackupFile(file)).bytes).toBe(content.length);
  });

  it("refuses a changed byte anywhere, a cut-off file, swapped parts and a changed header", async () => {
    const file = path.join(dir, "base.backup");
    await writeBackupFile(file, meta, source([content]));
    const original = fs.readFileSync(file);
    const variants: Record<string, Buffer> = {
      "a byte in the first part": flip(original, 200),
      "a byte in the middle": flip(original, Math.floor(original.length / 2)),
      "the last byte": flip(original, original.length - 1),
      "cut off": original.subarray(0, original.length - 1024 * 1024),
      "one byte short": original.subarray(0, original.length - 1),
      "a byte added": Buffer.concat([original, Buffer.of(0)]),
      "the schema version in the header": Buffer.from(
        original.toString("latin1").replace('"schemaVersion":24', '"schemaVersion":25'),
        "latin1",
      ),
      "not a backup at all": Buffer.from("hello"),
    };
    for (const [name, bytes] of Object.entries(variants)) {
      const damaged = path.join(dir, "damaged.backup");
      fs.writeFileSync(damaged, bytes);
      await expect(verifyBackupFile(damaged), name).rejects.toBeInstanceOf(BackupDamagedError);
    }
    await expect(verifyBackupFile(path.join(dir, "missing.backup"))).rejects.toThrow(/cannot be read \(ENOENT\)/);
  });

  it("needs the key-encryption key it was made with, and says which", async () => {
    const file = path.join(dir, "kek.backup");
    await writeBackupFile(file, meta, source([Buffer.from("x")]));
    installKeyRing(fixedKeys("another"));
    try {
      await expect(verifyBackupFile(file)).rejects.toBeInstanceOf(MissingKekError);
    } finally {
      installFixedKeys();
    }
  });
});

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] as number) ^ 1;
  return copy;
}
