import { type Algorithm, hash, parseOptions, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * Password policy and storage (docs/security.md 8): at least 12 characters, long passphrases
 * welcome, no composition rules, a check against a bundled list of common passwords, argon2id.
 */
export const PASSWORD_MIN = 12;
/** Far above what anyone types; the cap keeps a huge input from costing hashing time. */
export const PASSWORD_MAX = 128;

export type PasswordProblem = "too_short" | "too_long" | "common" | "contains_personal" | "invalid_characters";
export type PasswordPolicyResult = { ok: true } | { ok: false; reason: PasswordProblem };

/** Words people pick for this service; they are as guessable as anything on the common list. */
const SERVICE_WORDS = [
  "herstel",
  "herstelbemiddeling",
  "bemiddeling",
  "mediation",
  "slachtoffer",
  "wachtwoord",
  "welkom",
];

/** Shorter names (Jan, Eva) would refuse too many unrelated passwords to be useful. */
const PERSONAL_MIN = 4;

let commonPasswords: Set<string> | undefined;

/** Built on first use: about 49,000 entries, not worth building for processes that never check. */
function common(): Set<string> {
  commonPasswords ??= new Set([...dictionary["passwords-common"].map((p) => p.toLowerCase()), ...SERVICE_WORDS]);
  return commonPasswords;
}

/** Code points, not UTF-16 units: an emoji or an accented letter is one character to the user. */
function codePoints(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/**
 * Control characters cannot be typed on purpose and break display and copying; a lone surrogate
 * means the text was damaged on the way.
 */
function hasInvalidCharacters(value: string): boolean {
  return !value.isWellFormed() || /\p{Cc}/u.test(value);
}

/** 'Welkom2026!!' is 'welkom' with the decoration people add to satisfy composition rules. */
function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  const stripped = lower.replace(/[\p{N}\p{P}\p{S}\s]+$/u, "");
  const list = common();
  return list.has(lower) || (stripped !== "" && list.has(stripped));
}

/** The e-mail's local part and the name, whole and per part (first name, surname), lowercased. */
function personalWords(context: { email?: string; name?: string }): string[] {
  const words: string[] = [];
  const add = (value: string) => {
    const lower = value.normalize("NFC").toLowerCase();
    const compact = lower.replace(/[^\p{L}\p{N}]+/gu, "");
    for (const word of [lower, compact, ...lower.split(/[^\p{L}\p{N}]+/u)]) {
      if (codePoints(word) >= PERSONAL_MIN) words.push(word);
    }
  };
  const at = context.email?.lastIndexOf("@") ?? -1;
  if (context.email && at > 0) add(context.email.slice(0, at));
  if (context.name) add(context.name);
  return words;
}

function containsPersonal(password: string, context: { email?: string; name?: string }): boolean {
  const lower = password.toLowerCase();
  const compact = lower.replace(/[^\p{L}\p{N}]+/gu, "");
  return personalWords(context).some((word) => lower.includes(word) || compact.includes(word));
}

/** Checks a new password. `context` holds the account's e-mail and name, which must not be in it. */
export function checkPasswordPolicy(
  password: string,
  context: { email?: string; name?: string } = {},
): PasswordPolicyResult {
  const value = password.normalize("NFC");
  if (hasInvalidCharacters(value)) return { ok: false, reason: "invalid_characters" };
  const length = codePoints(value);
  if (length < PASSWORD_MIN) return { ok: false, reason: "too_short" };
  if (length > PASSWORD_MAX) return { ok: false, reason: "too_long" };
  if (isCommon(value)) return { ok: false, reason: "common" };
  if (containsPersonal(value, context)) return { ok: false, reason: "contains_personal" };
  return { ok: true };
}

/**
 * OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane): about 15 ms per hash here, so a
 * login stays quick while each guess costs an attacker memory as well as time.
 */
export const HASH_OPTIONS = {
  // The package declares Algorithm as a const enum that is empty at run time: use its value.
  algorithm: 2 as Algorithm,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * Hashes a password for storage. NFC first, so that 'é' typed as one or as two code points
 * (which differs between keyboards and operating systems) gives the same password.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize("NFC"), HASH_OPTIONS);
}

/** True when the password matches; false for a wrong password and for a damaged or foreign hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  const value = password.normalize("NFC");
  // No stored password can be longer: refusing early keeps a huge input from costing work.
  if (codePoints(value) > PASSWORD_MAX || !storedHash.startsWith("$argon2id$")) return false;
  try {
    return await verify(storedHash, value);
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with weaker settings than today's, so that it is redone at login. */
export function passwordNeedsRehash(storedHash: string): boolean {
  try {
    const used = parseOptions(storedHash);
    return (
      used.algorithm !== HASH_OPTIONS.algorithm ||
      used.memoryCost < HASH_OPTIONS.memoryCost ||
      used.timeCost < HASH_OPTIONS.timeCost
    );
  } catch {
    return true;
  }
}

/**
 * A hash of a random password nobody knows, made with HASH_OPTIONS (a test checks that they
 * stay equal). Verifying against it when the e-mail is unknown makes that login cost the same
 * time as one for an existing account, so timing does not reveal which addresses have one.
 */
export const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$u1lWb0n1x2Ujk4w6oUQfTw$qi+718Grunq0Mb4pgJrycekXfq3crmTUd+PQ/u7aXfI";

/** Does the work of a real check and always answers false. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(DUMMY_HASH, password);
  return false;
}
