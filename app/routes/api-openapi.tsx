import { authContext } from "../features/auth/auth-route.server.ts";
import { openApiDocument } from "../features/partner-api/openapi.ts";
import { partnerFields } from "../features/partner-api/partner-referrals.server.ts";
import { loadLists } from "../features/registration/registration.queries.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import type { Route } from "./+types/api-openapi";

/** GET /api/v1/openapi.json: the OpenAPI 3.1 description of the partner API, public. */
export function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const { db, config } = authContext(context);
    const document = openApiDocument(partnerFields(), await loadLists(db), config.publicUrl.origin);
    return new Response(JSON.stringify(document, null, 2), {
      headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-cache" },
    });
  });
}
