import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeKey, keyId, newKeyText, newSecretText, parseKeyList, secretKeyOf } from "./key-material.ts";

describe("key material", () => {
  it("reads 256-bit keys in base64, base64url and hex, and nothing else", () => {
    const raw = Buffer.alloc(32, 0xfb);
    for (const text of [
      raw.toString("base64"),
      raw.toString("base64url"),
      raw.toString("hex"),
      ` ${raw.toString("base64")}\n`,
    ]) {
      expect(decodeKey(text)?.equals(raw)).toBe(true);
    }
    for (const bad of [
      "",
      "abc",
      Buffer.alloc(16).toString("base64"),
      Buffer.alloc(33).toString("base64"),
      "z".repeat(64),
    ]) {
      expect(decodeKey(bad)).toBeUndefined();
    }
    expect(decodeKey(newKeyText())).toHaveLength(32);
    expect(newSecretText().length).toBeGreaterThanOrEqual(32);
  });

  it("lists keys, the current one first, from commas or lines with comments", () => {
    const a = newKeyText();
    const b = newKeyText();
    const fromEnv = parseKeyList(`${a},${b}`, "kek", "KEK");
    const fromFile = parseKeyList(`# current first\n${a}\n\n${b}\n`, "kek", "KEK_FILE");
    expect(fromEnv.map((k) => k.id)).toEqual(fromFile.map((k) => k.id));
    expect(fromEnv[0]?.id).toBe(keyId("kek", decodeKey(a) as Buffer));
  });

  it("names a bad key by its position, never by its value", () => {
    expect(() => parseKeyList(`${newKeyText()},geheim-en-fout`, "kek", "KEK")).toThrow(
      /KEK: key 2 is not a 256-bit key/,
    );
    try {
      parseKeyList("geheim-en-fout", "audit", "AUDIT_KEY");
    } catch (error) {
      expect((error as Error).message).not.toContain("geheim");
    }
    expect(() => parseKeyList("# only a comment\n", "kek", "KEK")).toThrow(/holds no key/);
  });

  it("gives each key a short id that differs per purpose and does not reveal the key", () => {
    const key = Buffer.alloc(32, 3);
    expect(keyId("kek", key)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyId("kek", key)).not.toBe(keyId("audit", key));
    expect(key.toString("hex")).not.toContain(keyId("kek", key));
  });

  it("makes one KeyObject per key, which computes what the raw key computes", () => {
    const a = randomBytes(32);
    const b = Buffer.from(a);
    expect(secretKeyOf(a)).toBe(secretKeyOf(a));
    expect(secretKeyOf(b)).not.toBe(secretKeyOf(a));
    expect(secretKeyOf(a).export().equals(a)).toBe(true);
    const mac = (key: Parameters<typeof createHmac>[1]) => createHmac("sha256", key).update("x").digest("hex");
    expect(mac(secretKeyOf(a))).toBe(mac(a));
    expect(mac(secretKeyOf(randomBytes(32)))).not.toBe(mac(a));
  });
});
