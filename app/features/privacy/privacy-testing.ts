import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../auth/roles.ts";
import { reviewSealedNote, type SealedReviewReason, sealedReviewsForCase } from "./sealed-review.server.ts";

/** The assigned mediator reviews every sealed note of their case in an access request's scope. */
export async function reviewSealedNotes(
  db: Kysely<Database>,
  marked: { caseId: number; mediator: Actor },
  requestId: number,
  reason: SealedReviewReason,
): Promise<number> {
  const reviews = await sealedReviewsForCase(db, marked.mediator, marked.caseId);
  const notes = reviews.find((r) => r.requestId === requestId)?.notes ?? [];
  for (const note of notes) {
    await reviewSealedNote(db, marked.mediator, {
      caseId: marked.caseId,
      requestId,
      activityId: note.activityId,
      reason,
      origin: "t",
      now: new Date("2026-11-25T11:00:00Z"),
    });
  }
  return notes.length;
}
