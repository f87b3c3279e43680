import type { RouterContextProvider } from "react-router";
import { appContext } from "../../lib/app-context.ts";
import { readCookie, serializeCookie } from "../../lib/cookies.ts";
import type { RateLimit } from "../rate-limit/rate-limit.server.ts";
import { ANSWER_SESSION_MINUTES } from "./outcome.rules.ts";
import { answerCookieName, readAnswerSession, signAnswerSession, type Via } from "./outcome-answering.server.ts";

/**
 * Cookies of the public questionnaire pages. The link's token leaves the address at once: the
 * link page puts it in a short-lived cookie and redirects; it is redeemed (used up) only when the
 * person presses Start, a POST, so that a mail scanner opening the link does not use it.
 */
export const OUTCOME_CODE_LIMIT: RateLimit = { bucket: "outcome.code", limit: 20, windowSeconds: 600 };
const LINK_COOKIE_MINUTES = 30;

export function outcomeRouteContext(context: Readonly<RouterContextProvider>) {
  const { services, request } = context.get(appContext);
  return {
    db: services.database.get().db,
    secure: services.config.secureCookies,
    publicUrl: services.config.publicUrl,
    logger: request.logger,
  };
}

export function linkCookieName(secure: boolean): string {
  return secure ? "__Host-herstel_vragenlijst_link" : "herstel_vragenlijst_link";
}

export function linkCookie(secure: boolean, token: string): string {
  return serializeCookie(linkCookieName(secure), token, {
    secure,
    sameSite: "Lax",
    maxAgeSeconds: LINK_COOKIE_MINUTES * 60,
  });
}

export function clearLinkCookie(secure: boolean): string {
  return serializeCookie(linkCookieName(secure), "", { secure, sameSite: "Lax", maxAgeSeconds: 0 });
}

export function readLinkCookie(request: Request, secure: boolean): string | undefined {
  return readCookie(request.headers.get("cookie"), linkCookieName(secure)) || undefined;
}

export function answerCookie(secure: boolean, invitationId: number, via: Via, now: Date): string {
  return serializeCookie(answerCookieName(secure), signAnswerSession(invitationId, via, now), {
    secure,
    sameSite: "Lax",
    maxAgeSeconds: ANSWER_SESSION_MINUTES * 60,
  });
}

export function answerSessionOf(request: Request, secure: boolean, now: Date) {
  return readAnswerSession(readCookie(request.headers.get("cookie"), answerCookieName(secure)), now);
}
