import type { Kysely, Transaction } from "kysely";
import { withStaffActor, withSystemTask } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { keyRing } from "../../lib/keys/key-ring.server.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { addMonths, dutchDay } from "../retention/retention.rules.ts";
import { eraseCaseIn, isLegalHoldError } from "../retention/retention.server.ts";
import type { HOLD_REASONS, PARTY_ROLES, REQUEST_KINDS } from "./privacy.schema.ts";

/*
 * Legal holds and the requests of the people in a file (ADR 0020). Each command: authorise, one
 * transaction as the coordinator (row-level security decides which cases), the change, and its
 * audit record. A request is decided by a coordinator other than the one who recorded it; an
 * approved erasure runs at once, an approved restriction freezes the file until it is lifted.
 */

type Db = Kysely<Database>;
type Base = { caseId: number; origin: string; now: Date };

async function visibleCase(trx: Transaction<Database>, caseId: number) {
  const found = await trx
    .selectFrom("mediation_case")
    .select(["id", "reference", "region_id"])
    .where("id", "=", caseId)
    .executeTakeFirst();
  if (!found) throw new DomainError(ErrorCode.NotFound);
  return found;
}

function audit(actor: Actor, input: Base, action: string, reason?: string) {
  return {
    actorId: actor.userId,
    action,
    objectType: "case",
    objectId: input.caseId,
    result: "allowed" as const,
    reason,
    origin: input.origin,
    at: input.now,
  };
}

export type HoldResult = { ok: true } | { ok: false; problem: "past_date" };

/** Puts a case on legal hold until a day (today or later). */
export async function placeLegalHold(
  db: Db,
  actor: Actor,
  input: Base & { reason: (typeof HOLD_REASONS)[number]; until: string },
): Promise<HoldResult> {
  authorize(actor, "privacy.manage");
  if (input.until < dutchDay(input.now)) return { ok: false, problem: "past_date" };
  return withStaffActor(db, actor, async (trx) => {
    await visibleCase(trx, input.caseId);
    await trx
      .insertInto("legal_hold")
      .values({
        case_id: input.caseId,
        reason: input.reason,
        until: input.until,
        placed_by: actor.userId,
        placed_at: input.now,
      })
      .execute();
    await recordAudit(trx, audit(actor, input, "case.legal_hold_place", input.reason));
    return { ok: true } as const;
  });
}

/** Lifts a hold: the case follows the schedule again. */
export async function liftLegalHold(db: Db, actor: Actor, input: Base & { holdId: number }): Promise<void> {
  authorize(actor, "privacy.manage");
  await withStaffActor(db, actor, async (trx) => {
    await visibleCase(trx, input.caseId);
    const lifted = await trx
      .updateTable("legal_hold")
      .set({ lifted_by: actor.userId, lifted_at: input.now })
      .where("id", "=", input.holdId)
      .where("case_id", "=", input.caseId)
      .where("lifted_at", "is", null)
      .executeTakeFirst();
    if (Number(lifted.numUpdatedRows) !== 1) throw new DomainError(ErrorCode.NotFound);
    await recordAudit(trx, audit(actor, input, "case.legal_hold_lift"));
  });
}

/**
 * Someone around a party of this case (case_person), for a request they make; a person of another
 * case, or around the other party, is not there.
 */
async function personAround(
  trx: Transaction<Database>,
  caseId: number,
  partyRole: (typeof PARTY_ROLES)[number],
  personId: number,
) {
  const found = await trx
    .selectFrom("case_person as p")
    .innerJoin("case_party as party", "party.id", "p.party_id")
    .select("p.id")
    .where("p.id", "=", personId)
    .where("p.case_id", "=", caseId)
    .where("party.case_id", "=", caseId)
    .where("party.role", "=", partyRole)
    .executeTakeFirst();
  if (!found) throw new DomainError(ErrorCode.NotFound);
  return found.id;
}

/**
 * Records a request of a person in the file (a party, or with personId someone around that party);
 * it is due one month after it came in.
 */
export async function recordPrivacyRequest(
  db: Db,
  actor: Actor,
  input: Base & {
    kind: (typeof REQUEST_KINDS)[number];
    partyRole: (typeof PARTY_ROLES)[number];
    personId?: number | undefined;
    receivedOn: string;
  },
): Promise<{ ok: true; requestId: number } | { ok: false; problem: "future_date" }> {
  authorize(actor, "privacy.manage");
  if (input.receivedOn > dutchDay(input.now)) return { ok: false, problem: "future_date" };
  return withStaffActor(db, actor, async (trx) => {
    const found = await visibleCase(trx, input.caseId);
    const personId =
      input.personId === undefined ? null : await personAround(trx, found.id, input.partyRole, input.personId);
    // The id first: row-level security checks the row, and RETURNING would need to read it back.
    const row = await trx
      .insertInto("privacy_request")
      .values({
        kind: input.kind,
        case_id: found.id,
        case_reference: found.reference,
        region_id: found.region_id,
        party_role: input.partyRole,
        person_id: personId,
        received_on: input.receivedOn,
        due_on: addMonths(input.receivedOn, 1),
        recorded_by: actor.userId,
        recorded_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const recorded = personId === null ? "recorded" : "recorded_person";
    await recordAudit(trx, audit(actor, input, `privacy.request_${input.kind}`, recorded));
    return { ok: true, requestId: row.id } as const;
  });
}

export type DecisionResult =
  | { ok: true; erased: boolean }
  | { ok: false; problem: "not_found" | "four_eyes" | "legal_hold" | "decided" };

/**
 * Decides a request (four eyes: not the coordinator who recorded it). An approved erasure erases
 * the case in the same transaction, under the rule "request"; a legal hold stops it (nothing is
 * decided then). Rectification is done by editing the file; its approval records that it was.
 */
export async function decidePrivacyRequest(
  db: Db,
  actor: Actor,
  input: Base & { requestId: number; decision: "approved" | "rejected"; reason: string },
): Promise<DecisionResult> {
  authorize(actor, "privacy.manage");
  try {
    const result = await withStaffActor(db, actor, async (trx): Promise<DecisionResult> => {
      const request = await trx
        .selectFrom("privacy_request")
        .selectAll()
        .where("id", "=", input.requestId)
        .where("case_id", "=", input.caseId)
        .executeTakeFirst();
      if (!request) return { ok: false, problem: "not_found" };
      if (request.decision !== null) return { ok: false, problem: "decided" };
      if (request.recorded_by === actor.userId) return { ok: false, problem: "four_eyes" };
      await trx
        .updateTable("privacy_request")
        .set({
          decision: input.decision,
          decision_reason: input.reason,
          decided_by: actor.userId,
          decided_at: input.now,
        })
        .where("id", "=", request.id)
        .execute();
      await recordAudit(trx, audit(actor, input, `privacy.request_${request.kind}`, input.decision));
      if (input.decision !== "approved" || request.kind !== "erasure") return { ok: true, erased: false };
      await withSystemTask(trx, "retention", (task) =>
        eraseCaseIn(task, {
          caseId: input.caseId,
          rule: "request",
          asOf: dutchDay(input.now),
          actorId: actor.userId,
          requestId: request.id,
        }),
      );
      return { ok: true, erased: true };
    });
    if (result.ok && result.erased) keyRing().forgetCaseKeys();
    // A refusal stays on record: audited after the transaction that found it.
    if (!result.ok && result.problem === "four_eyes") {
      await recordAudit(db, { ...audit(actor, input, "privacy.request_decide", "four_eyes"), result: "denied" });
    }
    return result;
  } catch (error) {
    if (isLegalHoldError(error)) return { ok: false, problem: "legal_hold" };
    throw error;
  }
}

/** Lifts an approved restriction: the file may be changed again. */
export async function liftRestriction(db: Db, actor: Actor, input: Base & { requestId: number }): Promise<void> {
  authorize(actor, "privacy.manage");
  await withStaffActor(db, actor, async (trx) => {
    const lifted = await trx
      .updateTable("privacy_request")
      .set({ lifted_by: actor.userId, lifted_at: input.now })
      .where("id", "=", input.requestId)
      .where("case_id", "=", input.caseId)
      .where("kind", "=", "restriction")
      .where("decision", "=", "approved")
      .where("lifted_at", "is", null)
      .executeTakeFirst();
    if (Number(lifted.numUpdatedRows) !== 1) throw new DomainError(ErrorCode.NotFound);
    await recordAudit(trx, audit(actor, input, "privacy.request_restriction", "lifted"));
  });
}

/** An administrator changes a period of the schedule or its legal basis. */
export async function updateRetentionRule(
  db: Db,
  actor: Actor,
  input: {
    kind: Database["retention_rule"]["kind"];
    keepMonths: number;
    keepDays: number;
    legalBasis: string;
    origin: string;
    now: Date;
  },
): Promise<{ ok: true } | { ok: false; problem: "zero_period" }> {
  authorize(actor, "retention.configure");
  if (input.keepMonths === 0 && input.keepDays === 0) return { ok: false, problem: "zero_period" };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("retention_rule")
      .set({
        keep_months: input.keepMonths,
        keep_days: input.keepDays,
        legal_basis: input.legalBasis,
        updated_at: input.now,
        updated_by: actor.userId,
      })
      .where("kind", "=", input.kind)
      .execute();
    await recordAudit(trx, {
      actorId: actor.userId,
      action: "retention.rule_update",
      objectType: "retention_rule",
      objectId: input.kind,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
  });
  return { ok: true };
}
