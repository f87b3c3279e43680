import { describe, expect, it } from "vitest";
import { currentTotpCode, newTotpSecret, totpStep, totpUri, verifyTotp } from "./totp.server.ts";

/** RFC 6238 appendix B: the SHA-1 seed is the ASCII text '12345678901234567890'. */
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const at = (seconds: number) => new Date(seconds * 1000);

function base32Bytes(value: string): number {
  return Math.floor((value.replace(/=+$/, "").length * 5) / 8);
}

describe("TOTP secrets and URIs", () => {
  it("encodes the RFC seed as the base32 used here", () => {
    const bytes = Buffer.from("12345678901234567890", "ascii");
    expect(bytes.length).toBe(20);
    expect(base32Bytes(RFC_SECRET)).toBe(20);
  });

  it("makes base32 secrets of 160 bits, different each time", () => {
    const a = newTotpSecret();
    const b = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Bytes(a)).toBe(20);
    expect(a).not.toBe(b);
  });

  it("builds an otpauth:// URI with issuer, account and secret", () => {
    const uri = new URL(totpUri({ secret: RFC_SECRET, accountName: "mediator@herstel.example", issuer: "Herstel" }));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Herstel:mediator@herstel.example");
    expect(uri.searchParams.get("secret")).toBe(RFC_SECRET);
    expect(uri.searchParams.get("issuer")).toBe("Herstel");
    // Defaults (SHA-1, 6 digits, 30 s) may be left out; if present they must be these.
    expect(uri.searchParams.get("algorithm") ?? "SHA1").toBe("SHA1");
    expect(uri.searchParams.get("digits") ?? "6").toBe("6");
    expect(uri.searchParams.get("period") ?? "30").toBe("30");
  });

  it("uses Herstel as the issuer by default", () => {
    const uri = new URL(totpUri({ secret: RFC_SECRET, accountName: "a@b.example" }));
    expect(uri.searchParams.get("issuer")).toBe("Herstel");
  });
});

describe("TOTP codes", () => {
  // RFC 6238 appendix B, SHA-1 column; the 6-digit code is the last six of the 8-digit one.
  it.each([
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ])("gives the RFC 6238 code at T=%i", (seconds, eightDigits) => {
    expect(currentTotpCode(RFC_SECRET, at(seconds))).toBe(eightDigits.slice(2));
    const result = verifyTotp({ secret: RFC_SECRET, code: eightDigits.slice(2), now: at(seconds) });
    expect(result).toEqual({ ok: true, step: Math.floor(seconds / 30) });
  });

  it("accepts 287082 at T=59 as step 1", () => {
    expect(verifyTotp({ secret: RFC_SECRET, code: "287082", now: at(59) })).toEqual({ ok: true, step: 1 });
  });
});

describe("verifying TOTP codes", () => {
  const secret = newTotpSecret();
  const now = at(1_800_000_015);
  const step = totpStep(now);
  const codeAt = (offset: number) => currentTotpCode(secret, at((step + offset) * 30));

  it("accepts one step of clock drift either way and refuses two", () => {
    expect(verifyTotp({ secret, code: codeAt(0), now })).toEqual({ ok: true, step });
    expect(verifyTotp({ secret, code: codeAt(-1), now })).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp({ secret, code: codeAt(1), now })).toEqual({ ok: true, step: step + 1 });
    // A 6-digit code can collide with a neighbouring step's by chance (1 in a million).
    if (![codeAt(-1), codeAt(0), codeAt(1)].includes(codeAt(-2))) {
      expect(verifyTotp({ secret, code: codeAt(-2), now })).toEqual({ ok: false, reason: "wrong" });
    }
    if (![codeAt(-1), codeAt(0), codeAt(1)].includes(codeAt(2))) {
      expect(verifyTotp({ secret, code: codeAt(2), now })).toEqual({ ok: false, reason: "wrong" });
    }
  });

  it("accepts a code once: passing back its step refuses it as reused", () => {
    const first = verifyTotp({ secret, code: codeAt(0), now, lastUsedStep: null });
    expect(first).toEqual({ ok: true, step });
    if (!first.ok) return;
    expect(verifyTotp({ secret, code: codeAt(0), now, lastUsedStep: first.step })).toEqual({
      ok: false,
      reason: "reused",
    });
    // An older code still inside the window is refused too, once a newer one was used.
    expect(verifyTotp({ secret, code: codeAt(-1), now, lastUsedStep: first.step })).toEqual({
      ok: false,
      reason: "reused",
    });
    // The next code is fine.
    expect(verifyTotp({ secret, code: codeAt(1), now, lastUsedStep: first.step })).toEqual({
      ok: true,
      step: step + 1,
    });
  });

  it("refuses a wrong code as wrong, also when a step was used before", () => {
    const wrong = String((Number(codeAt(0)) + 1) % 1_000_000).padStart(6, "0");
    const window = [codeAt(-1), codeAt(0), codeAt(1)];
    if (window.includes(wrong)) return;
    expect(verifyTotp({ secret, code: wrong, now })).toEqual({ ok: false, reason: "wrong" });
    expect(verifyTotp({ secret, code: wrong, now, lastUsedStep: step })).toEqual({ ok: false, reason: "wrong" });
  });

  it("ignores spaces in the typed code", () => {
    const code = codeAt(0);
    const spaced = ` ${code.slice(0, 3)} ${code.slice(3)} `;
    expect(verifyTotp({ secret, code: spaced, now })).toEqual({ ok: true, step });
  });

  it.each(["", "12345", "1234567", "12345a", "12-34-56", "１２３４５６", "١٢٣٤٥٦", "123456\u0000"])(
    "refuses %j as the wrong format",
    (code) => {
      expect(verifyTotp({ secret, code, now })).toEqual({ ok: false, reason: "format" });
    },
  );
});
