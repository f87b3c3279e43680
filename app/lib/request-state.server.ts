import { createContext, data, type MiddlewareFunction } from "react-router";
import { appContext } from "./app-context.ts";
import { readCookie, serializeCookie } from "./cookies.ts";
import {
  CSRF_FIELD,
  CSRF_HEADER,
  checkRequestOrigin,
  csrfCookieName,
  maskedCsrfToken,
  newCsrfId,
  STATE_CHANGING_METHODS,
  verifyCsrfToken,
} from "./csrf.server.ts";
import { ErrorCode, httpStatus } from "./errors.ts";
import { type Locale, localeFromCookieHeader } from "./i18n/i18n.ts";

export type RequestState = { locale: Locale; csrfToken: string };
export const requestStateContext = createContext<RequestState>();

/**
 * Root middleware for every page and data request: reads the language choice, makes sure the
 * browser has a CSRF cookie, and refuses state-changing requests that fail the CSRF checks.
 */
export const requestStateMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const { services, request: meta } = context.get(appContext);
  const { config } = services;
  const cookieName = csrfCookieName(config.secureCookies);
  const cookieHeader = request.headers.get("cookie");
  const existingId = readCookie(cookieHeader, cookieName);
  const csrfId = existingId && /^[A-Za-z0-9_-]{24}$/.test(existingId) ? existingId : undefined;

  // The partner API authenticates by an Authorization header only and never reads cookies, so a
  // forged cross-site request carries no credential there: it needs no CSRF token (ADR on the partner API).
  const partnerApi = new URL(request.url).pathname.startsWith("/api/v1/referrals");
  if (STATE_CHANGING_METHODS.has(request.method) && !partnerApi) {
    const origin = checkRequestOrigin(request.headers, allowedOrigins(config.publicUrl, request));
    const form = origin.ok ? await readForm(request) : undefined;
    // Every action reads a form: anything else (JSON, a broken multipart body) is bad input, not a 500.
    if (origin.ok && !form) throw data({ code: ErrorCode.BadRequest }, { status: httpStatus(ErrorCode.BadRequest) });
    const token = request.headers.get(CSRF_HEADER) ?? form?.get(CSRF_FIELD);
    if (!origin.ok || !verifyCsrfToken(config.appSecret, csrfId, token)) {
      meta.logger.warn({ reason: origin.ok ? "token" : origin.reason }, "csrf check failed");
      throw data({ code: ErrorCode.Csrf }, { status: httpStatus(ErrorCode.Csrf) });
    }
  }

  const id = csrfId ?? newCsrfId();
  context.set(requestStateContext, {
    locale: localeFromCookieHeader(cookieHeader),
    csrfToken: maskedCsrfToken(config.appSecret, id),
  });
  const response = await next();
  if (!csrfId) {
    response.headers.append(
      "Set-Cookie",
      serializeCookie(cookieName, id, { secure: config.secureCookies, sameSite: "Lax" }),
    );
  }
  return response;
};

function allowedOrigins(publicUrl: URL, request: Request): string[] {
  return [publicUrl.origin, new URL(request.url).origin];
}

/** The submitted form, read from a copy (the action still needs the body); undefined if it is none. */
async function readForm(request: Request): Promise<FormData | undefined> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    return undefined;
  }
  try {
    return await request.clone().formData();
  } catch {
    return undefined;
  }
}
