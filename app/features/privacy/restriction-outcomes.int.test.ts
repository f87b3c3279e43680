import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import type { Database } from "../../db/schema.ts";
import { asAppRole } from "../../db/testing/app-role.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { staffActor, takenUpCase } from "../../testing/case-fixtures.ts";
import { storedMail } from "../../testing/sealed-reads.ts";
import { recordActivity, recordConsent } from "../cases/case-file.commands.server.ts";
import { enterAnswers } from "../outcomes/case-outcomes.server.ts";
import { outcomeDb } from "../outcomes/outcome.db.ts";
import { addDays } from "../outcomes/outcome.rules.ts";
import { answerState, redeem, saveAnswers } from "../outcomes/outcome-answering.server.ts";
import { runOutcomeInvitations } from "../outcomes/outcome-invitations.server.ts";
import { decidePrivacyRequest, liftRestriction, recordPrivacyRequest } from "./privacy.commands.server.ts";

/**
 * Restriction (GDPR art. 18) freezes the outcome questionnaires too (migration 0034): while a
 * case is restricted no questionnaire is sent or reminded, no link or code opens one, no answer is
 * saved by the person or entered by the mediator. Lifting the restriction lets them go on.
 */
const PUBLIC_URL = new URL("https://herstel.example/");
const T0 = new Date("2026-11-27T10:00:00Z");

describeWithDatabase("restriction and the outcome questionnaires", (handle, kind, url) => {
  async function asApp<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    const { app, release } = await asAppRole(handle(), kind, url());
    try {
      return await fn(app.db);
    } finally {
      await release();
    }
  }

  async function measuredCase() {
    const owner = handle().db;
    const made = await takenUpCase(owner, owner, {
      answers: { name: "Eva", email: "eva@example.org", contactChannels: ["email"] },
    });
    const party = await owner
      .selectFrom("case_party")
      .select("id")
      .where("case_id", "=", made.caseId)
      .where("role", "=", "registrant")
      .executeTakeFirstOrThrow();
    const base = { caseId: made.caseId, origin: "t", now: T0, partyId: party.id, method: "verbal" as const };
    await recordConsent(owner, made.mediator, { ...base, purpose: "outcome_measurement", given: true });
    await recordConsent(owner, made.mediator, { ...base, purpose: "outcome_in_case", given: true });
    await recordActivity(owner, made.mediator, {
      caseId: made.caseId,
      origin: "t",
      now: T0,
      kind: "first_conversation",
      occurredOn: "2026-11-27",
      summary: "",
    });
    return { ...made, partyId: party.id };
  }

  async function restrict(caseId: number) {
    const first = await staffActor(handle().db, "coordinator", { region: "midden" });
    const second = await staffActor(handle().db, "coordinator", { region: "midden" });
    const base = { caseId, origin: "t", now: T0 };
    return asApp(async (db) => {
      const recorded = await recordPrivacyRequest(db, first, {
        ...base,
        kind: "restriction",
        partyRole: "registrant",
        receivedOn: "2026-11-27",
      });
      if (!recorded.ok) throw new Error(recorded.problem);
      const decided = await decidePrivacyRequest(db, second, {
        ...base,
        requestId: recorded.requestId,
        decision: "approved",
        reason: "Juistheid betwist",
      });
      expect(decided).toEqual({ ok: true, erased: false });
      return () => asApp((later) => liftRestriction(later, first, { ...base, requestId: recorded.requestId }));
    });
  }

  const invitations = (caseId: number) =>
    outcomeDb(handle().db).selectFrom("outcome_invitation").selectAll().where("case_id", "=", caseId).execute();
  const mails = async (caseId: number) =>
    (await storedMail(handle().db)).filter((m) => m.related_id === String(caseId));
  const linkIn = (text: string) => /\/vragenlijst\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] as string;

  it("sends, reminds, opens and saves nothing for a restricted case, and goes on once it is lifted", async () => {
    // This case is invited and its questionnaire opened before the restriction.
    const after = await measuredCase();
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(T0, 1), publicUrl: PUBLIC_URL }));
    // A fresh case restricted before its first invitation: the job leaves it alone.
    const fresh = await measuredCase();
    const liftFresh = await restrict(fresh.caseId);
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(T0, 1), publicUrl: PUBLIC_URL }));
    expect(await invitations(fresh.caseId)).toEqual([]);
    expect(await mails(fresh.caseId)).toEqual([]);

    const mail = (await mails(after.caseId))[0];
    const token = linkIn(mail?.body_text ?? "");
    const opened = (await asApp((db) => redeem(db, token, "link", addDays(T0, 1)))) as number;
    expect(opened).toBeGreaterThan(0);
    const state = await asApp((db) => answerState(db, opened, "nl", addDays(T0, 1)));
    if (state.status !== "open") throw new Error("not open");
    const question = state.questions.find((q) => q.kind === "scale")?.id as number;
    const liftAfter = await restrict(after.caseId);

    // The person's open questionnaire takes no answer; the mediator can enter none.
    await expect(
      asApp((db) =>
        saveAnswers(
          db,
          { invitationId: opened, via: "link" },
          { scores: new Map([[question, 5]]), open: "" },
          "finish",
          addDays(T0, 1),
        ),
      ),
    ).rejects.toMatchObject({ code: "HR001" });
    await expect(
      asApp((db) =>
        enterAnswers(db, fresh.mediator, {
          caseId: fresh.caseId,
          origin: "t",
          now: addDays(T0, 2),
          partyId: fresh.partyId,
          moment: "before",
          via: "paper",
          answers: { scores: new Map([[question, 3]]), open: "" },
        }),
      ),
    ).rejects.toMatchObject({ code: "HR001" });
    // No reminder after 7 days.
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(T0, 9), publicUrl: PUBLIC_URL }));
    expect((await mails(after.caseId)).map((m) => m.kind)).toEqual(["outcome.invitation"]);
    expect(
      await outcomeDb(handle().db)
        .selectFrom("outcome_answer")
        .select("invitation_id")
        .where("invitation_id", "=", opened)
        .execute(),
    ).toEqual([]);

    // Lifted: the job invites the fresh case, the mediator enters answers, the reminder goes.
    await liftFresh();
    await liftAfter();
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(T0, 10), publicUrl: PUBLIC_URL }));
    expect(await invitations(fresh.caseId)).toHaveLength(1);
    expect((await mails(after.caseId)).map((m) => m.kind)).toEqual(["outcome.invitation", "outcome.reminder"]);
  });

  it("does not let a link or code of a restricted case be redeemed", async () => {
    const made = await measuredCase();
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(T0, 1), publicUrl: PUBLIC_URL }));
    const token = linkIn((await mails(made.caseId))[0]?.body_text ?? "");
    const lift = await restrict(made.caseId);
    expect(await asApp((db) => redeem(db, token, "link", addDays(T0, 1)))).toBeUndefined();
    await lift();
    expect(await asApp((db) => redeem(db, token, "link", addDays(T0, 1)))).toBeGreaterThan(0);
  });
});
