import { createHash, randomBytes } from "node:crypto";

/**
 * Random tokens for invitation and reset links and for session ids. The token goes to the user;
 * the database keeps only its SHA-256, so a leaked table cannot be used to sign in or reset.
 * 256 random bits make a slow hash unnecessary.
 */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

/** SHA-256 of the token, hex: the form stored and looked up. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Whether a value could be a token we issued: 43 base64url characters, the last of which holds
 * only the 4 remaining bits of the 32 bytes. Lets a handler refuse junk before any lookup.
 */
export function isTokenShaped(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/.test(value);
}
