import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { requestedObjectId } from "../features/audit/audit.rules.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { cleanFileName, readUpload } from "../features/letters/uploads.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import type { Route } from "./+types/staff-case-file";

/**
 * An uploaded file of a case (a scanned letter, a video message), served only as a download and
 * only to those who may see the case (row-level security decides); every attempt is audited. The
 * browser is told never to show it in the page or guess its type.
 */
export async function loader({ params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    authorize(session.actor, "case.list");
    const number = (value: string) => (/^\d{1,15}$/.test(value) ? Number(value) : undefined);
    const caseId = number(params.id);
    const fileId = number(params.fileId);
    const file =
      caseId !== undefined && fileId !== undefined ? await readUpload(db, session.actor, caseId, fileId) : undefined;
    await recordAudit(db, {
      actorId: session.userId,
      action: "case.file.read",
      objectType: "case",
      objectId: requestedObjectId(params.id),
      result: file ? "allowed" : "denied",
      reason: file ? undefined : "not_found_or_out_of_scope",
      origin,
      at: new Date(),
    });
    if (!file) throw routeError(ErrorCode.NotFound);
    // Named by the stored type on the way out too (files stored before this rule included).
    const name = cleanFileName(file.file_name, file.media_type);
    const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
    return new Response(new Uint8Array(file.content), {
      headers: {
        "Content-Type": file.media_type,
        "Content-Length": String(file.size_bytes),
        "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "no-store",
      },
    });
  });
}
