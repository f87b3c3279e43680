import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * CSRF protection, two independent checks on every state-changing request:
 * 1. Where the request comes from: a foreign Origin, or Sec-Fetch-Site "cross-site"/"same-site",
 *    is refused. (Our Referrer-Policy is no-referrer, so browsers send `Origin: null` on our own
 *    form posts; Sec-Fetch-Site then tells same-origin from cross-site.)
 * 2. A token: the cookie holds a random id; forms carry HMAC(secret, id), masked with a fresh
 *    random pad on each page so that compressed responses do not leak it (BREACH).
 */
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";

export function csrfCookieName(secure: boolean): string {
  return secure ? "__Host-herstel_csrf" : "herstel_csrf";
}

export function newCsrfId(): string {
  return randomBytes(18).toString("base64url");
}

function expectedToken(secret: string, id: string): Buffer {
  return createHmac("sha256", secret).update(`csrf:${id}`).digest();
}

/** A masked token for a form: base64url(pad ‖ pad XOR hmac). Different on every call. */
export function maskedCsrfToken(secret: string, id: string): string {
  const raw = expectedToken(secret, id);
  const pad = randomBytes(raw.length);
  const masked = Buffer.alloc(raw.length);
  for (let i = 0; i < raw.length; i++) masked[i] = (raw[i] as number) ^ (pad[i] as number);
  return Buffer.concat([pad, masked]).toString("base64url");
}

export function verifyCsrfToken(secret: string, id: string | undefined, token: unknown): boolean {
  if (!id || typeof token !== "string" || token.length > 200) return false;
  const bytes = Buffer.from(token, "base64url");
  const expected = expectedToken(secret, id);
  if (bytes.length !== expected.length * 2) return false;
  const unmasked = Buffer.alloc(expected.length);
  for (let i = 0; i < expected.length; i++) {
    unmasked[i] = (bytes[i] as number) ^ (bytes[i + expected.length] as number);
  }
  return timingSafeEqual(unmasked, expected);
}

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

/** Checks where a state-changing request comes from; allowedOrigins are e.g. "https://herstel.example". */
export function checkRequestOrigin(headers: Headers, allowedOrigins: readonly string[]): OriginVerdict {
  const origin = headers.get("origin");
  const fetchSite = headers.get("sec-fetch-site");
  if (origin && origin !== "null") {
    return allowedOrigins.includes(origin) ? { ok: true } : { ok: false, reason: "foreign-origin" };
  }
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") {
    return { ok: false, reason: `sec-fetch-site-${fetchSite}` };
  }
  // No usable origin information (non-browser client): the token check alone decides.
  return { ok: true };
}

export const STATE_CHANGING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
