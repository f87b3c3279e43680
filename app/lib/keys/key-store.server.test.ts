import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { newKeyText } from "./key-material.ts";
import { KeyError, keepKeysInFile, keyFolder, loadKeys, prependKeyToFile } from "./key-store.server.ts";

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-keys-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("loading keys", () => {
  it("makes the keys once in DATA_DIR/keys (folder 0700, files 0600) and finds the same ones on the next start", () => {
    const dataDir = tempDir();
    const first = loadKeys({}, dataDir);
    expect(first.created).toEqual(["appSecret", "kek", "auditKey"]);
    expect(fs.statSync(keyFolder(dataDir)).mode & 0o777).toBe(0o700);
    for (const file of ["app-secret", "kek", "audit-key"]) {
      expect(fs.statSync(path.join(keyFolder(dataDir), file)).mode & 0o777).toBe(0o600);
    }
    const second = loadKeys({}, dataDir);
    expect(second.created).toEqual([]);
    expect(second.appSecret).toBe(first.appSecret);
    expect(second.keks[0]?.id).toBe(first.keks[0]?.id);
    expect(second.auditKeys[0]?.key.equals(first.auditKeys[0]?.key as Buffer)).toBe(true);
    expect(second.where.kek).toBe(path.join(keyFolder(dataDir), "kek"));
  });

  it("prefers the environment and key files, and then makes nothing", () => {
    const dataDir = tempDir();
    const kekFile = path.join(dataDir, "kek.txt");
    const kek = newKeyText();
    fs.writeFileSync(kekFile, `${kek}\n`);
    const keys = loadKeys({ appSecret: "s".repeat(40), kekFile, auditKey: newKeyText() }, dataDir);
    expect(keys.created).toEqual([]);
    expect(keys.where).toEqual({ appSecret: "environment", kek: kekFile, auditKey: "environment" });
    expect(fs.existsSync(keyFolder(dataDir))).toBe(false);
  });

  it("says clearly which key file cannot be read or is not a key, without its content", () => {
    const dataDir = tempDir();
    expect(() => loadKeys({ kekFile: path.join(dataDir, "missing") }, dataDir)).toThrow(
      /KEK_FILE names .*missing, which cannot be read \(ENOENT\)/,
    );
    const bad = path.join(dataDir, "bad");
    fs.writeFileSync(bad, "niet-geheim-genoeg\n");
    let message = "";
    try {
      loadKeys({ appSecret: "s".repeat(40), auditKeyFile: bad }, dataDir);
    } catch (error) {
      expect(error).toBeInstanceOf(KeyError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/AUDIT_KEY in .*bad: key 1 is not a 256-bit key/);
    expect(message).not.toContain("niet-geheim");
  });

  it("rotates a key-folder file: a new key in front, later only the new one", () => {
    const dataDir = tempDir();
    const before = loadKeys({}, dataDir);
    const file = path.join(keyFolder(dataDir), "kek");
    const next = newKeyText();
    prependKeyToFile(file, next);
    const during = loadKeys({}, dataDir);
    expect(during.keks.map((k) => k.id)).toEqual([during.keks[0]?.id, before.keks[0]?.id]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    keepKeysInFile(file, (line) => line === next);
    expect(loadKeys({}, dataDir).keks.map((k) => k.id)).toEqual([during.keks[0]?.id]);
  });
});
