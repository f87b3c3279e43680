import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import type { Actor } from "../auth/roles.ts";
import { addOtherParty, recordConsent } from "./case-file.commands.server.ts";
import { justiceFeedbackState, recordClosingAgreements, recordJusticeFeedback } from "./justice-feedback.server.ts";
import { takeUpRegistration } from "./take-up.commands.server.ts";

describeWithDatabase("justice feedback", (handle) => {
  it("is recorded only with both parties' consent while the criminal case is pending", async () => {
    const db = handle().db;
    const now = new Date("2026-11-27T10:00:00Z");
    const tag = randomUUID().slice(0, 6);
    const user = async (role: "intake" | "mediator") => {
      const u = await db
        .insertInto("staff_user")
        .values({ email: `${role}-${tag}@t.example`, display_name: role, status: "active", created_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db.insertInto("staff_role").values({ user_id: u.id, role }).execute();
      return u.id;
    };
    const intake: Actor = { userId: await user("intake"), roles: ["intake"], regionIds: [] };
    const mediatorId = await user("mediator");
    const mediator: Actor = { userId: mediatorId, roles: ["mediator"], regionIds: [] };
    const reg = await db
      .insertInto("registration")
      .values({
        reference: `HB-2026-9${Math.floor(Math.random() * 90000 + 10000)}`,
        idempotency_key: randomUUID(),
        channel: "web",
        submitted_by: "self",
        registrant_role: "victim",
        registrant_side: "victim",
        offence_category: "violence",
        referrer_type: null,
        locale: "nl",
        form_version: 1,
        answers: JSON.stringify({ name: "Ria", casePhase: "prosecution_pending" }),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const region = await db.selectFrom("region").select("id").limit(1).executeTakeFirstOrThrow();
    const made = await takeUpRegistration(db, intake, {
      registrationId: reg.id,
      regionId: region.id,
      leadMediatorId: mediatorId,
      noConflictDeclared: true,
      origin: "t",
      now,
    });
    if (!made.ok) throw new Error(made.problem);
    const base = { caseId: made.caseId, origin: "t", now };
    const send = () =>
      recordJusticeFeedback(db, mediator, {
        ...base,
        recipient: "Officier van justitie",
        text: "Beide partijen hebben gesproken.",
        sentOn: "2026-11-27",
      });

    expect(await send()).toEqual({
      ok: false,
      missing: ["registrant_consent_justice_feedback", "other_party_consent_justice_feedback"],
    });
    await addOtherParty(db, mediator, { ...base, name: "Jan", contact: {} });
    const parties = await db
      .selectFrom("case_party")
      .select(["id", "role"])
      .where("case_id", "=", made.caseId)
      .execute();
    for (const p of parties)
      await recordConsent(db, mediator, {
        ...base,
        partyId: p.id,
        purpose: "justice_feedback",
        given: true,
        method: "written",
      });
    expect(await send()).toEqual({ ok: true });
    expect((await justiceFeedbackState(db, mediator, made.caseId))?.sent.map((s) => s.recipient)).toEqual([
      "Officier van justitie",
    ]);

    // No longer pending: no more feedback.
    await db.updateTable("mediation_case").set({ case_phase: "after_verdict" }).where("id", "=", made.caseId).execute();
    expect(await send()).toEqual({ ok: false, missing: ["criminal_case_not_pending"] });

    await recordClosingAgreements(db, mediator, {
      ...base,
      sharedAgreement: "Dat er contact is geweest.",
      aftercareReferral: "Slachtofferhulp",
    });
    const row = await db
      .selectFrom("mediation_case")
      .select(["shared_agreement", "aftercare_referral"])
      .where("id", "=", made.caseId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ shared_agreement: "Dat er contact is geweest.", aftercare_referral: "Slachtofferhulp" });
  });
});
