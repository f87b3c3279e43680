import { type Kysely, sql } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";

type Db = Kysely<Database>;

export type RelatedRegistration = {
  id: number;
  reference: string;
  caseId: number | null;
  status: string;
  score: number;
  reasons: string[];
};

/**
 * Possible duplicates and related registrations for the intake desk: matched in the database on
 * names, birth date, e-mail, phone, incident date and place (both sides of one incident count),
 * returning references and what matched, never the other registration's personal data.
 */
export async function relatedRegistrations(
  db: Db,
  actor: Actor,
  registrationId: number,
): Promise<RelatedRegistration[]> {
  authorize(actor, "case.take-up");
  return withStaffActor(db, actor, async (trx) => {
    const { rows } = await sql<{
      id: number;
      reference: string;
      case_id: number | null;
      status: string;
      score: number;
      reasons: string[];
    }>`
      SELECT id, reference, case_id, status, score, reasons FROM related_registrations(${registrationId})
    `.execute(trx);
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      caseId: r.case_id,
      status: r.status,
      score: r.score,
      reasons: r.reasons,
    }));
  });
}

/** Links a waiting registration to an existing open case instead of making a new one. */
export async function linkToCase(
  db: Db,
  actor: Actor,
  input: { registrationId: number; caseId: number; origin: string; now: Date },
): Promise<boolean> {
  authorize(actor, "case.take-up");
  return withStaffActor(db, actor, async (trx) => {
    const { rows } = await sql<{
      linked: boolean;
    }>`SELECT link_registration(${input.registrationId}, ${input.caseId}, ${actor.userId}) AS linked`.execute(trx);
    const linked = rows[0]?.linked === true;
    await recordAudit(trx, {
      actorId: actor.userId,
      action: "registration.link",
      objectType: "registration",
      objectId: input.registrationId,
      result: linked ? "allowed" : "denied",
      origin: input.origin,
      at: input.now,
    });
    return linked;
  });
}
