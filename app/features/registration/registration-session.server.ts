import { readCookie, serializeCookie } from "../../lib/cookies.ts";

/**
 * The form instance this browser is filling in: a random id in a session cookie. The same id
 * is the idempotency key of the registration it becomes, so a resubmission after sending
 * (back button, double click, retry) finds that registration instead of making a new one.
 */
const DRAFT_COOKIE = "herstel_aanmelding";

/** The confirmation page shows the reference for this long after sending. */
export const CONFIRMATION_VISIBLE_MS = 60 * 60 * 1000;

export function draftIdFrom(request: Request): string | undefined {
  return readCookie(request.headers.get("cookie"), DRAFT_COOKIE);
}

export function setDraftCookie(id: string, secure: boolean): string {
  return serializeCookie(DRAFT_COOKIE, id, { secure, sameSite: "Lax" });
}

/** Removes the form's cookie from the browser (leaving the site, or the form ended). */
export function clearDraftCookie(secure: boolean): string {
  return serializeCookie(DRAFT_COOKIE, "", { secure, sameSite: "Lax", maxAgeSeconds: 0 });
}
