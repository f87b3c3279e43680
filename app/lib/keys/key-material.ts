import { createHash, createSecretKey, type KeyObject, randomBytes } from "node:crypto";

/**
 * Keys as text: how they are written in environment variables and key files, and the short id
 * each one is known by in stored data (never the key itself). Pure; no I/O.
 */
export type KeyEntry = { id: string; key: Buffer };

const keyObjects = new WeakMap<Buffer, KeyObject>();

/**
 * The key as node:crypto's KeyObject, made once per key. Given a Buffer, every cipher and HMAC
 * first finds out whether it is a KeyObject by catching an exception: about 15 µs each time,
 * against 2–4 µs for the whole HMAC or decryption with a KeyObject (measured 2026-12-02).
 */
export function secretKeyOf(key: Buffer): KeyObject {
  let found = keyObjects.get(key);
  if (!found) {
    found = createSecretKey(key);
    keyObjects.set(key, found);
  }
  return found;
}

/** Every key-encryption key and audit key is 256 bits. */
export const KEY_BYTES = 32;

/**
 * The id stored next to what a key protects (a wrapped data key, an audit record), so that the
 * right key is found after a rotation. A truncated hash: it names the key without revealing it.
 */
export function keyId(purpose: "kek" | "audit", key: Buffer): string {
  return createHash("sha256").update(`herstel-key-id:${purpose}:`).update(key).digest("hex").slice(0, 16);
}

/** A new random key, written as base64 (what `openssl rand -base64 32` prints). */
export function newKeyText(): string {
  return randomBytes(KEY_BYTES).toString("base64");
}

/** A new random APP_SECRET: 48 random bytes as base64url, well over the 32 characters required. */
export function newSecretText(): string {
  return randomBytes(48).toString("base64url");
}

/** One key written as base64, base64url or hex; undefined when it is not 256 bits. */
export function decodeKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, "hex");
  if (!/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(t)) return undefined;
  const key = Buffer.from(t.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return key.length === KEY_BYTES ? key : undefined;
}

/**
 * A list of keys, the current one first, then older ones still needed to read what they
 * protected: separated by commas (environment) or lines (key files). Lines starting with # are
 * comments. Throws a readable message naming the position of a bad key, never its value.
 */
export function parseKeyList(text: string, purpose: "kek" | "audit", what: string): KeyEntry[] {
  const items = text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  if (items.length === 0) throw new Error(`${what} holds no key`);
  return items.map((item, index) => {
    const key = decodeKey(item);
    if (!key) {
      throw new Error(
        `${what}: key ${index + 1} is not a 256-bit key in base64 or hex (make one with \`openssl rand -base64 32\`)`,
      );
    }
    return { id: keyId(purpose, key), key };
  });
}
