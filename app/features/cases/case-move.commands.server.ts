import type { Kysely, Transaction } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { caseBox, reserveIds } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { enqueueMail } from "../outbox/outbox.commands.server.ts";
import {
  availableMoves,
  type CaseFacts,
  type CaseStep,
  CONSENT_PURPOSES,
  CONTACT_FORMS,
  type ContactForm,
  checkMove,
  type Missing,
  type Move,
  type PartyFacts,
  withdrawalReason,
} from "./case.rules.ts";
import { statusMail } from "./status-emails.ts";

type Db = Kysely<Database>;

/** What the state machine needs to know about a case, read from the case file. */
export async function loadCaseFacts(
  trx: Transaction<Database>,
  caseId: number,
): Promise<(CaseFacts & { version: number }) | undefined> {
  const found = await trx
    .selectFrom("mediation_case")
    .select(["step", "offence_category", "closed_from", "version", "chosen_forms", "outcome_recorded_at"])
    .where("id", "=", caseId)
    .executeTakeFirst();
  if (!found) return undefined;
  const [assignments, parties, consents, activities, risk] = await Promise.all([
    trx.selectFrom("case_assignment").select(["no_conflict_declared_at"]).where("case_id", "=", caseId).execute(),
    trx.selectFrom("case_party").select(["id", "role", "side"]).where("case_id", "=", caseId).execute(),
    trx
      .selectFrom("case_consent")
      .select(["party_id", "purpose", "contact_form", "given"])
      .where("case_id", "=", caseId)
      .orderBy("recorded_at")
      .orderBy("id")
      .execute(),
    trx.selectFrom("case_activity").select(["kind", "party_id"]).where("case_id", "=", caseId).execute(),
    trx
      .selectFrom("case_risk_assessment")
      .select(["conclusion", "assessed_on"])
      .where("case_id", "=", caseId)
      .executeTakeFirst(),
  ]);
  const partyFacts = (role: "registrant" | "other_party"): PartyFacts | null => {
    const party = parties.find((p) => p.role === role);
    if (!party) return null;
    // The latest record per purpose (and form) counts: a withdrawal overrides an earlier consent.
    const current = new Map<string, boolean>();
    for (const c of consents.filter((c) => c.party_id === party.id))
      current.set(`${c.purpose}:${c.contact_form ?? ""}`, c.given);
    const consentsFor: PartyFacts["consents"] = {};
    for (const purpose of CONSENT_PURPOSES) {
      if (purpose !== "contact_form" && current.has(`${purpose}:`))
        consentsFor[purpose] = current.get(`${purpose}:`) === true;
    }
    return {
      known: true,
      expectationConversationHeld: activities.some(
        (a) => a.kind === "expectation_conversation" && a.party_id === party.id,
      ),
      consents: consentsFor,
      contactFormConsents: CONTACT_FORMS.filter((f) => current.get(`contact_form:${f}`) === true),
    };
  };
  const registrant = partyFacts("registrant");
  return {
    step: found.step as CaseStep,
    offenceCategory: found.offence_category,
    mediatorCount: assignments.length,
    conflictOfInterestDeclared: assignments.length > 0 && assignments.every((a) => a.no_conflict_declared_at !== null),
    firstConversationHeld: activities.some((a) => a.kind === "first_conversation"),
    registrantSide: parties.find((p) => p.role === "registrant")?.side === "offender" ? "offender" : "victim",
    parties: {
      registrant: registrant ?? {
        known: true,
        expectationConversationHeld: false,
        consents: {},
        contactFormConsents: [],
      },
      otherParty: partyFacts("other_party"),
    },
    riskAssessment: risk ? { conclusion: risk.conclusion, date: risk.assessed_on } : null,
    chosenForms: found.chosen_forms.filter((f): f is ContactForm => (CONTACT_FORMS as readonly string[]).includes(f)),
    contactActivities: activities.filter((a) => a.kind === "contact_moment").length,
    outcomeRecorded: found.outcome_recorded_at !== null,
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
    // A reason for reopening is free text, sealed with the case's key; other reasons are codes.
    const [eventId] = (await reserveIds(trx, "case_event", 1)) as [number];
    const reopenReason =
      input.move.kind === "reopen"
        ? Buffer.from(
            (await caseBox(trx, input.caseId)).text("case_event.reason", eventId, input.move.reason),
          ).toString("base64")
        : undefined;
    await trx
      .insertInto("case_event")
      .values({
        id: eventId,
        case_id: input.caseId,
        occurred_at: input.now,
        actor_id: actor.userId,
        kind: `case.${input.move.kind}`,
        detail: JSON.stringify(
          reopenReason
            ? { from: facts.step, to: check.to, reasonSealed: reopenReason }
            : { from: facts.step, to: check.to, reason },
        ),
      })
      .execute();
    if (closing) await queueClosedUpdate(trx, input.caseId);
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

/** "Closed" for a referrer who was promised status updates (no content). */
async function queueClosedUpdate(trx: Transaction<Database>, caseId: number): Promise<void> {
  const found = await trx
    .selectFrom("mediation_case")
    .select(["reference", "status_updates_to", "status_updates_locale"])
    .where("id", "=", caseId)
    .executeTakeFirst();
  if (!found?.status_updates_to) return;
  const box = await caseBox(trx, caseId);
  // An erased case has no address any more: nobody is told.
  if (box.erased) return;
  const mail = statusMail(found.status_updates_locale ?? "nl", found.reference, "closed");
  await enqueueMail(trx, {
    kind: "case.status.closed",
    to: box.openText("mediation_case.status_updates_to", caseId, found.status_updates_to),
    subject: mail.subject,
    text: mail.text,
    relatedType: "case",
    relatedId: String(caseId),
  });
}
