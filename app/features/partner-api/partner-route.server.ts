import type { RouterContextProvider } from "react-router";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authContext } from "../auth/auth-route.server.ts";
import { hitRateLimit, type RateLimit, rateLimitKey } from "../rate-limit/rate-limit.server.ts";
import type { Scope } from "./api-keys.rules.ts";
import { authenticateApiKey, type PartnerAuth } from "./api-keys.server.ts";
import { problem, problemResponse } from "./problem.ts";

/** Calls per key per minute, and per client address before a key is known. */
export const PARTNER_KEY_LIMIT: RateLimit = { bucket: "partner.api.key", limit: 60, windowSeconds: 60 };
export const PARTNER_ORIGIN_LIMIT: RateLimit = { bucket: "partner.api.origin", limit: 120, windowSeconds: 60 };

/**
 * The frame of every partner call: rate limits, the key (from the Authorization header only;
 * cookies are never looked at, which is why these routes need no CSRF token), its scope; then
 * the call itself. Every refusal is audited.
 */
export async function partnerCall(
  request: Request,
  context: Readonly<RouterContextProvider>,
  scope: Scope,
  fn: (auth: PartnerAuth, now: Date) => Promise<Response>,
): Promise<Response> {
  const { db, origin, config } = authContext(context);
  const now = new Date();
  const byOrigin = await hitRateLimit(db, PARTNER_ORIGIN_LIMIT, rateLimitKey(config.appSecret, origin), now);
  if (!byOrigin.allowed)
    return problemResponse(problem("rateLimited"), { "retry-after": String(byOrigin.retryAfterSeconds) });
  const auth = await authenticateApiKey(db, { authorization: request.headers.get("authorization"), origin, now });
  if (!auth) return problemResponse(problem("unauthenticated"), { "www-authenticate": 'Bearer realm="herstel"' });
  const byKey = await hitRateLimit(db, PARTNER_KEY_LIMIT, `key:${auth.keyId}`, now);
  if (!byKey.allowed) {
    await recordAudit(db, {
      actorId: null,
      actorLabel: `partner-key:${auth.keyId}`,
      action: "partner.call",
      result: "denied",
      reason: "rate_limited",
      origin,
      at: now,
    });
    return problemResponse(problem("rateLimited"), { "retry-after": String(byKey.retryAfterSeconds) });
  }
  if (!auth.scopes.includes(scope)) {
    await recordAudit(db, {
      actorId: null,
      actorLabel: `partner-key:${auth.keyId}`,
      action: "partner.call",
      result: "denied",
      reason: "missing_scope",
      origin,
      at: now,
    });
    return problemResponse(problem("forbidden", { detail: `This call needs the scope ${scope}.` }));
  }
  return fn(auth, now);
}
