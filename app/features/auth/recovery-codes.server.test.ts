import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  hashRecoveryCode,
  matchRecoveryCode,
  newRecoveryCodes,
  normaliseRecoveryCode,
} from "./recovery-codes.server.ts";

const FORMAT = /^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/;

describe("new recovery codes", () => {
  it("gives ten codes by default, or the number asked for", () => {
    expect(newRecoveryCodes()).toHaveLength(10);
    expect(newRecoveryCodes(3)).toHaveLength(3);
  });

  it("writes codes as three groups of four, without look-alike letters", () => {
    for (const code of newRecoveryCodes(200)) {
      expect(code).toMatch(FORMAT);
      expect(code).not.toMatch(/[ilou]/);
    }
  });

  it("gives 1000 different codes over many sets, using the whole alphabet", () => {
    const all = Array.from({ length: 100 }, () => newRecoveryCodes(10)).flat();
    expect(new Set(all).size).toBe(1000);
    // 32 symbols in 12,000 draws: missing one by chance is practically impossible.
    expect(new Set(all.join("").replaceAll("-", "")).size).toBe(32);
  });

  it("keeps codes in their canonical form", () => {
    for (const code of newRecoveryCodes(50)) expect(normaliseRecoveryCode(code)).toBe(code.replaceAll("-", ""));
  });
});

describe("normalising a typed recovery code", () => {
  it.each([
    ["k7m2-q9xd-4fha", "k7m2q9xd4fha"],
    ["K7M2-Q9XD-4FHA", "k7m2q9xd4fha"],
    ["k7m2q9xd4fha", "k7m2q9xd4fha"],
    [" k7m2 q9xd 4fha ", "k7m2q9xd4fha"],
    ["k7m2\u2013q9xd\u20134fha", "k7m2q9xd4fha"],
    ["Ｋ７Ｍ２-Ｑ９ＸＤ-４ＦＨＡ", "k7m2q9xd4fha"],
    ["i0l1-oooo-ILO0", "101100001100"],
  ])("reads %j as %j", (input, expected) => {
    expect(normaliseRecoveryCode(input)).toBe(expected);
  });
});

describe("hashing and matching recovery codes", () => {
  it("hashes the canonical form with SHA-256 (hex)", () => {
    const expected = createHash("sha256").update("k7m2q9xd4fha").digest("hex");
    expect(hashRecoveryCode("k7m2-q9xd-4fha")).toBe(expected);
    expect(hashRecoveryCode("K7M2 Q9XD 4FHA")).toBe(expected);
    expect(hashRecoveryCode("k7m2-q9xd-4fhb")).not.toBe(expected);
  });

  it("finds the index of the typed code, however it was typed", () => {
    const codes = newRecoveryCodes();
    const hashes = codes.map(hashRecoveryCode);
    codes.forEach((code, index) => {
      expect(matchRecoveryCode(code, hashes)).toBe(index);
      expect(matchRecoveryCode(code.toUpperCase().replaceAll("-", " "), hashes)).toBe(index);
    });
  });

  it("answers -1 for another code, malformed input or an empty list", () => {
    const [code = "", other = ""] = newRecoveryCodes(2);
    const hashes = [hashRecoveryCode(code)];
    expect(matchRecoveryCode(other, hashes)).toBe(-1);
    expect(matchRecoveryCode("", hashes)).toBe(-1);
    expect(matchRecoveryCode(`${code}0`, hashes)).toBe(-1);
    expect(matchRecoveryCode(code.slice(0, -1), hashes)).toBe(-1);
    expect(matchRecoveryCode("uuuu-uuuu-uuuu", [hashRecoveryCode("uuuu-uuuu-uuuu")])).toBe(-1);
    expect(matchRecoveryCode(code, [])).toBe(-1);
  });

  it("skips blanked-out (used) and unreadable entries without throwing", () => {
    const [used = "", unused = ""] = newRecoveryCodes(2);
    const hashes = ["", "not-a-hash", hashRecoveryCode(unused)];
    expect(matchRecoveryCode(used, hashes)).toBe(-1);
    expect(matchRecoveryCode(unused, hashes)).toBe(2);
  });
});
