/** Partner API keys: their shape and scopes. Pure; no I/O. */
export const SCOPES = ["referrals:write", "referrals:read-status"] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: unknown): value is Scope {
  return typeof value === "string" && (SCOPES as readonly string[]).includes(value);
}

/**
 * A key reads `herstel_pk_<prefix>_<secret>`: the leading text says what it is (secret scanners
 * and people recognise it), the prefix finds the row, the secret is 32 random bytes.
 */
const KEY = /^herstel_pk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function formatKey(prefix: string, secret: string): string {
  return `herstel_pk_${prefix}_${secret}`;
}

export function parseKey(value: string): { prefix: string } | undefined {
  const match = KEY.exec(value);
  return match ? { prefix: match[1] as string } : undefined;
}

/** The bearer token of an Authorization header, or undefined. */
export function bearerToken(header: string | null): string | undefined {
  const match = /^Bearer ([^\s]+)$/.exec(header ?? "");
  return match?.[1];
}

/** Idempotency-Key: 8–100 characters, letters, digits and ._:- (a UUID fits). */
export function isIdempotencyKey(value: string | null): value is string {
  return value !== null && /^[A-Za-z0-9._:-]{8,100}$/.test(value);
}

/** JSON with object keys sorted, so that the same body hashes the same however it is spaced or ordered. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
