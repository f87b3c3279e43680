import { describe, expect, it } from "vitest";
import { bearerToken, canonicalJson, formatKey, isIdempotencyKey, parseKey } from "./api-keys.rules.ts";

describe("partner API key rules", () => {
  it("formats and parses keys, refusing anything else", () => {
    const key = formatKey("abcdefghij12", "A".repeat(43));
    expect(parseKey(key)).toEqual({ prefix: "abcdefghij12" });
    expect(parseKey(`${key}x`)).toBeUndefined();
    expect(parseKey("herstel_pk_short_x")).toBeUndefined();
  });

  it("reads a bearer token", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeUndefined();
    expect(bearerToken(null)).toBeUndefined();
  });

  it("checks idempotency keys", () => {
    expect(isIdempotencyKey("3f0c9a52-1f7e-4c1e-9a0e-6f4f3c9b2d11")).toBe(true);
    expect(isIdempotencyKey("short")).toBe(false);
    expect(isIdempotencyKey("with space 123")).toBe(false);
    expect(isIdempotencyKey(null)).toBe(false);
  });

  it("makes the same canonical JSON whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: "x" }] })).toBe(canonicalJson({ a: [{ c: "x", d: 2 }], b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});
