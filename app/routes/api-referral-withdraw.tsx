import { withdrawCall } from "../features/partner-api/partner-route.server.ts";
import { problem, problemResponse } from "../features/partner-api/problem.ts";
import { withDomainErrors } from "../lib/errors.ts";
import type { Route } from "./+types/api-referral-withdraw";

/** GET is not a thing here: the API answers problem+json, not a page. */
export function loader() {
  return problemResponse(problem("badRequest", { detail: "Use POST." }));
}

/** POST /api/v1/referrals/{reference}/withdraw: the same as DELETE on the referral. */
export function action({ request, params, context }: Route.ActionArgs) {
  return withDomainErrors(() => withdrawCall(request, context, params.reference, "POST"));
}
