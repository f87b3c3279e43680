import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { recordAudit } from "./audit.commands.server.ts";
import { requestedObjectId } from "./audit.rules.ts";

/** Why a write was refused, from what was thrown; undefined for anything that is not a refusal. */
export function refusalReason(error: unknown): "forbidden" | "not_found" | undefined {
  if (error instanceof DomainError) {
    if (error.code === ErrorCode.Forbidden) return "forbidden";
    if (error.code === ErrorCode.NotFound) return "not_found";
    return undefined;
  }
  // A route's `throw routeError(…)`: React Router's data() with a status.
  const status = (error as { init?: { status?: number } } | null)?.init?.status;
  return status === 403 ? "forbidden" : status === 404 ? "not_found" : undefined;
}

/**
 * Runs a write; when it is refused (not allowed, or not there for this person), records that in
 * the audit log on its own, outside the write's transaction, which rolled back with its record.
 * So an attempt on someone else's case leaves a trace (docs/security.md 19), then the refusal goes on.
 */
export async function auditingRefusals<T>(
  db: Kysely<Database>,
  entry: { actorId: number; action: string; objectType: string; objectId: string; origin: string },
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const reason = refusalReason(error);
    if (reason) {
      await recordAudit(db, {
        ...entry,
        objectId: requestedObjectId(entry.objectId),
        result: "denied",
        reason,
        at: new Date(),
      });
    }
    throw error;
  }
}
