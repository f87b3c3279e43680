import { readCookie, serializeCookie } from "../../lib/cookies.ts";
import { open, seal } from "../../lib/secret-box.server.ts";

/**
 * New recovery codes are shown once, on the page after set-up. Only their hashes are stored, so
 * the plain codes travel to that page in an encrypted, HttpOnly cookie that lives ten minutes
 * and is cleared when the page is shown.
 */
const COOKIE = "herstel_herstelcodes";

export function recoveryCodesCookie(codes: string[], appSecret: string, secure: boolean): string {
  return serializeCookie(COOKIE, seal(appSecret, "recovery-display", codes.join(",")), {
    secure,
    sameSite: "Strict",
    maxAgeSeconds: 600,
  });
}

export function readRecoveryCodes(request: Request, appSecret: string): string[] | undefined {
  const value = readCookie(request.headers.get("cookie"), COOKIE);
  const plain = value ? open(appSecret, "recovery-display", value) : undefined;
  return plain ? plain.split(",") : undefined;
}

export function clearRecoveryCodesCookie(secure: boolean): string {
  return serializeCookie(COOKIE, "", { secure, sameSite: "Strict", maxAgeSeconds: 0 });
}
