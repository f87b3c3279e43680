import { parseOptions } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import {
  checkPasswordPolicy,
  DUMMY_HASH,
  HASH_OPTIONS,
  hashPassword,
  PASSWORD_MAX,
  PASSWORD_MIN,
  passwordNeedsRehash,
  verifyAgainstDummy,
  verifyPassword,
} from "./password.server.ts";

/** Characters without a pattern, so that no slice of them is a common password. */
const RANDOMISH = "Zv8#qLm2-Rt7!Wn4pKx9@Bd3sHj6%Yc5&Nf1*Gh0=Tk8+Pw2?Ue4~";
const ofLength = (n: number) => RANDOMISH.repeat(Math.ceil(n / RANDOMISH.length)).slice(0, n);

describe("password policy: length", () => {
  it("accepts 12 and refuses 11 characters", () => {
    expect(PASSWORD_MIN).toBe(12);
    expect(checkPasswordPolicy(ofLength(12))).toEqual({ ok: true });
    expect(checkPasswordPolicy(ofLength(11))).toEqual({ ok: false, reason: "too_short" });
    expect(checkPasswordPolicy("")).toEqual({ ok: false, reason: "too_short" });
  });

  it("accepts 64 and 128 characters and refuses 129", () => {
    expect(PASSWORD_MAX).toBe(128);
    expect(checkPasswordPolicy(ofLength(64))).toEqual({ ok: true });
    expect(checkPasswordPolicy(ofLength(128))).toEqual({ ok: true });
    expect(checkPasswordPolicy(ofLength(129))).toEqual({ ok: false, reason: "too_long" });
  });

  it("counts code points after NFC, not UTF-16 units", () => {
    // Each fox is two UTF-16 units: 6 foxes are 12 units but 6 characters.
    expect(checkPasswordPolicy("🦊".repeat(6))).toEqual({ ok: false, reason: "too_short" });
    expect(checkPasswordPolicy("🦊".repeat(12))).toEqual({ ok: true });
    expect(checkPasswordPolicy("🦊".repeat(128))).toEqual({ ok: true });
    expect(checkPasswordPolicy("🦊".repeat(129))).toEqual({ ok: false, reason: "too_long" });
    // 'e' + combining acute is one 'é' after NFC: 11 of them are 11 characters.
    expect(checkPasswordPolicy("e\u0301".repeat(11))).toEqual({ ok: false, reason: "too_short" });
    expect(checkPasswordPolicy("e\u0301".repeat(12))).toEqual({ ok: true });
    expect(checkPasswordPolicy("ë".repeat(128))).toEqual({ ok: true });
  });
});

describe("password policy: common passwords", () => {
  it.each([
    "welkom123456",
    "herstel2026!!",
    "Herstel2026!",
    "herstelbemiddeling",
    "Slachtoffer2025",
    "wachtwoord1234",
    "password1234",
    "Password1234!",
    "iloveyou1234",
  ])("refuses %s (a listed or service word with decoration)", (password) => {
    expect(checkPasswordPolicy(password)).toEqual({ ok: false, reason: "common" });
  });

  it.each(["1qaz2wsx3edc", "qwerty123456", "123456789012", "administrator", "unbelievable", "LeaveMeAlone"])(
    "refuses %s (12+ characters, on the bundled list)",
    (password) => {
      expect(checkPasswordPolicy(password)).toEqual({ ok: false, reason: "common" });
    },
  );

  it("accepts a random passphrase", () => {
    expect(checkPasswordPolicy("paarse wolken boven de dijk")).toEqual({ ok: true });
    expect(checkPasswordPolicy("kwartel-regenjas-fietsbel-oktober")).toEqual({ ok: true });
  });
});

describe("password policy: personal data and characters", () => {
  const context = { email: "jan.devries@example.nl", name: "Fatima Yılmaz" };

  it("refuses the e-mail's local part, whole or in parts, and the name", () => {
    expect(checkPasswordPolicy("x-jan.devries-2026", context)).toEqual({ ok: false, reason: "contains_personal" });
    expect(checkPasswordPolicy("DeVries-zomer-2026", context)).toEqual({ ok: false, reason: "contains_personal" });
    expect(checkPasswordPolicy("fatima-kantoor-77", context)).toEqual({ ok: false, reason: "contains_personal" });
    expect(checkPasswordPolicy("FatimaYılmaz!!", context)).toEqual({ ok: false, reason: "contains_personal" });
    expect(checkPasswordPolicy("de tuin van fatima", context)).toEqual({ ok: false, reason: "contains_personal" });
  });

  it("ignores name parts shorter than 4 characters, and works without context", () => {
    expect(checkPasswordPolicy("janssen-tuinpad", { name: "Jan de Ruiter" })).toEqual({ ok: true });
    expect(checkPasswordPolicy("devries-zomer-2026")).toEqual({ ok: true });
    expect(checkPasswordPolicy("devries-zomer-2026", { email: "not-an-address" })).toEqual({ ok: true });
  });

  it("refuses control characters and damaged text", () => {
    expect(checkPasswordPolicy(`${ofLength(12)}\u0000`)).toEqual({ ok: false, reason: "invalid_characters" });
    expect(checkPasswordPolicy(`${ofLength(6)}\t${ofLength(6)}`)).toEqual({ ok: false, reason: "invalid_characters" });
    expect(checkPasswordPolicy(`${ofLength(12)}\n`)).toEqual({ ok: false, reason: "invalid_characters" });
    expect(checkPasswordPolicy(`${ofLength(12)}\u0085`)).toEqual({ ok: false, reason: "invalid_characters" });
    expect(checkPasswordPolicy(`${ofLength(12)}\uD800`)).toEqual({ ok: false, reason: "invalid_characters" });
    expect(checkPasswordPolicy(`${ofLength(12)} met spaties`)).toEqual({ ok: true });
  });
});

describe("password hashing", () => {
  it("hashes with argon2id at OWASP's minimum or above", async () => {
    const stored = await hashPassword(ofLength(20));
    expect(stored.startsWith("$argon2id$")).toBe(true);
    const used = parseOptions(stored);
    expect(used.memoryCost).toBeGreaterThanOrEqual(19456);
    expect(used.timeCost).toBeGreaterThanOrEqual(2);
    expect(used.parallelism).toBe(1);
    expect(passwordNeedsRehash(stored)).toBe(false);
  });

  it("verifies the right password, refuses a wrong one, and salts each hash", async () => {
    const password = "paarse wolken boven de dijk";
    const a = await hashPassword(password);
    const b = await hashPassword(password);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, password)).toBe(true);
    expect(await verifyPassword(b, password)).toBe(true);
    expect(await verifyPassword(a, "paarse wolken boven de dijk ")).toBe(false);
    expect(await verifyPassword(a, "Paarse wolken boven de dijk")).toBe(false);
  });

  it("treats composed and decomposed accents as the same password", async () => {
    const stored = await hashPassword("cr\u00e8me-br\u00fbl\u00e9e-taart");
    expect(await verifyPassword(stored, "cre\u0300me-bru\u0302le\u0301e-taart")).toBe(true);
  });

  it("answers false, never throws, for a malformed or foreign hash", async () => {
    for (const stored of [
      "",
      "nonsense",
      "$argon2id$",
      "$argon2id$v=19$m=19456,t=2,p=1$broken",
      "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
      "$argon2i$v=19$m=19456,t=2,p=1$u1lWb0n1x2Ujk4w6oUQfTw$qi+718Grunq0Mb4pgJrycekXfq3crmTUd+PQ/u7aXfI",
    ]) {
      await expect(verifyPassword(stored, "anything-at-all")).resolves.toBe(false);
    }
  });

  it("answers false for a password longer than any that can be stored", async () => {
    const stored = await hashPassword(ofLength(PASSWORD_MAX));
    expect(await verifyPassword(stored, ofLength(PASSWORD_MAX))).toBe(true);
    expect(await verifyPassword(stored, ofLength(PASSWORD_MAX + 1))).toBe(false);
  });

  it("asks for a rehash of weaker or unreadable hashes", () => {
    const weak = "$argon2id$v=19$m=4096,t=3,p=1$u1lWb0n1x2Ujk4w6oUQfTw$qi+718Grunq0Mb4pgJrycekXfq3crmTUd+PQ/u7aXfI";
    expect(passwordNeedsRehash(weak)).toBe(true);
    expect(passwordNeedsRehash("nonsense")).toBe(true);
  });
});

describe("dummy hash", () => {
  it("uses exactly today's settings, so checking it costs what a real check costs", () => {
    const used = parseOptions(DUMMY_HASH);
    expect(used.algorithm).toBe(HASH_OPTIONS.algorithm);
    expect(used.memoryCost).toBe(HASH_OPTIONS.memoryCost);
    expect(used.timeCost).toBe(HASH_OPTIONS.timeCost);
    expect(used.parallelism).toBe(HASH_OPTIONS.parallelism);
    expect(used.outputLen).toBe(32);
    expect(used.saltLen).toBe(16);
  });

  it("is a readable hash that no tried password matches", async () => {
    expect(await verifyAgainstDummy("")).toBe(false);
    expect(await verifyAgainstDummy("password1234")).toBe(false);
    expect(await verifyPassword(DUMMY_HASH, "paarse wolken boven de dijk")).toBe(false);
  });
});
