import { type Kysely, sql, type Transaction } from "kysely";
import { reserveIds } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode, invalidInput } from "../../lib/errors.ts";
import type { Actor } from "../auth/roles.ts";
import type { ActivityKind } from "./activities.schema.ts";
import { type CaseWriteBase, caseCommand } from "./case.command.server.ts";
import {
  CONSENT_PURPOSES,
  CONTACT_FORMS,
  type ConsentPurpose,
  type ContactForm,
  type RiskConclusion,
} from "./case.rules.ts";
import type { RiskQuestion } from "./risk.schema.ts";

type Db = Kysely<Database>;

/**
 * Writes to the case file: parties, consents, activities, the risk assessment, chosen forms and
 * the outcome. Each write checks the case is visible to the actor (row-level security), adds a
 * line to the timeline and an audit record, in one transaction. Free text is sealed with the
 * case's data key (ADR 0017): `caseCommand` hands the command the case's SealBox.
 */

/** The day (Dutch time) the case's registration was received: nothing in the case happened before it. */
export async function caseReceivedOn(trx: Transaction<Database>, caseId: number): Promise<string | undefined> {
  // Through a function (migration 0021): a mediator may see the case, not always the registration.
  const { rows } = await sql<{ on: string | null }>`
    SELECT to_char(case_received_on(${caseId}), 'YYYY-MM-DD') AS on`.execute(trx);
  return rows[0]?.on ?? undefined;
}

export async function partyOfCase(trx: Transaction<Database>, caseId: number, partyId: number) {
  const party = await trx
    .selectFrom("case_party")
    .select(["id", "side"])
    .where("id", "=", partyId)
    .where("case_id", "=", caseId)
    .executeTakeFirst();
  if (!party) throw new DomainError(ErrorCode.NotFound);
  return party;
}

export async function addOtherParty(
  db: Db,
  actor: Actor,
  input: CaseWriteBase & { name: string; contact: Record<string, string> },
) {
  return caseCommand(db, actor, input, "case.party_added", async (trx, box) => {
    const registrant = await trx
      .selectFrom("case_party")
      .select("side")
      .where("case_id", "=", input.caseId)
      .where("role", "=", "registrant")
      .executeTakeFirst();
    // One other party per case: a second one (a form sent twice, two people at once) is refused
    // as input, not a database error.
    const [id] = (await reserveIds(trx, "case_party", 1)) as [number];
    const added = await trx
      .insertInto("case_party")
      .values({
        id,
        case_id: input.caseId,
        side: registrant?.side === "offender" ? "victim" : "offender",
        role: "other_party",
        display_name: input.name,
        contact: box.json("case_party.contact", id, input.contact),
        created_at: input.now,
      })
      .onConflict((oc) => oc.columns(["case_id", "role"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!added) throw invalidInput("name");
  });
}

/**
 * The consents of a case are changed and relied on one at a time: recording a consent and
 * sending feedback that needs it take this lock first, so that feedback is never recorded
 * against a consent withdrawn in the same moment.
 */
export async function lockCaseConsents(trx: Transaction<Database>, caseId: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`case-consents:${caseId}`}))`.execute(trx);
}

export async function recordConsent(
  db: Db,
  actor: Actor,
  input: CaseWriteBase & {
    partyId: number;
    purpose: ConsentPurpose;
    contactForm?: ContactForm;
    given: boolean;
    method: "written" | "verbal" | "digital";
  },
) {
  if (!CONSENT_PURPOSES.includes(input.purpose)) throw new DomainError(ErrorCode.NotFound);
  if ((input.purpose === "contact_form") !== (input.contactForm !== undefined))
    throw new DomainError(ErrorCode.NotFound);
  return caseCommand(db, actor, input, input.given ? "case.consent_given" : "case.consent_withdrawn", async (trx) => {
    await partyOfCase(trx, input.caseId, input.partyId);
    await lockCaseConsents(trx, input.caseId);
    await trx
      .insertInto("case_consent")
      .values({
        case_id: input.caseId,
        party_id: input.partyId,
        purpose: input.purpose,
        contact_form: input.contactForm ?? null,
        given: input.given,
        method: input.method,
        recorded_at: input.now,
        recorded_by: actor.userId,
      })
      .execute();
  });
}

export async function recordActivity(
  db: Db,
  actor: Actor,
  input: CaseWriteBase & {
    kind: ActivityKind;
    partyId?: number;
    contactForm?: ContactForm;
    occurredOn: string;
    minutes?: number;
    summary: string;
    /** A sealed note: only the assigned mediators can read it. */
    sealed?: boolean;
  },
) {
  if (input.kind === "contact_moment" && !input.contactForm) throw new DomainError(ErrorCode.NotFound);
  if (input.sealed && input.kind !== "note") throw new DomainError(ErrorCode.NotFound);
  return caseCommand(db, actor, input, `case.activity.${input.kind}`, async (trx, box) => {
    if (input.partyId !== undefined) await partyOfCase(trx, input.caseId, input.partyId);
    const received = await caseReceivedOn(trx, input.caseId);
    if (received && input.occurredOn < received) throw invalidInput("occurredOn");
    const [id] = (await reserveIds(trx, "case_activity", 1)) as [number];
    await trx
      .insertInto("case_activity")
      .values({
        id,
        case_id: input.caseId,
        kind: input.kind,
        party_id: input.partyId ?? null,
        contact_form: input.contactForm ?? null,
        occurred_on: input.occurredOn,
        minutes: input.minutes ?? null,
        summary: box.optionalText("case_activity.summary", id, input.summary),
        recorded_by: actor.userId,
        recorded_at: input.now,
        sealed: input.sealed === true,
      })
      .execute();
  });
}

export async function recordRiskAssessment(
  db: Db,
  actor: Actor,
  input: CaseWriteBase & {
    answers: Record<RiskQuestion, string>;
    conclusion: RiskConclusion;
    assessedOn: string;
  },
) {
  return caseCommand(db, actor, input, "case.risk_assessed", async (trx, box) => {
    const values = {
      // One assessment per case: its row is named by the case id.
      answers: box.json("case_risk_assessment.answers", input.caseId, input.answers),
      conclusion: input.conclusion,
      assessed_on: input.assessedOn,
      assessed_by: actor.userId,
      recorded_at: input.now,
    };
    await trx
      .insertInto("case_risk_assessment")
      .values({ case_id: input.caseId, ...values })
      .onConflict((oc) => oc.column("case_id").doUpdateSet(values))
      .execute();
  });
}

export async function setChosenForms(db: Db, actor: Actor, input: CaseWriteBase & { forms: ContactForm[] }) {
  const forms = [...new Set(input.forms)].filter((f) => CONTACT_FORMS.includes(f));
  return caseCommand(db, actor, input, "case.forms_chosen", async (trx) => {
    await trx.updateTable("mediation_case").set({ chosen_forms: forms }).where("id", "=", input.caseId).execute();
  });
}

export async function recordOutcome(db: Db, actor: Actor, input: CaseWriteBase & { contact: boolean }) {
  return caseCommand(db, actor, input, "case.outcome_recorded", async (trx) => {
    await trx
      .updateTable("mediation_case")
      .set({ outcome_contact: input.contact, outcome_recorded_at: input.now })
      .where("id", "=", input.caseId)
      .execute();
  });
}
