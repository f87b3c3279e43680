import { timingSafeEqual } from "node:crypto";
import { generateSecret, generateSync, generateURI } from "otplib";

/**
 * Time-based one-time passwords (RFC 6238) with the settings every authenticator app supports:
 * HMAC-SHA-1, 6 digits, 30-second steps. A code counts once (docs/security.md 7): the caller stores
 * the step of each accepted code and passes it back as `lastUsedStep`.
 */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either way covers a phone clock that is a little off and a code typed at the turn. */
const DRIFT_STEPS = 1;

export type TotpResult = { ok: true; step: number } | { ok: false; reason: "format" | "wrong" | "reused" };

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommendation) in base32. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpUri({
  secret,
  accountName,
  issuer = "Herstel",
}: {
  secret: string;
  accountName: string;
  issuer?: string;
}): string {
  return generateURI({ issuer, label: accountName, secret, algorithm: "sha1", digits: DIGITS, period: PERIOD_SECONDS });
}

/** The RFC 6238 time step that `now` falls in. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS);
}

function codeAtStep(secret: string, step: number): string {
  return generateSync({
    secret,
    epoch: step * PERIOD_SECONDS,
    algorithm: "sha1",
    digits: DIGITS,
    period: PERIOD_SECONDS,
  });
}

/** The code an authenticator app shows at `now`: for tests and for printing demo accounts. */
export function currentTotpCode(secret: string, now: Date = new Date()): string {
  return codeAtStep(secret, totpStep(now));
}

/**
 * Checks a code typed by the user against the steps around `now`. Spaces are ignored (apps show
 * '123 456'). A code of a step at or before `lastUsedStep` is refused as 'reused', also when it
 * is correct, so an observed or replayed code is worthless. On success, store `step`.
 */
export function verifyTotp({
  secret,
  code,
  now = new Date(),
  lastUsedStep,
}: {
  secret: string;
  code: string;
  now?: Date;
  lastUsedStep?: number | null;
}): TotpResult {
  const typed = code.replace(/\s+/g, "");
  if (!/^[0-9]{6}$/.test(typed)) return { ok: false, reason: "format" };
  const given = Buffer.from(typed);
  const current = totpStep(now);
  let fresh: number | undefined;
  let reused = false;
  // Every step in the window is compared, without stopping early, so the time taken does not
  // say which step (if any) matched.
  for (let step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
    if (!timingSafeEqual(Buffer.from(codeAtStep(secret, step)), given)) continue;
    if (lastUsedStep != null && step <= lastUsedStep) reused = true;
    else fresh = step;
  }
  if (fresh !== undefined) return { ok: true, step: fresh };
  return { ok: false, reason: reused ? "reused" : "wrong" };
}
