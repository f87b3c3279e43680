import { auditingRefusals } from "../features/audit/refusals.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { buildAccessExport } from "../features/privacy/access-export.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import type { Route } from "./+types/staff-case-access-export";

/**
 * The access export of one access request (GDPR art. 15): a zip with a printable HTML page and a
 * JSON file, served only as a download, only to the case's coordinators; refusals are audited.
 */
export async function loader({ params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const number = (value: string) => (/^\d{1,15}$/.test(value) ? Number(value) : undefined);
    const caseId = number(params.id);
    const requestId = number(params.requestId);
    if (caseId === undefined || requestId === undefined) throw routeError(ErrorCode.NotFound);
    const who = { actorId: session.userId, action: "privacy.export", objectType: "case", objectId: params.id, origin };
    const made = await auditingRefusals(db, who, () =>
      buildAccessExport(db, session.actor, { caseId, requestId, origin, now: new Date() }),
    );
    return new Response(made.bytes, {
      headers: {
        "Content-Type": "application/zip",
        "Content-Length": String(made.bytes.byteLength),
        "Content-Disposition": `attachment; filename="${made.fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "no-store",
      },
    });
  });
}
