import type { Kysely, Transaction } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { dutchDay } from "../retention/retention.rules.ts";
import type { HOLD_REASONS } from "./privacy.schema.ts";

/*
 * Legal hold on a registration that never became a case (ADR 0020): a coordinator who sees the
 * registration puts it on hold with a reason and an end day, so the schedule ("not taken up",
 * 12 months) does not erase it; erase_registration refuses while the hold lasts. Row-level
 * security (migration 0034) lets only coordinators who see the registration place or lift one.
 */

type Db = Kysely<Database>;
type Base = { registrationId: number; origin: string; now: Date };

/** The registration, when the coordinator sees it and it is not part of a case. */
async function holdableRegistration(trx: Transaction<Database>, registrationId: number) {
  const found = await trx
    .selectFrom("registration as r")
    .select(["r.id", "r.reference", "r.status", "r.case_id"])
    .where("r.id", "=", registrationId)
    .executeTakeFirst();
  if (!found) throw new DomainError(ErrorCode.NotFound);
  return { ...found, holdable: found.case_id === null && (found.status === "received" || found.status === "closed") };
}

const audit = (actor: Actor, input: Base, action: string, reason?: string) => ({
  actorId: actor.userId,
  action,
  objectType: "registration",
  objectId: input.registrationId,
  result: "allowed" as const,
  reason,
  origin: input.origin,
  at: input.now,
});

/** The holds of a registration, and whether one can be placed (it never became a case). */
export async function registrationHolds(db: Db, actor: Actor, registrationId: number) {
  authorize(actor, "privacy.manage");
  return withStaffActor(db, actor, async (trx) => {
    const found = await holdableRegistration(trx, registrationId);
    const holds = await trx
      .selectFrom("legal_hold")
      .select(["id", "reason", "until", "placed_at", "lifted_at"])
      .where("registration_id", "=", registrationId)
      .orderBy("id")
      .execute();
    return { id: found.id, reference: found.reference, holdable: found.holdable, holds };
  });
}

export async function placeRegistrationHold(
  db: Db,
  actor: Actor,
  input: Base & { reason: (typeof HOLD_REASONS)[number]; until: string },
): Promise<{ ok: true } | { ok: false; problem: "past_date" | "not_holdable" }> {
  authorize(actor, "privacy.manage");
  if (input.until < dutchDay(input.now)) return { ok: false, problem: "past_date" };
  return withStaffActor(db, actor, async (trx) => {
    const found = await holdableRegistration(trx, input.registrationId);
    if (!found.holdable) return { ok: false, problem: "not_holdable" } as const;
    await trx
      .insertInto("legal_hold")
      .values({
        registration_id: found.id,
        reason: input.reason,
        until: input.until,
        placed_by: actor.userId,
        placed_at: input.now,
      })
      .execute();
    await recordAudit(trx, audit(actor, input, "registration.legal_hold_place", input.reason));
    return { ok: true } as const;
  });
}

export async function liftRegistrationHold(db: Db, actor: Actor, input: Base & { holdId: number }): Promise<void> {
  authorize(actor, "privacy.manage");
  await withStaffActor(db, actor, async (trx) => {
    await holdableRegistration(trx, input.registrationId);
    const lifted = await trx
      .updateTable("legal_hold")
      .set({ lifted_by: actor.userId, lifted_at: input.now })
      .where("id", "=", input.holdId)
      .where("registration_id", "=", input.registrationId)
      .where("lifted_at", "is", null)
      .executeTakeFirst();
    if (Number(lifted.numUpdatedRows) !== 1) throw new DomainError(ErrorCode.NotFound);
    await recordAudit(trx, audit(actor, input, "registration.legal_hold_lift"));
  });
}
