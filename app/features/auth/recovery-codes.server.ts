import { createHash, randomInt, timingSafeEqual } from "node:crypto";

/**
 * Recovery codes: single-use codes for when the authenticator is lost, written down or printed,
 * so they are short, lowercase and grouped, like 'k7m2-q9xd-4fha'.
 *
 * The alphabet is Crockford's base32 in lowercase: digits and letters without i, l, o and u.
 * Thirty-two symbols give 5 bits each, so 12 characters carry 60 bits. Because i, l and o are
 * never issued, a typed i or l can safely be read as 1 and an o as 0.
 */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const GROUPS = 3;
const GROUP_LENGTH = 4;
const CODE_LENGTH = GROUPS * GROUP_LENGTH;
const NORMALISED = new RegExp(`^[${ALPHABET}]{${CODE_LENGTH}}$`);

function newRecoveryCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) {
    if (i > 0 && i % GROUP_LENGTH === 0) code += "-";
    code += ALPHABET[randomInt(ALPHABET.length)];
  }
  return code;
}

/** A fresh set of codes to show once; store only their hashes. */
export function newRecoveryCodes(count = 10): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(newRecoveryCode());
  return [...codes];
}

/**
 * The canonical form of a typed code: lowercase, without spaces or dashes, with look-alike
 * letters read as the digits they resemble. Width variants (from some phone keyboards) are
 * folded by NFKC.
 */
export function normaliseRecoveryCode(input: string): string {
  return input
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\-\u2010-\u2015]+/gu, "")
    .replace(/[il]/g, "1")
    .replace(/o/g, "0");
}

/**
 * SHA-256 (hex) of the canonical form. A code carries 60 random bits, so a slow or salted hash
 * adds nothing a guesser could not already do online, where attempts are rate-limited.
 */
export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
}

/**
 * The index in `hashes` of the code the user typed, or -1. Pass only unused codes' hashes (or
 * blank out used ones: an empty string never matches). Every hash is compared in constant time.
 */
export function matchRecoveryCode(input: string, hashes: string[]): number {
  const normalised = normaliseRecoveryCode(input);
  if (!NORMALISED.test(normalised)) return -1;
  const given = Buffer.from(hashRecoveryCode(normalised), "hex");
  let found = -1;
  hashes.forEach((stored, index) => {
    const candidate = /^[0-9a-f]{64}$/.test(stored) ? Buffer.from(stored, "hex") : undefined;
    const equal = candidate ? timingSafeEqual(candidate, given) : false;
    if (equal && found === -1) found = index;
  });
  return found;
}
