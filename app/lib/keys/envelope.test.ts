import { describe, expect, it } from "vitest";
import {
  MissingKekError,
  newDataKey,
  open,
  SealedDataError,
  seal,
  unwrapKey,
  wrapKey,
  wrappingKekId,
} from "./envelope.ts";
import { keyId } from "./key-material.ts";

const key = Buffer.alloc(32, 1);
const kekKey = Buffer.alloc(32, 2);
const kek = { id: keyId("kek", kekKey), key: kekKey };

describe("seal and open (AES-256-GCM)", () => {
  it("opens what it sealed, and the stored bytes do not contain the text", () => {
    const sealed = seal(key, "herstel:case_activity.summary:7", Buffer.from("Zij vertelde over die avond."));
    expect(Buffer.from(sealed).toString("utf8")).not.toContain("avond");
    expect(open(key, "herstel:case_activity.summary:7", sealed).toString("utf8")).toBe("Zij vertelde over die avond.");
  });

  it("gives a different ciphertext each time (random IV)", () => {
    const a = seal(key, "x", Buffer.from("zelfde"));
    const b = seal(key, "x", Buffer.from("zelfde"));
    expect(a.equals(b)).toBe(false);
  });

  it("refuses a value moved to another row or column, a changed byte, and another key", () => {
    const sealed = seal(key, "herstel:case_activity.summary:7", Buffer.from("notitie"));
    expect(() => open(key, "herstel:case_activity.summary:8", sealed)).toThrow(SealedDataError);
    expect(() => open(key, "herstel:case_message.body:7", sealed)).toThrow(SealedDataError);
    expect(() => open(Buffer.alloc(32, 9), "herstel:case_activity.summary:7", sealed)).toThrow(SealedDataError);
    for (const at of [0, 1, 14, sealed.length - 1]) {
      const changed = Buffer.from(sealed);
      changed[at] = (changed[at] as number) ^ 1;
      expect(() => open(key, "herstel:case_activity.summary:7", changed)).toThrow(SealedDataError);
    }
    expect(() => open(key, "x", Buffer.alloc(5))).toThrow(SealedDataError);
  });
});

describe("wrapping data keys with a key-encryption key", () => {
  it("unwraps with the KEK it names, and only for the row it was wrapped for", () => {
    const dataKey = newDataKey();
    const wrapped = wrapKey(kek, "data_key:5", dataKey);
    expect(wrapped).toHaveLength(69);
    expect(wrappingKekId(wrapped)).toBe(kek.id);
    const lookup = (id: string) => (id === kek.id ? kek.key : undefined);
    expect(unwrapKey(lookup, "data_key:5", wrapped).equals(dataKey)).toBe(true);
    expect(() => unwrapKey(lookup, "data_key:6", wrapped)).toThrow(SealedDataError);
  });

  it("says which key-encryption key is missing", () => {
    const wrapped = wrapKey(kek, "data_key:5", newDataKey());
    expect(() => unwrapKey(() => undefined, "data_key:5", wrapped)).toThrow(MissingKekError);
    expect(() => unwrapKey(() => undefined, "data_key:5", wrapped)).toThrow(kek.id);
  });
});
