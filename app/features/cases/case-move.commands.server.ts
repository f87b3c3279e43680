import type { Kysely, Transaction } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import {
  availableMoves,
  type CaseFacts,
  type CaseStep,
  checkMove,
  type Missing,
  type Move,
  withdrawalReason,
} from "./case.rules.ts";

type Db = Kysely<Database>;

/**
 * What the state machine needs to know about a case, from the database. Parties, consents, the
 * risk assessment, contact forms and contact moments are not recorded yet (they come with the
 * case file): until then they count as "not done", so the machine names them as missing.
 */
export async function loadCaseFacts(
  trx: Transaction<Database>,
  caseId: number,
): Promise<(CaseFacts & { version: number }) | undefined> {
  const found = await trx
    .selectFrom("mediation_case")
    .select(["step", "offence_category", "closed_from", "version"])
    .where("id", "=", caseId)
    .executeTakeFirst();
  if (!found) return undefined;
  const assignments = await trx
    .selectFrom("case_assignment")
    .select(["no_conflict_declared_at"])
    .where("case_id", "=", caseId)
    .execute();
  const nothing = { known: true, expectationConversationHeld: false, consents: {}, contactFormConsents: [] };
  return {
    step: found.step as CaseStep,
    offenceCategory: found.offence_category,
    mediatorCount: assignments.length,
    conflictOfInterestDeclared: assignments.length > 0 && assignments.every((a) => a.no_conflict_declared_at !== null),
    firstConversationHeld: false,
    registrantSide: "victim",
    parties: { registrant: nothing, otherParty: null },
    riskAssessment: null,
    chosenForms: [],
    contactActivities: 0,
    outcomeRecorded: false,
    closedFrom: found.closed_from as CaseStep | null,
    version: found.version,
  };
}

export type MoveResult =
  | { ok: true; to: CaseStep }
  | { ok: false; kind: "refused"; missing: Missing[] }
  | { ok: false; kind: "conflict"; current: { step: string; version: number; by: string | null; at: Date | null } };

/**
 * Moves a case to another step when the state machine allows it. The caller sends the version it
 * saw: if someone else changed the case meanwhile, nothing is saved and the answer says what the
 * case looks like now and who changed it last (optimistic locking, never a silent overwrite).
 */
export async function moveCase(
  db: Db,
  actor: Actor,
  input: { caseId: number; move: Move; expectedVersion: number; origin: string; now: Date },
): Promise<MoveResult> {
  authorize(actor, "case.move");
  return withStaffActor(db, actor, async (trx) => {
    const facts = await loadCaseFacts(trx, input.caseId);
    if (!facts) throw new DomainError(ErrorCode.NotFound);
    if (facts.version !== input.expectedVersion)
      return { ok: false, kind: "conflict", current: await lastChange(trx, input.caseId, facts) };
    const check = checkMove(facts, input.move);
    if (!check.ok) return { ok: false, kind: "refused", missing: check.missing };
    const closing = check.to === "closed";
    const reason =
      input.move.kind === "close_without_contact"
        ? input.move.reason
        : input.move.kind === "withdraw"
          ? withdrawalReason(input.move.party)
          : null;
    const updated = await trx
      .updateTable("mediation_case")
      .set({
        step: check.to,
        version: facts.version + 1,
        closed_at: closing ? input.now : null,
        closed_from: closing ? facts.step : null,
        no_contact_reason: closing ? reason : null,
      })
      .where("id", "=", input.caseId)
      .where("version", "=", input.expectedVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      return { ok: false, kind: "conflict", current: await lastChange(trx, input.caseId, facts) };
    await trx
      .insertInto("case_event")
      .values({
        case_id: input.caseId,
        occurred_at: input.now,
        actor_id: actor.userId,
        kind: `case.${input.move.kind}`,
        detail: JSON.stringify({
          from: facts.step,
          to: check.to,
          reason: input.move.kind === "reopen" ? input.move.reason : reason,
        }),
      })
      .execute();
    await recordAudit(trx, {
      actorId: actor.userId,
      action: `case.${input.move.kind}`,
      objectType: "case",
      objectId: input.caseId,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
    return { ok: true, to: check.to };
  });
}

async function lastChange(trx: Transaction<Database>, caseId: number, facts: { step: string; version: number }) {
  const last = await trx
    .selectFrom("case_event as e")
    .leftJoin("staff_user as u", "u.id", "e.actor_id")
    .select(["e.occurred_at", "u.display_name"])
    .where("e.case_id", "=", caseId)
    .orderBy("e.id", "desc")
    .limit(1)
    .executeTakeFirst();
  return { step: facts.step, version: facts.version, by: last?.display_name ?? null, at: last?.occurred_at ?? null };
}

/** The version and the possible moves of a case with what each still needs, for the case page. */
export async function caseMoves(db: Db, actor: Actor, caseId: number) {
  return withStaffActor(db, actor, async (trx) => {
    const facts = await loadCaseFacts(trx, caseId);
    return facts ? { version: facts.version, moves: availableMoves(facts) } : undefined;
  });
}
