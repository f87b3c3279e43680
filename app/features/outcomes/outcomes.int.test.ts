import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import type { Database } from "../../db/schema.ts";
import { asAppRole } from "../../db/testing/app-role.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { staffActor, takenUpCase } from "../../testing/case-fixtures.ts";
import { storedMail } from "../../testing/sealed-reads.ts";
import { recordActivity, recordConsent } from "../cases/case-file.commands.server.ts";
import { seedDemoOutcomes } from "../demo/demo-outcomes.server.ts";
import { caseOutcomes, enterAnswers, printLetter } from "./case-outcomes.server.ts";
import { outcomeDb } from "./outcome.db.ts";
import { addDays } from "./outcome.rules.ts";
import { answerState, readAnswerSession, redeem, saveAnswers, signAnswerSession } from "./outcome-answering.server.ts";
import { DECLINED } from "./outcome-answers.schema.ts";
import { runOutcomeInvitations } from "./outcome-invitations.server.ts";

/**
 * The questionnaire end to end below the pages: consent gates, invitations by the job (e-mail
 * through the outbox, letters), single-use links and codes that expire, saving and finishing,
 * the mediator's view, and erasure with the case.
 */
const PUBLIC_URL = new URL("https://herstel.example/");
const T0 = new Date("2026-11-27T10:00:00Z");

describeWithDatabase("outcome questionnaires", (handle, kind, url) => {
  async function asApp<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    const { app, release } = await asAppRole(handle(), kind, url());
    try {
      return await fn(app.db);
    } finally {
      await release();
    }
  }

  async function caseWith(options: { measuring?: boolean; inCase?: boolean; email?: boolean } = {}) {
    const owner = handle().db;
    const made = await takenUpCase(owner, owner, {
      answers: {
        name: "Eva",
        ...(options.email === false ? {} : { email: "eva@example.org", contactChannels: ["email"] }),
      },
    });
    const party = await owner
      .selectFrom("case_party")
      .select("id")
      .where("case_id", "=", made.caseId)
      .where("role", "=", "registrant")
      .executeTakeFirstOrThrow();
    const base = { caseId: made.caseId, origin: "t", now: T0, partyId: party.id, method: "verbal" as const };
    if (options.measuring !== undefined)
      await recordConsent(owner, made.mediator, { ...base, purpose: "outcome_measurement", given: options.measuring });
    if (options.inCase) await recordConsent(owner, made.mediator, { ...base, purpose: "outcome_in_case", given: true });
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

  const invitations = (caseId: number) =>
    outcomeDb(handle().db).selectFrom("outcome_invitation").selectAll().where("case_id", "=", caseId).execute();
  const linkIn = (text: string) => /\/vragenlijst\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] as string;

  it("invites nobody without consent, and nobody who withdrew it", async () => {
    const none = await caseWith();
    const no = await caseWith({ measuring: false });
    const withdrawn = await caseWith({ measuring: true });
    await recordConsent(handle().db, withdrawn.mediator, {
      caseId: withdrawn.caseId,
      partyId: withdrawn.partyId,
      origin: "t",
      now: new Date(T0.getTime() + 1000),
      method: "written",
      purpose: "outcome_measurement",
      given: false,
    });
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(T0, 1), publicUrl: PUBLIC_URL }));
    for (const c of [none, no, withdrawn]) expect(await invitations(c.caseId)).toEqual([]);
  });

  it("e-mails a single-use link after the first conversation; the link expires and works once", async () => {
    const made = await caseWith({ measuring: true, inCase: true });
    const now = addDays(T0, 1);
    const result = await asApp((db) => runOutcomeInvitations(db, { now, publicUrl: PUBLIC_URL }));
    expect(result.invited).toBeGreaterThanOrEqual(1);
    const [inv] = await invitations(made.caseId);
    expect(inv).toMatchObject({ moment: "before", party_id: made.partyId });
    expect(inv?.email_sent_at).not.toBeNull();
    const mail = (await storedMail(handle().db)).filter((m) => m.related_id === String(made.caseId));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.recipient).toBe("eva@example.org");
    const token = linkIn(mail[0]?.body_text ?? "");
    expect(token).toHaveLength(43);
    // Only the hash is stored.
    const stored = await outcomeDb(handle().db)
      .selectFrom("outcome_token")
      .selectAll()
      .where("case_id", "=", made.caseId)
      .execute();
    expect(JSON.stringify(stored)).not.toContain(token);

    // Not after it expired; once before; never twice.
    expect(await asApp((db) => redeem(db, token, "link", addDays(now, 31)))).toBeUndefined();
    const id = await asApp((db) => redeem(db, token, "link", now));
    expect(id).toBe(Number(inv?.id));
    expect(await asApp((db) => redeem(db, token, "link", now))).toBeUndefined();
    // A second run sends nothing new.
    await asApp((db) => runOutcomeInvitations(db, { now, publicUrl: PUBLIC_URL }));
    expect(await invitations(made.caseId)).toHaveLength(1);
  });

  it("saves, carries on with a new code, finishes, and then accepts no more changes", async () => {
    const made = await caseWith({ measuring: true, inCase: true });
    const now = addDays(T0, 1);
    await asApp((db) => runOutcomeInvitations(db, { now, publicUrl: PUBLIC_URL }));
    const mail = (await storedMail(handle().db)).find((m) => m.related_id === String(made.caseId));
    const id = (await asApp((db) => redeem(db, linkIn(mail?.body_text ?? ""), "link", now))) as number;
    const state = await asApp((db) => answerState(db, id, "nl", now));
    if (state.status !== "open") throw new Error("not open");
    const [afraid, angry] = state.questions.filter((q) => q.kind === "scale");
    const scores = new Map<number, number | typeof DECLINED>([
      [afraid?.id as number, 7],
      [angry?.id as number, DECLINED],
    ]);
    const later = await asApp((db) =>
      saveAnswers(db, { invitationId: id, via: "link" }, { scores, open: "Ik slaap slecht." }, "later", now),
    );
    expect(later.ok && later.code).toMatch(/^[346789A-Y]{12}$/);
    const code = later.ok ? (later.code as string) : "";
    const again = (await asApp((db) =>
      redeem(db, code.toLowerCase().replace(/(.{4})/g, "$1 "), "code", now),
    )) as number;
    expect(again).toBe(id);
    const saved = await asApp((db) => answerState(db, id, "en", now));
    expect(saved).toMatchObject({ status: "open", open: "Ik slaap slecht." });
    if (saved.status === "open")
      expect(saved.scores).toEqual({ [afraid?.id as number]: 7, [angry?.id as number]: DECLINED });
    // The open answer is sealed at rest.
    const raw = await outcomeDb(handle().db)
      .selectFrom("outcome_invitation")
      .select("open_answer")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(raw.open_answer as Uint8Array).toString("latin1")).not.toContain("slecht");

    const done = await asApp((db) =>
      saveAnswers(db, { invitationId: id, via: "code" }, { scores, open: "" }, "finish", now),
    );
    expect(done).toEqual({ ok: true });
    expect(
      await asApp((db) => saveAnswers(db, { invitationId: id, via: "code" }, { scores, open: "x" }, "finish", now)),
    ).toEqual({
      ok: false,
      reason: "completed",
    });

    // The assigned mediator sees the answers (consent to use them in the case); a coordinator does not.
    const seen = await asApp((db) =>
      caseOutcomes(db, made.mediator, { caseId: made.caseId, origin: "t", now, locale: "nl" }),
    );
    const registrant = seen.parties.find((p) => p.id === made.partyId);
    expect(registrant?.answers?.moments).toMatchObject([{ moment: "before", via: "code" }]);
    expect(registrant?.answers?.moments[0]?.scores[afraid?.id as number]).toBe(7);
    const coordinator = await staffActor(handle().db, "coordinator", { region: "midden" });
    const theirs = await asApp((db) =>
      caseOutcomes(db, coordinator, { caseId: made.caseId, origin: "t", now, locale: "nl" }),
    );
    expect(theirs.parties.find((p) => p.id === made.partyId)?.answers).toBeNull();
    expect(theirs.parties.find((p) => p.id === made.partyId)?.invitations).toHaveLength(1);
  });

  it("shows answers in the case only with consent to use them there", async () => {
    const made = await caseWith({ measuring: true, inCase: false, email: false });
    const now = addDays(T0, 1);
    await asApp((db) => runOutcomeInvitations(db, { now, publicUrl: PUBLIC_URL }));
    const [inv] = await invitations(made.caseId);
    // No e-mail allowed: a letter, printed from the case with a code that works once.
    expect(inv?.email_sent_at).toBeNull();
    const letter = await asApp((db) =>
      printLetter(db, made.mediator, { caseId: made.caseId, origin: "t", now, invitationId: Number(inv?.id) }),
    );
    expect(letter.name).toBe("Eva");
    const id = await asApp((db) => redeem(db, letter.code, "code", now));
    expect(id).toBe(Number(inv?.id));
    expect(await asApp((db) => redeem(db, letter.code, "code", now))).toBeUndefined();
    await asApp((db) =>
      saveAnswers(db, { invitationId: id as number, via: "code" }, { scores: new Map(), open: "" }, "finish", now),
    );
    const seen = await asApp((db) =>
      caseOutcomes(db, made.mediator, { caseId: made.caseId, origin: "t", now, locale: "nl" }),
    );
    const p = seen.parties.find((x) => x.id === made.partyId);
    expect(p?.invitations[0]?.completedAt).not.toBeNull();
    expect(p?.answers).toBeNull();
  });

  it("lets the mediator enter answers given on paper, recorded as such, and invites after closing and at follow-up", async () => {
    const made = await caseWith({ measuring: true, inCase: true });
    const now = addDays(T0, 2);
    const questions = await outcomeDb(handle().db)
      .selectFrom("outcome_question")
      .select(["id", "code"])
      .where("questionnaire_id", "=", 1)
      .execute();
    const calm = questions.find((q) => q.code === "calm")?.id as number;
    await asApp((db) =>
      enterAnswers(db, made.mediator, {
        caseId: made.caseId,
        origin: "t",
        now,
        partyId: made.partyId,
        moment: "before",
        via: "paper",
        answers: { scores: new Map([[calm, 3]]), open: "Op papier gegeven." },
      }),
    );
    await expect(
      asApp((db) =>
        enterAnswers(db, made.mediator, {
          caseId: made.caseId,
          origin: "t",
          now,
          partyId: made.partyId,
          moment: "before",
          via: "phone",
          answers: { scores: new Map([[calm, 4]]), open: "" },
        }),
      ),
    ).rejects.toThrow(/moment/);
    const [before] = await invitations(made.caseId);
    expect(before).toMatchObject({ moment: "before", answered_via: "paper", recorded_by: made.mediator.userId });

    // Closed: the job invites "after" now and "follow_up" three months later, not before.
    const closedAt = addDays(T0, 10);
    await handle()
      .db.updateTable("mediation_case")
      .set({ step: "closed", closed_at: closedAt })
      .where("id", "=", made.caseId)
      .execute();
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(closedAt, 1), publicUrl: PUBLIC_URL }));
    expect((await invitations(made.caseId)).map((i) => i.moment).sort()).toEqual(["after", "before"]);
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(closedAt, 60), publicUrl: PUBLIC_URL }));
    expect((await invitations(made.caseId)).map((i) => i.moment).sort()).toEqual(["after", "before"]);
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(closedAt, 93), publicUrl: PUBLIC_URL }));
    expect((await invitations(made.caseId)).map((i) => i.moment).sort()).toEqual(["after", "before", "follow_up"]);
  });

  it("reminds once after 7 days, and not after withdrawal", async () => {
    const reminded = await caseWith({ measuring: true });
    const stopped = await caseWith({ measuring: true });
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(T0, 1), publicUrl: PUBLIC_URL }));
    await recordConsent(handle().db, stopped.mediator, {
      caseId: stopped.caseId,
      partyId: stopped.partyId,
      origin: "t",
      now: addDays(T0, 2),
      method: "written",
      purpose: "outcome_measurement",
      given: false,
    });
    const count = async (caseId: number) =>
      (await storedMail(handle().db)).filter((m) => m.related_id === String(caseId)).map((m) => m.kind);
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(T0, 5), publicUrl: PUBLIC_URL }));
    expect(await count(reminded.caseId)).toEqual(["outcome.invitation"]);
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(T0, 9), publicUrl: PUBLIC_URL }));
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(T0, 20), publicUrl: PUBLIC_URL }));
    expect(await count(reminded.caseId)).toEqual(["outcome.invitation", "outcome.reminder"]);
    expect(await count(stopped.caseId)).toEqual(["outcome.invitation"]);
    // After withdrawal the link no longer opens the questionnaire either.
    const mail = (await storedMail(handle().db)).find((m) => m.related_id === String(stopped.caseId));
    expect(await asApp((db) => redeem(db, linkIn(mail?.body_text ?? ""), "link", addDays(T0, 9)))).toBeUndefined();
  });

  it("seeds demo answers as the app's own role, which sees cases only through their mediators", async () => {
    const made = [];
    for (let i = 0; i < 6; i++) made.push(await caseWith());
    const before = (await outcomeDb(handle().db).selectFrom("outcome_invitation").select("id").execute()).length;
    const seeded = await asApp((db) => seedDemoOutcomes(db, addDays(T0, 5)));
    expect(seeded.invitations).toBeGreaterThan(0);
    const after = await outcomeDb(handle().db).selectFrom("outcome_invitation").select("id").execute();
    expect(after.length - before).toBe(seeded.invitations);
  });

  it("keeps the answer cookie honest: signed, and only for a while", () => {
    const value = signAnswerSession(42, "link", T0);
    expect(readAnswerSession(value, T0)).toEqual({ invitationId: 42, via: "link" });
    expect(readAnswerSession(value.replace(/^42/, "43"), T0)).toBeUndefined();
    expect(readAnswerSession(value, new Date(T0.getTime() + 61 * 60_000))).toBeUndefined();
  });

  it("removes every questionnaire row with the case", async () => {
    const made = await caseWith({ measuring: true, inCase: true });
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(T0, 1), publicUrl: PUBLIC_URL }));
    expect(await invitations(made.caseId)).toHaveLength(1);
    const owner = handle().db;
    await owner.deleteFrom("case_event").where("case_id", "=", made.caseId).execute();
    await owner.updateTable("registration").set({ case_id: null }).where("case_id", "=", made.caseId).execute();
    await owner.deleteFrom("mediation_case").where("id", "=", made.caseId).execute();
    const o = outcomeDb(owner);
    for (const table of ["outcome_invitation", "outcome_token", "outcome_participant", "outcome_answer"] as const)
      expect(await o.selectFrom(table).select("case_id").where("case_id", "=", made.caseId).execute()).toEqual([]);
  });
});
