import { describe, expect, it } from "vitest";
import { checkRequestOrigin, maskedCsrfToken, newCsrfId, verifyCsrfToken } from "./csrf.server.ts";

const secret = "a".repeat(40);
const allowed = ["https://herstel.example"];

describe("CSRF token", () => {
  it("verifies a token made for the same cookie id", () => {
    const id = newCsrfId();
    expect(verifyCsrfToken(secret, id, maskedCsrfToken(secret, id))).toBe(true);
  });

  it("is masked differently on every page, so compression cannot reveal it", () => {
    const id = newCsrfId();
    const a = maskedCsrfToken(secret, id);
    const b = maskedCsrfToken(secret, id);
    expect(a).not.toBe(b);
    expect(verifyCsrfToken(secret, id, b)).toBe(true);
  });

  it("refuses another id, another secret, a missing or malformed token", () => {
    const id = newCsrfId();
    const token = maskedCsrfToken(secret, id);
    expect(verifyCsrfToken(secret, newCsrfId(), token)).toBe(false);
    expect(verifyCsrfToken("b".repeat(40), id, token)).toBe(false);
    expect(verifyCsrfToken(secret, undefined, token)).toBe(false);
    expect(verifyCsrfToken(secret, id, undefined)).toBe(false);
    expect(verifyCsrfToken(secret, id, "")).toBe(false);
    expect(verifyCsrfToken(secret, id, "not base64 !!")).toBe(false);
    expect(verifyCsrfToken(secret, id, token.slice(0, -2))).toBe(false);
    expect(verifyCsrfToken(secret, id, "x".repeat(5000))).toBe(false);
  });
});

describe("request origin check", () => {
  const h = (init: Record<string, string>) => new Headers(init);

  it("accepts our own origin", () => {
    expect(checkRequestOrigin(h({ origin: "https://herstel.example" }), allowed).ok).toBe(true);
  });

  it("refuses a foreign origin", () => {
    expect(checkRequestOrigin(h({ origin: "https://evil.example" }), allowed)).toEqual({
      ok: false,
      reason: "foreign-origin",
    });
  });

  it("with Origin: null (our no-referrer policy) decides by Sec-Fetch-Site", () => {
    expect(checkRequestOrigin(h({ origin: "null", "sec-fetch-site": "same-origin" }), allowed).ok).toBe(true);
    expect(checkRequestOrigin(h({ origin: "null", "sec-fetch-site": "cross-site" }), allowed).ok).toBe(false);
    expect(checkRequestOrigin(h({ origin: "null", "sec-fetch-site": "same-site" }), allowed).ok).toBe(false);
  });

  it("leaves clients without origin information to the token check", () => {
    expect(checkRequestOrigin(h({}), allowed).ok).toBe(true);
  });
});
