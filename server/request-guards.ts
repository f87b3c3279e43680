import type { NextFunction, Request, Response } from "express";
import { loadSession, sessionCookieName } from "../app/features/auth/session.server.ts";
import { isTokenShaped } from "../app/features/auth/tokens.server.ts";
import type { AppServices } from "../app/lib/app-context.ts";
import type { Config } from "../app/lib/config.server.ts";
import { readCookie } from "../app/lib/cookies.ts";
import { renderStaticErrorPage } from "./static-error-page.ts";

/** Probes for orchestrators and load balancers answer over plain HTTP too. */
const PROBES = new Set(["/healthz", "/readyz"]);

/**
 * In production every request must have reached us over https (directly, or through a trusted
 * proxy that says so in X-Forwarded-Proto). A page asked for over http is sent to the https
 * address; anything else is refused, so that no form is ever posted in the clear.
 * ALLOW_PLAIN_HTTP=local-tls-proxy switches this off for a TLS proxy on the same host that does
 * not set X-Forwarded-Proto (start-up logs that it is off).
 */
export function requireHttps(config: Config) {
  const enforce = config.nodeEnv === "production" && !config.allowPlainHttp;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!enforce || req.secure || PROBES.has(req.path)) return next();
    res.set("Cache-Control", "no-store");
    if (req.method === "GET" || req.method === "HEAD") {
      res.redirect(308, new URL(req.originalUrl, config.publicUrl.origin).toString());
      return;
    }
    res
      .status(403)
      .type("html")
      .send(renderStaticErrorPage(res.locals.requestId, res.locals.nonce, "https"));
  };
}

/** Whether the request carries a live staff session with its second factor done. */
export async function hasStaffSession(services: AppServices, req: Request): Promise<boolean> {
  const handle = services.database.current();
  const token = readCookie(req.get("cookie") ?? null, sessionCookieName(services.config.secureCookies));
  if (!handle || !token || !isTokenShaped(token)) return false;
  const session = await loadSession(handle.db, token, new Date());
  return Boolean(session?.secondFactorAt);
}
