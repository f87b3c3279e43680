import { type Kysely, sql, type Transaction } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { reserveIds, visibleCaseBox } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import { invalidInput } from "../../lib/errors.ts";
import type { Locale } from "../../lib/i18n/i18n.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { type CaseWriteBase, caseCommand } from "../cases/case.command.server.ts";
import { outcomeDb } from "./outcome.db.ts";
import { addDays, INVITATION_DAYS, MOMENTS, type Moment, type Side } from "./outcome.rules.ts";
import { writeAnswers } from "./outcome-answering.server.ts";
import { type AnswerInput, DECLINED, type ScoreInput } from "./outcome-answers.schema.ts";
import { activeQuestionnaireId, questionsOf, type ShownQuestion } from "./outcome-questions.server.ts";
import { issueToken } from "./outcome-tokens.server.ts";

/**
 * The questionnaires in a case: who consents, which invitations went out and how they were
 * answered, and — only for the case's assigned mediators, and only for a person who agreed that
 * their answers may be used in the case — the answers over time.
 */
type Db = Kysely<Database>;

async function latestConsent(trx: Transaction<Database>, partyId: number, purpose: string): Promise<boolean> {
  const row = await trx
    .selectFrom("case_consent")
    .select("given")
    .where("party_id", "=", partyId)
    .where("purpose", "=", purpose)
    .orderBy("recorded_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row?.given === true;
}

export type PersonAnswers = {
  questions: ShownQuestion[];
  /** Per moment answered: the scores by question id, and the open answer. */
  moments: {
    moment: Moment;
    completedAt: Date;
    via: string | null;
    scores: Record<number, ScoreInput>;
    open: string;
  }[];
};

export type CaseOutcomeParty = {
  id: number;
  side: Side;
  role: string;
  name: string;
  measuring: boolean;
  inCase: boolean;
  invitations: {
    id: number;
    moment: Moment;
    createdAt: Date;
    expiresAt: Date;
    emailSentAt: Date | null;
    reminderSentAt: Date | null;
    letterPrintedAt: Date | null;
    completedAt: Date | null;
    via: string | null;
  }[];
  /** Present only for an assigned mediator and with the person's consent to use them in the case. */
  answers: PersonAnswers | null;
  /** The questions to enter answers given on paper or by phone (the active version of their side). */
  entryQuestions: ShownQuestion[];
};

export async function caseOutcomes(
  db: Db,
  actor: Actor,
  input: { caseId: number; origin: string; now: Date; locale: Locale },
): Promise<{
  reference: string;
  step: string;
  /** On legal hold now: nothing is sent, and no letter can be printed (migration 0035). */
  onHold: boolean;
  parties: CaseOutcomeParty[];
}> {
  authorize(actor, "case.list");
  return withStaffActor(db, actor, async (trx) => {
    const box = await visibleCaseBox(trx, input.caseId);
    const kase = await trx
      .selectFrom("mediation_case")
      .select(["reference", "step"])
      .where("id", "=", input.caseId)
      .executeTakeFirstOrThrow();
    const { rows: assigned } = await sql<{ ok: boolean }>`SELECT herstel_is_assigned(${input.caseId}) AS ok`.execute(
      trx,
    );
    const mediator = actor.roles.includes("mediator") && assigned[0]?.ok === true;
    const o = outcomeDb(trx);
    const [parties, invitations] = await Promise.all([
      trx
        .selectFrom("case_party")
        .select(["id", "side", "role", "display_name"])
        .where("case_id", "=", input.caseId)
        .orderBy("id")
        .execute(),
      o
        .selectFrom("outcome_invitation")
        .selectAll()
        .where("case_id", "=", input.caseId)
        .orderBy("created_at")
        .execute(),
    ]);
    const out: CaseOutcomeParty[] = [];
    for (const p of parties) {
      const measuring = await latestConsent(trx, p.id, "outcome_measurement");
      const inCaseConsent = await latestConsent(trx, p.id, "outcome_in_case");
      const mine = invitations.filter((i) => Number(i.party_id) === p.id);
      let answers: PersonAnswers | null = null;
      const answered = mine.filter((i) => i.completed_at !== null);
      if (mediator && inCaseConsent && answered.length > 0) {
        const rows = await o
          .selectFrom("outcome_answer")
          .select(["invitation_id", "question_id", "score", "declined"])
          .where(
            "invitation_id",
            "in",
            answered.map((i) => i.id),
          )
          .execute();
        const questionnaire = answered[answered.length - 1]?.questionnaire_id as number;
        answers = {
          questions: await questionsOf(trx, questionnaire, input.locale),
          moments: MOMENTS.flatMap((moment) => {
            const inv = answered.find((i) => i.moment === moment);
            if (!inv) return [];
            const scores: Record<number, ScoreInput> = {};
            for (const r of rows.filter((r) => Number(r.invitation_id) === Number(inv.id)))
              scores[r.question_id] = r.declined ? DECLINED : (r.score as number);
            return [
              {
                moment,
                completedAt: inv.completed_at as Date,
                via: inv.answered_via,
                scores,
                open: box.openOptionalText("outcome_invitation.open_answer", Number(inv.id), inv.open_answer),
              },
            ];
          }),
        };
      }
      const active = await activeQuestionnaireId(trx, p.side);
      out.push({
        id: p.id,
        side: p.side,
        role: p.role,
        name: p.display_name,
        measuring,
        inCase: inCaseConsent,
        invitations: mine.map((i) => ({
          id: Number(i.id),
          moment: i.moment,
          createdAt: i.created_at,
          expiresAt: i.expires_at,
          emailSentAt: i.email_sent_at,
          reminderSentAt: i.reminder_sent_at,
          letterPrintedAt: i.letter_printed_at,
          completedAt: i.completed_at,
          via: i.answered_via,
        })),
        answers,
        entryQuestions:
          mediator && measuring && active !== undefined ? await questionsOf(trx, active, input.locale) : [],
      });
    }
    await recordAudit(trx, {
      actorId: actor.userId,
      action: "case.outcomes_read",
      objectType: "case",
      objectId: input.caseId,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
    const hold = await sql<{ on_hold: boolean }>`
      SELECT outcome_case_on_hold(${input.caseId}, ${input.now}) AS on_hold`.execute(trx);
    return { reference: kase.reference, step: kase.step, onHold: hold.rows[0]?.on_hold === true, parties: out };
  });
}

async function requireConsent(trx: Transaction<Database>, partyId: number) {
  const { rows } = await sql<{ ok: boolean }>`SELECT outcome_consent_given(${partyId}) AS ok`.execute(trx);
  if (!rows[0]?.ok) throw invalidInput("consent");
}

/**
 * Answers the person gave on paper or by phone, entered by an assigned mediator (recorded as
 * such). Needs the person's consent to measuring; one questionnaire per person and moment.
 */
export async function enterAnswers(
  db: Db,
  actor: Actor,
  input: CaseWriteBase & { partyId: number; moment: Moment; via: "paper" | "phone"; answers: AnswerInput },
) {
  return caseCommand(db, actor, input, "case.outcome_entered", async (trx) => {
    const party = await trx
      .selectFrom("case_party")
      .select(["id", "side"])
      .where("id", "=", input.partyId)
      .where("case_id", "=", input.caseId)
      .executeTakeFirst();
    if (!party) throw invalidInput("partyId");
    await requireConsent(trx, party.id);
    const o = outcomeDb(trx);
    let inv = await o
      .selectFrom("outcome_invitation")
      .select(["id", "completed_at", "questionnaire_id"])
      .where("party_id", "=", party.id)
      .where("moment", "=", input.moment)
      .executeTakeFirst();
    if (inv?.completed_at) throw invalidInput("moment");
    if (!inv) {
      const questionnaireId = await activeQuestionnaireId(trx, party.side);
      if (questionnaireId === undefined) throw invalidInput("moment");
      await o
        .insertInto("outcome_participant")
        .values({ party_id: party.id, case_id: input.caseId })
        .onConflict((oc) => oc.column("party_id").doNothing())
        .execute();
      const [id] = (await reserveIds(trx, "outcome_invitation", 1)) as [number];
      await o
        .insertInto("outcome_invitation")
        .values({
          id,
          case_id: input.caseId,
          party_id: party.id,
          moment: input.moment,
          questionnaire_id: questionnaireId,
          created_at: input.now,
          expires_at: addDays(input.now, INVITATION_DAYS),
        })
        .execute();
      inv = { id, completed_at: null, questionnaire_id: questionnaireId };
    }
    const scaleIds = new Set(
      (await questionsOf(trx, inv.questionnaire_id, "nl")).filter((q) => q.kind === "scale").map((q) => q.id),
    );
    for (const id of input.answers.scores.keys()) if (!scaleIds.has(id)) throw invalidInput(`q${id}`);
    await writeAnswers(trx, { id: Number(inv.id), case_id: input.caseId }, input.answers);
    await o
      .updateTable("outcome_invitation")
      .set({ completed_at: input.now, answered_via: input.via, recorded_by: actor.userId })
      .where("id", "=", inv.id)
      .execute();
  });
}

/**
 * A letter with a new single-use code for an open invitation (for a person without e-mail, or
 * who asks for one); codes printed earlier keep working until used or expired.
 */
export async function printLetter(db: Db, actor: Actor, input: CaseWriteBase & { invitationId: number }) {
  return caseCommand(db, actor, input, "case.outcome_letter_printed", async (trx, box) => {
    const o = outcomeDb(trx);
    const inv = await o
      .selectFrom("outcome_invitation")
      .select(["id", "case_id", "party_id", "expires_at", "completed_at", "moment"])
      .where("id", "=", input.invitationId)
      .where("case_id", "=", input.caseId)
      .executeTakeFirst();
    if (!inv || inv.completed_at || inv.expires_at.getTime() <= input.now.getTime()) throw invalidInput("invitationId");
    await requireConsent(trx, Number(inv.party_id));
    // Nothing is sent while the case is on legal hold, a letter included (migration 0035).
    const hold = await sql<{ on_hold: boolean }>`
      SELECT outcome_case_on_hold(${input.caseId}, ${input.now}) AS on_hold`.execute(trx);
    if (hold.rows[0]?.on_hold) throw invalidInput("invitationId");
    const code = await issueToken(
      trx,
      { id: Number(inv.id), case_id: input.caseId, expires_at: inv.expires_at },
      "code",
      input.now,
    );
    await o.updateTable("outcome_invitation").set({ letter_printed_at: input.now }).where("id", "=", inv.id).execute();
    const party = await trx
      .selectFrom("case_party")
      .select(["display_name", "contact"])
      .where("id", "=", Number(inv.party_id))
      .executeTakeFirstOrThrow();
    const contact = party.contact ? box.openJson("case_party.contact", Number(inv.party_id), party.contact) : {};
    return {
      code,
      expiresAt: inv.expires_at,
      name: party.display_name,
      address: typeof contact.address === "string" ? contact.address : "",
      moment: inv.moment,
    };
  });
}
