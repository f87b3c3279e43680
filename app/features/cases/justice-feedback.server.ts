import type { Kysely, Transaction } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { caseBox, reserveIds } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode, refused } from "../../lib/errors.ts";
import type { Actor } from "../auth/roles.ts";
import { type CaseWriteBase, caseCommand } from "./case.command.server.ts";
import { lockCaseConsents } from "./case-file.commands.server.ts";
import { justiceFeedbackMissing } from "./justice-feedback.rules.ts";

type Db = Kysely<Database>;

/** What is missing before feedback may be sent now; undefined when the case is not visible. */
async function feedbackMissing(trx: Transaction<Database>, caseId: number) {
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
  return justiceFeedbackMissing({
    registrantConsent: consentOf("registrant"),
    otherPartyConsent: consentOf("other_party"),
    casePhase: found.case_phase,
  });
}

/** Whether feedback may be sent now (and what is missing), and the feedback sent so far. */
export async function justiceFeedbackState(db: Db, actor: Actor, caseId: number) {
  return withStaffActor(db, actor, async (trx) => {
    const missing = await feedbackMissing(trx, caseId);
    if (!missing) return undefined;
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
  input: CaseWriteBase & { recipient: string; text: string; sentOn: string },
): Promise<void> {
  await caseCommand(db, actor, input, "case.justice_feedback", async (trx, box) => {
    // Both parties' consent while the criminal case is pending (justice-feedback.rules.ts),
    // checked in the transaction that records the feedback, with the consents locked.
    await lockCaseConsents(trx, input.caseId);
    const [missing] = (await feedbackMissing(trx, input.caseId)) ?? [];
    if (missing) throw refused(missing);
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
  });
}

/** What the parties agreed may be shared with others, and the referral for aftercare. */
export async function recordClosingAgreements(
  db: Db,
  actor: Actor,
  input: CaseWriteBase & { sharedAgreement: string; aftercareReferral: string },
): Promise<void> {
  await caseCommand(db, actor, input, "case.closing_agreements", async (trx, box) => {
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
  });
}
