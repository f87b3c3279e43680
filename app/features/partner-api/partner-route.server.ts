import type { RouterContextProvider } from "react-router";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authContext } from "../auth/auth-route.server.ts";
import { hitRateLimit, type RateLimit, rateLimitKey } from "../rate-limit/rate-limit.server.ts";
import { withdrawPartnerReferral } from "../referrers/referral-withdrawal.server.ts";
import type { Scope } from "./api-keys.rules.ts";
import { authenticateApiKey, type PartnerAuth } from "./api-keys.server.ts";
import { jsonResponse, problem, problemResponse } from "./problem.ts";

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

/**
 * Withdrawing a referral sent by mistake (DELETE /api/v1/referrals/{reference} and
 * POST /api/v1/referrals/{reference}/withdraw): 200 with the withdrawal, 404 for a reference
 * that is not the organisation's, 409 once taken up or after 24 hours.
 */
export function withdrawCall(
  request: Request,
  context: Readonly<RouterContextProvider>,
  reference: string,
  method: "DELETE" | "POST",
): Promise<Response> {
  return partnerCall(request, context, "referrals:write", async (auth, now) => {
    if (request.method !== method) return problemResponse(problem("badRequest", { detail: `Use ${method}.` }));
    const { db, origin } = authContext(context);
    const outcome = await withdrawPartnerReferral(db, auth, { reference, origin, now });
    if (outcome === "withdrawn")
      return jsonResponse({ reference, status: "withdrawn", withdrawnAt: now.toISOString() });
    return problemResponse(problem(outcome === "not_found" ? "notFound" : "notWithdrawable"));
  });
}
