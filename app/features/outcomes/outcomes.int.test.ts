import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import { withStaffActor } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { asAppRole } from "../../db/testing/app-role.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { staffActor, takenUpCase } from "../../testing/case-fixtures.ts";
import { storedMail } from "../../testing/sealed-reads.ts";
import { recordActivity, recordConsent } from "../cases/case-file.commands.server.ts";
import { seedDemoOutcomes } from "../demo/demo-outcomes.server.ts";
import { liftLegalHold, placeLegalHold } from "../privacy/privacy.commands.server.ts";
import { caseOutcomes, enterAnswers, printLetter } from "./case-outcomes.server.ts";
import { outcomeDb } from "./outcome.db.ts";
import { addDays } from "./outcome.rules.ts";
import { answerState, readAnswerSession, redeem, saveAnswers, signAnswerSession } from "./outcome-answering.server.ts";
import { DECLINED } from "./outcome-answers.schema.ts";
import { computeOutcomeFigures } from "./outcome-figures.rules.ts";
import { runOutcomeInvitations } from "./outcome-invitations.server.ts";
import { scaleQuestions } from "./outcome-questions.server.ts";
import {
  addDraftQuestion,
  publishDraft,
  removeDraftQuestion,
  saveDraftQuestion,
  startDraft,
} from "./outcome-versions.server.ts";

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

  // Issue 15, continued (migration 0035): nothing is sent for a case on legal hold, and
  // administrators publish new versions of the questions, which never mix with the old ones.
  const mailKinds = async (caseId: number) =>
    (await storedMail(handle().db)).filter((m) => m.related_id === String(caseId)).map((m) => m.kind);

  it("sends no invitation, reminder or letter for a case on legal hold, and carries on once it is lifted", async () => {
    const coordinator = await staffActor(handle().db, "coordinator", { region: "midden" });
    const held = await caseWith({ measuring: true });
    const lettered = await caseWith({ measuring: true, email: false });
    const hold = (caseId: number, until: string) =>
      placeLegalHold(handle().db, coordinator, { caseId, origin: "t", now: T0, reason: "court_case", until });
    expect(await hold(held.caseId, "2026-12-10")).toEqual({ ok: true });
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(T0, 1), publicUrl: PUBLIC_URL }));
    expect(await invitations(held.caseId)).toEqual([]);
    expect(await mailKinds(held.caseId)).toEqual([]);
    // The hold ends after its last day: the invitation goes then (still within 30 days).
    await asApp((db) => runOutcomeInvitations(db, { now: new Date("2026-12-10T20:00:00Z"), publicUrl: PUBLIC_URL }));
    expect(await invitations(held.caseId)).toEqual([]);
    await asApp((db) => runOutcomeInvitations(db, { now: new Date("2026-12-11T08:00:00Z"), publicUrl: PUBLIC_URL }));
    expect((await invitations(held.caseId)).map((i) => i.moment)).toEqual(["before"]);
    expect(await mailKinds(held.caseId)).toEqual(["outcome.invitation"]);

    // A hold placed after the invitation: no letter and no reminder while it lasts.
    const [letter] = await invitations(lettered.caseId);
    expect(letter?.email_sent_at).toBeNull();
    expect(await hold(lettered.caseId, "2027-06-01")).toEqual({ ok: true });
    await expect(
      printLetter(handle().db, lettered.mediator, {
        caseId: lettered.caseId,
        origin: "t",
        now: addDays(T0, 2),
        invitationId: Number(letter?.id),
      }),
    ).rejects.toThrow(/invalid/);
    const page = (now: Date) =>
      caseOutcomes(handle().db, lettered.mediator, { caseId: lettered.caseId, origin: "t", now, locale: "nl" });
    expect((await page(addDays(T0, 2))).onHold).toBe(true);
    const emailed = await invitations(held.caseId);
    await hold(held.caseId, "2027-06-01");
    await asApp((db) => runOutcomeInvitations(db, { now: new Date("2026-12-20T08:00:00Z"), publicUrl: PUBLIC_URL }));
    expect(await mailKinds(held.caseId)).toEqual(["outcome.invitation"]);
    const [active] = await handle()
      .db.selectFrom("legal_hold")
      .select("id")
      .where("case_id", "=", held.caseId)
      .where("until", "=", "2027-06-01")
      .execute();
    await liftLegalHold(handle().db, coordinator, {
      caseId: held.caseId,
      origin: "t",
      now: new Date("2026-12-21T08:00:00Z"),
      holdId: Number(active?.id),
    });
    await asApp((db) => runOutcomeInvitations(db, { now: new Date("2026-12-21T09:00:00Z"), publicUrl: PUBLIC_URL }));
    expect(await mailKinds(held.caseId)).toEqual(["outcome.invitation", "outcome.reminder"]);
    expect(emailed).toHaveLength(1);
  });

  it("lets an administrator draft, change and publish a new version; published versions never change", async () => {
    const admin = await staffActor(handle().db, "administrator");
    const coordinator = await staffActor(handle().db, "coordinator", { region: "midden" });
    const base = { origin: "t", now: T0 };
    const o = () => outcomeDb(handle().db);
    const v1 = await o()
      .selectFrom("outcome_questionnaire")
      .selectAll()
      .where("side", "=", "victim")
      .where("active", "=", true)
      .executeTakeFirstOrThrow();
    await expect(startDraft(handle().db, coordinator, { ...base, side: "victim" })).rejects.toThrow(/not allowed/);

    const drafted = await asApp((db) => startDraft(db, admin, { ...base, side: "victim" }));
    if (!drafted.ok) throw new Error(drafted.problem);
    const draftId = drafted.questionnaireId;
    expect(await asApp((db) => startDraft(db, admin, { ...base, side: "victim" }))).toEqual({
      ok: false,
      problem: "draft_exists",
    });
    const questions = () =>
      o()
        .selectFrom("outcome_question")
        .selectAll()
        .where("questionnaire_id", "=", draftId)
        .orderBy("position")
        .execute();
    const copied = await questions();
    expect(copied.map((q) => q.code)).toEqual([
      "afraid",
      "angry",
      "sleep",
      "safe",
      "why_questions",
      "heard",
      "calm",
      "in_control",
      "anything_else",
    ]);
    // Change the wording of "sleep", take "why_questions" out, add two, then one too many.
    const sleep = copied.find((q) => q.code === "sleep");
    const scale = {
      kind: "scale" as const,
      lowNl: "heel slecht",
      lowEn: "very badly",
      highNl: "heel goed",
      highEn: "very well",
      better: "higher" as const,
    };
    const changed = await asApp((db) =>
      saveDraftQuestion(db, admin, {
        ...base,
        questionnaireId: draftId,
        questionId: Number(sleep?.id),
        question: {
          ...scale,
          code: "sleep",
          textNl: "Hoe goed slaapt u deze week?",
          textEn: "How well do you sleep this week?",
        },
      }),
    );
    expect(changed).toEqual({ ok: true });
    const why = copied.find((q) => q.code === "why_questions");
    expect(
      await asApp((db) =>
        removeDraftQuestion(db, admin, { ...base, questionnaireId: draftId, questionId: Number(why?.id) }),
      ),
    ).toEqual({ ok: true });
    const add = (code: string) =>
      asApp((db) =>
        addDraftQuestion(db, admin, {
          ...base,
          questionnaireId: draftId,
          question: { ...scale, code, textNl: `Vraag ${code} (nieuw)`, textEn: `Question ${code} (new)` },
        }),
      );
    expect(await add("calm")).toEqual({ ok: false, problem: "code_taken" });
    for (const code of ["work", "friends", "trust", "future"]) expect(await add(code)).toEqual({ ok: true });
    expect(await add("one_too_many")).toEqual({ ok: false, problem: "too_many" });
    const edited = await questions();
    expect(edited).toHaveLength(12);
    expect(edited.map((q) => q.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(edited.find((q) => q.code === "sleep")?.text_en).toBe("How well do you sleep this week?");
    // The draft is not in use and not in the figures.
    expect((await scaleQuestions(handle().db)).some((q) => q.questionnaireId === draftId)).toBe(false);

    expect(await asApp((db) => publishDraft(db, admin, { ...base, questionnaireId: draftId }))).toEqual({ ok: true });
    const versions = await o()
      .selectFrom("outcome_questionnaire")
      .select(["id", "version", "active"])
      .where("side", "=", "victim")
      .orderBy("version")
      .execute();
    expect(versions.map((v) => [v.version, v.active])).toEqual([
      [1, false],
      [2, true],
    ]);
    // Published: the app may not change it, and neither may the database owner.
    expect(
      await asApp((db) =>
        saveDraftQuestion(db, admin, {
          ...base,
          questionnaireId: draftId,
          questionId: Number(sleep?.id),
          question: { ...scale, code: "sleep", textNl: "Nog een andere tekst", textEn: "Yet another text" },
        }),
      ),
    ).toEqual({ ok: false, problem: "not_draft" });
    await expect(
      o()
        .updateTable("outcome_question")
        .set({ text_nl: "Stiekem anders" })
        .where("id", "=", Number(sleep?.id))
        .execute(),
    ).rejects.toThrow(/published/);
    await expect(
      o()
        .updateTable("outcome_question")
        .set({ text_nl: "Stiekem anders" })
        .where("questionnaire_id", "=", v1.id)
        .execute(),
    ).rejects.toThrow(/published/);
    await expect(o().deleteFrom("outcome_questionnaire").where("id", "=", v1.id).execute()).rejects.toThrow(
      /published/,
    );
    // Only administrators write questions, also below the app (row-level security).
    await expect(
      asApp((db) =>
        withStaffActor(db, coordinator, (trx) =>
          outcomeDb(trx)
            .insertInto("outcome_questionnaire")
            .values({ side: "victim", version: 9, active: false, introduced_on: "2026-11-27", published_at: null })
            .execute(),
        ),
      ),
    ).rejects.toThrow();

    // New questionnaires use version 2; the figures count v1 and v2 questions apart, so a person
    // who answered v1 before and v2 after gives no change at all.
    const made = await caseWith({ measuring: true });
    await asApp((db) => runOutcomeInvitations(db, { now: addDays(T0, 1), publicUrl: PUBLIC_URL }));
    expect((await invitations(made.caseId))[0]?.questionnaire_id).toBe(draftId);
    const all = await scaleQuestions(handle().db);
    const oldCalm = all.find((q) => q.questionnaireId === v1.id && q.code === "calm");
    const newCalm = all.find((q) => q.questionnaireId === draftId && q.code === "calm");
    expect(oldCalm?.id).not.toBe(newCalm?.id);
    const fact = (moment: "before" | "after", questionId: number, score: number) => ({
      person: "p",
      side: "victim" as const,
      hadContact: true,
      forms: [],
      moment,
      completed: true,
      questionId,
      score,
    });
    const mixed = computeOutcomeFigures(
      [fact("before", Number(oldCalm?.id), 2), fact("after", Number(newCalm?.id), 8)],
      all,
      1,
    );
    const calmRows = mixed.changes.filter((c) => c.code === "calm" && c.side === "victim" && c.group === "contact");
    expect(calmRows.map((c) => c.questionnaireVersion).sort()).toEqual([1, 1, 2, 2]);
    for (const c of calmRows) expect(c.n).toBeNull();

    // Each step is in the audit log, by the administrator.
    const audited = await handle()
      .db.selectFrom("audit_log")
      .select("action")
      .where("actor_id", "=", admin.userId)
      .where("action", "like", "questionnaire.%")
      .execute();
    expect(new Set(audited.map((a) => a.action))).toEqual(
      new Set([
        "questionnaire.draft",
        "questionnaire.question_change",
        "questionnaire.question_remove",
        "questionnaire.question_add",
        "questionnaire.publish",
      ]),
    );
  });
});
