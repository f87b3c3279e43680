import { type Kysely, sql } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { caseBox } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { sealedNotesInScope } from "./access-export-scope.server.ts";
import { SEALED_REVIEW_REASONS } from "./privacy.schema.ts";

/*
 * Sealed notes before an access export (ADR 0020): only the case's assigned mediator can read
 * them, so they review each note in an export's scope and include it or leave it out, with a
 * reason code. An export whose scope holds an unreviewed sealed note waits ("awaiting review").
 * Every review is audited; the content of a note leaves the database only for the mediator (to
 * review) and, once included, in the export.
 */

type Db = Kysely<Database>;

export { SEALED_REVIEW_REASONS };
export type SealedReviewReason = (typeof SEALED_REVIEW_REASONS)[number];

/** The access requests whose scope holds sealed notes of this case, with those notes opened. */
export async function sealedReviewsForCase(db: Db, actor: Actor, caseId: number) {
  authorize(actor, "privacy.sealed-review");
  return withStaffActor(db, actor, async (trx) => {
    const visible = await trx.selectFrom("mediation_case").select("id").where("id", "=", caseId).executeTakeFirst();
    if (!visible) throw new DomainError(ErrorCode.NotFound);
    const { rows } = await sql<{
      request_id: number | string;
      received_on: string;
      due_on: string;
      party_role: string;
    }>`SELECT * FROM access_export_reviews_for_case(${caseId})`.execute(trx);
    if (rows.length === 0) return [];
    const box = await caseBox(trx, caseId);
    const out = [];
    for (const r of rows) {
      const notes = (await sealedNotesInScope(trx, Number(r.request_id))).filter((n) => n.caseId === caseId);
      if (notes.length === 0) continue;
      out.push({
        requestId: Number(r.request_id),
        receivedOn: r.received_on,
        dueOn: r.due_on,
        partyRole: r.party_role,
        notes: notes.map((n) => ({
          ...n,
          summary: box.openOptionalText("case_activity.summary", n.activityId, n.summary),
        })),
      });
    }
    return out;
  });
}

/** The assigned mediator includes a sealed note in an export, or leaves it out, with a reason. */
export async function reviewSealedNote(
  db: Db,
  actor: Actor,
  input: {
    caseId: number;
    requestId: number;
    activityId: number;
    reason: SealedReviewReason;
    origin: string;
    now: Date;
  },
): Promise<void> {
  authorize(actor, "privacy.sealed-review");
  await withStaffActor(db, actor, async (trx) => {
    const inScope = (await sealedNotesInScope(trx, input.requestId)).some(
      (n) => n.activityId === input.activityId && n.caseId === input.caseId && n.summary !== null,
    );
    if (!inScope) throw new DomainError(ErrorCode.NotFound);
    const include = input.reason === "about_the_person";
    await trx
      .insertInto("access_export_sealed_review")
      .values({
        request_id: input.requestId,
        activity_id: input.activityId,
        case_id: input.caseId,
        include,
        reason: input.reason,
        reviewed_by: actor.userId,
        reviewed_at: input.now,
      })
      .onConflict((oc) =>
        oc.columns(["request_id", "activity_id"]).doUpdateSet({
          include,
          reason: input.reason,
          reviewed_by: actor.userId,
          reviewed_at: input.now,
        }),
      )
      .execute();
    await recordAudit(trx, {
      actorId: actor.userId,
      action: "privacy.sealed_review",
      objectType: "case.note",
      objectId: input.activityId,
      result: "allowed",
      reason: include ? "include" : input.reason,
      origin: input.origin,
      at: input.now,
    });
  });
}
