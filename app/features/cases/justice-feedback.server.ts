import type { Kysely } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { caseBox, reserveIds } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { type FeedbackMissing, justiceFeedbackMissing } from "./justice-feedback.rules.ts";

type Db = Kysely<Database>;

/** Whether feedback may be sent now (and what is missing), and the feedback sent so far. */
export async function justiceFeedbackState(db: Db, actor: Actor, caseId: number) {
  return withStaffActor(db, actor, async (trx) => {
    const found = await trx
      .selectFrom("mediation_case")
      .select(["case_phase"])
      .where("id", "=", caseId)
      .executeTakeFirst();
    if (!found) return undefined;
    const parties = await trx.selectFrom("case_party").select(["id", "role"]).where("case_id", "=", caseId).execute();
    const consents = await trx
      .selectFrom("case_consent")
      .select(["party_id", "given"])
      .where("case_id", "=", caseId)
      .where("purpose", "=", "justice_feedback")
      .orderBy("recorded_at")
      .orderBy("id")
      .execute();
    const latest = new Map<number, boolean>();
    for (const c of consents) latest.set(c.party_id, c.given);
    const consentOf = (role: string) => {
      const party = parties.find((p) => p.role === role);
      return party ? latest.get(party.id) === true : false;
    };
    const missing = justiceFeedbackMissing({
      registrantConsent: consentOf("registrant"),
      otherPartyConsent: consentOf("other_party"),
      casePhase: found.case_phase,
    });
    const rows = await trx
      .selectFrom("case_justice_feedback")
      .select(["id", "recipient", "agreed_text", "sent_on"])
      .where("case_id", "=", caseId)
      .orderBy("sent_on", "desc")
      .execute();
    const box = rows.length > 0 ? await caseBox(trx, caseId) : undefined;
    const sent = rows.map((r) => ({
      ...r,
      recipient: box?.openText("case_justice_feedback.recipient", r.id, r.recipient) ?? "",
      agreed_text: box?.openText("case_justice_feedback.agreed_text", r.id, r.agreed_text) ?? "",
    }));
    return { missing, sent };
  });
}

export async function recordJusticeFeedback(
  db: Db,
  actor: Actor,
  input: { caseId: number; recipient: string; text: string; sentOn: string; origin: string; now: Date },
): Promise<{ ok: true } | { ok: false; missing: FeedbackMissing[] }> {
  authorize(actor, "case.move");
  const state = await justiceFeedbackState(db, actor, input.caseId);
  if (!state) throw new DomainError(ErrorCode.NotFound);
  if (state.missing.length > 0) return { ok: false, missing: state.missing };
  await withStaffActor(db, actor, async (trx) => {
    const box = await caseBox(trx, input.caseId);
    const [id] = (await reserveIds(trx, "case_justice_feedback", 1)) as [number];
    await trx
      .insertInto("case_justice_feedback")
      .values({
        id,
        case_id: input.caseId,
        recipient: box.text("case_justice_feedback.recipient", id, input.recipient),
        agreed_text: box.text("case_justice_feedback.agreed_text", id, input.text),
        sent_on: input.sentOn,
        recorded_by: actor.userId,
        recorded_at: input.now,
      })
      .execute();
    await trx
      .insertInto("case_event")
      .values({
        case_id: input.caseId,
        occurred_at: input.now,
        actor_id: actor.userId,
        kind: "case.justice_feedback",
        detail: "{}",
      })
      .execute();
    await recordAudit(trx, {
      actorId: actor.userId,
      action: "case.justice_feedback",
      objectType: "case",
      objectId: input.caseId,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
  });
  return { ok: true };
}

/** What the parties agreed may be shared with others, and the referral for aftercare. */
export async function recordClosingAgreements(
  db: Db,
  actor: Actor,
  input: { caseId: number; sharedAgreement: string; aftercareReferral: string; origin: string; now: Date },
): Promise<void> {
  authorize(actor, "case.move");
  await withStaffActor(db, actor, async (trx) => {
    const box = await caseBox(trx, input.caseId);
    const updated = await trx
      .updateTable("mediation_case")
      .set({
        shared_agreement: box.optionalText("mediation_case.shared_agreement", input.caseId, input.sharedAgreement),
        aftercare_referral: box.optionalText(
          "mediation_case.aftercare_referral",
          input.caseId,
          input.aftercareReferral,
        ),
      })
      .where("id", "=", input.caseId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new DomainError(ErrorCode.NotFound);
    await trx
      .insertInto("case_event")
      .values({
        case_id: input.caseId,
        occurred_at: input.now,
        actor_id: actor.userId,
        kind: "case.closing_agreements",
        detail: "{}",
      })
      .execute();
    await recordAudit(trx, {
      actorId: actor.userId,
      action: "case.closing_agreements",
      objectType: "case",
      objectId: input.caseId,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
  });
}
