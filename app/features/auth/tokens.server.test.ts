import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashToken, isTokenShaped, newToken } from "./tokens.server.ts";

describe("tokens", () => {
  it("makes 32 random bytes in base64url, with the SHA-256 hex of the token as hash", () => {
    const { token, hash } = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hashToken(token)).toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("never repeats a token, and every token it makes is token-shaped", () => {
    const tokens = Array.from({ length: 1000 }, () => newToken().token);
    expect(new Set(tokens).size).toBe(1000);
    for (const token of tokens) expect(isTokenShaped(token)).toBe(true);
  });

  it("refuses values that cannot be a token", () => {
    const { token } = newToken();
    for (const value of [
      undefined,
      null,
      42,
      "",
      token.slice(0, 42),
      `${token}A`,
      `${token.slice(0, 42)}B`,
      `${token.slice(0, 42)}=`,
      `${token.slice(0, 41)}+A`,
      `${token.slice(0, 41)}/A`,
      ` ${token.slice(1)}`,
      "A".repeat(43).replace(/A$/, "\n"),
    ]) {
      expect(isTokenShaped(value)).toBe(false);
    }
  });

  it("hashes different tokens differently", () => {
    expect(hashToken("a")).not.toBe(hashToken("b"));
  });
});
