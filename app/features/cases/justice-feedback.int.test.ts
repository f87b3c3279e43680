import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { type DomainError, ErrorCode } from "../../lib/errors.ts";
import { takenUpCase } from "../../testing/case-fixtures.ts";
import { getCase } from "./case.queries.server.ts";
import { addOtherParty, recordConsent } from "./case-file.commands.server.ts";
import { justiceFeedbackState, recordClosingAgreements, recordJusticeFeedback } from "./justice-feedback.server.ts";

describeWithDatabase("justice feedback", (handle) => {
  it("is recorded only with both parties' consent while the criminal case is pending", async () => {
    const db = handle().db;
    const { caseId, mediator, now } = await takenUpCase(db, db, {
      answers: { name: "Ria", casePhase: "prosecution_pending" },
    });
    const base = { caseId, origin: "t", now };
    const send = () =>
      recordJusticeFeedback(db, mediator, {
        ...base,
        recipient: "Officier van justitie",
        text: "Beide partijen hebben gesproken.",
        sentOn: "2026-11-27",
      }).then(
        () => ({ ok: true }),
        (error: unknown) => ({ ok: false, reason: (error as DomainError).reason, code: (error as DomainError).code }),
      );

    // Refused with the first thing missing, as one coded DomainError.
    expect(await send()).toEqual({
      ok: false,
      code: ErrorCode.Refused,
      reason: "registrant_consent_justice_feedback",
    });
    await addOtherParty(db, mediator, { ...base, name: "Jan", contact: {} });
    const parties = await db.selectFrom("case_party").select(["id", "role"]).where("case_id", "=", caseId).execute();
    for (const p of parties)
      await recordConsent(db, mediator, {
        ...base,
        partyId: p.id,
        purpose: "justice_feedback",
        given: true,
        method: "written",
      });
    expect(await send()).toEqual({ ok: true });
    expect((await justiceFeedbackState(db, mediator, caseId))?.sent.map((s) => s.recipient)).toEqual([
      "Officier van justitie",
    ]);

    // No longer pending: no more feedback.
    await db.updateTable("mediation_case").set({ case_phase: "after_verdict" }).where("id", "=", caseId).execute();
    expect(await send()).toEqual({ ok: false, code: ErrorCode.Refused, reason: "criminal_case_not_pending" });

    // Refusals are checked in the transaction that would record the feedback: they record nothing.
    const events = await db
      .selectFrom("case_event")
      .select("kind")
      .where("case_id", "=", caseId)
      .where("kind", "=", "case.justice_feedback")
      .execute();
    expect(events).toHaveLength(1);

    await recordClosingAgreements(db, mediator, {
      ...base,
      sharedAgreement: "Dat er contact is geweest.",
      aftercareReferral: "Slachtofferhulp",
    });
    const row = await getCase(db, mediator, caseId);
    expect(row).toMatchObject({
      shared_agreement: "Dat er contact is geweest.",
      aftercare_referral: "Slachtofferhulp",
    });
  });
});
