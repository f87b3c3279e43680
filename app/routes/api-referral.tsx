import { authContext } from "../features/auth/auth-route.server.ts";
import { readPartnerReferral } from "../features/partner-api/partner-referrals.server.ts";
import { partnerCall, withdrawCall } from "../features/partner-api/partner-route.server.ts";
import { jsonResponse, problem, problemResponse } from "../features/partner-api/problem.ts";
import { withDomainErrors } from "../lib/errors.ts";
import type { Route } from "./+types/api-referral";

/** GET /api/v1/referrals/{reference}: the status of one of the organisation's referrals. */
export function loader({ request, params, context }: Route.LoaderArgs) {
  return withDomainErrors(() =>
    partnerCall(request, context, "referrals:read-status", async (auth, now) => {
      const { db, origin } = authContext(context);
      if (!/^HB-\d{4}-\d{6}$/.test(params.reference)) return problemResponse(problem("notFound"));
      const found = await readPartnerReferral(db, auth, { reference: params.reference, origin, now });
      if (!found) return problemResponse(problem("notFound"));
      return jsonResponse({
        reference: found.reference,
        receivedAt: found.receivedAt.toISOString(),
        status: found.referralStatus,
      });
    }),
  );
}

/** DELETE /api/v1/referrals/{reference}: withdraws a referral sent by mistake. */
export function action({ request, params, context }: Route.ActionArgs) {
  return withDomainErrors(() => withdrawCall(request, context, params.reference, "DELETE"));
}
