import { authContext } from "../features/auth/auth-route.server.ts";
import { isIdempotencyKey } from "../features/partner-api/api-keys.rules.ts";
import {
  bodyHash,
  createPartnerReferral,
  parsePartnerReferral,
  partnerOrganisation,
} from "../features/partner-api/partner-referrals.server.ts";
import { partnerCall } from "../features/partner-api/partner-route.server.ts";
import { jsonResponse, problem, problemResponse } from "../features/partner-api/problem.ts";
import { loadLists } from "../features/registration/registration.queries.server.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { withDomainErrors } from "../lib/errors.ts";
import type { Route } from "./+types/api-referrals";

/** Largest accepted body: the form's longest texts fit many times over. */
const MAX_BODY_BYTES = 64 * 1024;

/** POST /api/v1/referrals: a partner system sends a referral (OpenAPI: /api/v1/openapi.json). */
export function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(() =>
    partnerCall(request, context, "referrals:write", async (auth, now) => {
      const { db, origin } = authContext(context);
      if (request.method !== "POST") return problemResponse(problem("badRequest", { detail: "Use POST." }));
      const key = request.headers.get("idempotency-key");
      if (!isIdempotencyKey(key))
        return problemResponse(
          problem("badRequest", {
            detail: "Send an Idempotency-Key header of 8 to 100 letters, digits or ._:- (a UUID fits).",
          }),
        );
      if (!(request.headers.get("content-type") ?? "").startsWith("application/json"))
        return problemResponse(problem("unsupportedMediaType"));
      const text = await request.text();
      if (Buffer.byteLength(text, "utf8") > MAX_BODY_BYTES)
        return problemResponse(problem("badRequest", { detail: "The body is larger than 64 KiB." }));
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return problemResponse(problem("badRequest", { detail: "The body is not valid JSON." }));
      }
      const organisation = await partnerOrganisation(db, auth);
      const parsed = parsePartnerReferral(
        body,
        { name: organisation.name, referrerType: organisation.referrer_type },
        await loadLists(db),
        todayInAmsterdam(now),
      );
      if (!parsed.ok) return problemResponse(problem("validation", { errors: parsed.errors }));
      const made = await createPartnerReferral(db, auth, {
        idempotencyKey: key,
        bodySha256: bodyHash(body),
        answers: parsed.answers,
        origin,
        now,
      });
      if (made.status === "conflict") return problemResponse(problem("idempotencyConflict"));
      const location = `/api/v1/referrals/${made.reference}`;
      return jsonResponse(
        { reference: made.reference, receivedAt: made.receivedAt.toISOString(), status: made.referralStatus },
        made.status === "created" ? 201 : 200,
        made.status === "created" ? { location } : { location, "idempotent-replayed": "true" },
      );
    }),
  );
}

/** Only POST here. */
export function loader() {
  return problemResponse(problem("badRequest", { detail: "Use POST to send a referral." }), { allow: "POST" });
}
