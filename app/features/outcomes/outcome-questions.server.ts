import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Locale } from "../../lib/i18n/i18n.ts";
import { outcomeDb } from "./outcome.db.ts";
import type { Side } from "./outcome.rules.ts";
import type { QuestionInfo } from "./outcome-figures.rules.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** One question as the person sees it, in their language. */
export type ShownQuestion = {
  id: number;
  position: number;
  code: string;
  kind: "scale" | "open";
  text: string;
  low: string | null;
  high: string | null;
  better: "higher" | "lower" | null;
};

const q = (db: Db) => outcomeDb(db as Kysely<Database>);

export async function activeQuestionnaireId(db: Db, side: Side): Promise<number | undefined> {
  const row = await q(db)
    .selectFrom("outcome_questionnaire")
    .select("id")
    .where("side", "=", side)
    .where("active", "=", true)
    .executeTakeFirst();
  return row?.id;
}

export async function questionsOf(db: Db, questionnaireId: number, locale: Locale): Promise<ShownQuestion[]> {
  const rows = await q(db)
    .selectFrom("outcome_question")
    .selectAll()
    .where("questionnaire_id", "=", questionnaireId)
    .orderBy("position")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    code: r.code,
    kind: r.kind,
    text: locale === "en" ? r.text_en : r.text_nl,
    low: locale === "en" ? r.low_en : r.low_nl,
    high: locale === "en" ? r.high_en : r.high_nl,
    better: r.better,
  }));
}

/** Every scale question of every published version, for the figures (each question id belongs to one version). */
export async function scaleQuestions(db: Db): Promise<(QuestionInfo & { text_nl: string; text_en: string })[]> {
  const rows = await q(db)
    .selectFrom("outcome_question as q")
    .innerJoin("outcome_questionnaire as n", "n.id", "q.questionnaire_id")
    .select([
      "q.id",
      "q.questionnaire_id",
      "n.version",
      "n.side",
      "q.position",
      "q.code",
      "q.better",
      "q.text_nl",
      "q.text_en",
    ])
    .where("q.kind", "=", "scale")
    // Drafts have no answers and are not in the figures.
    .where("n.published_at", "is not", null)
    .orderBy("n.side", "desc")
    .orderBy("n.version")
    .orderBy("q.position")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    questionnaireId: r.questionnaire_id,
    version: r.version,
    side: r.side,
    position: r.position,
    code: r.code,
    better: r.better ?? "higher",
    text_nl: r.text_nl,
    text_en: r.text_en,
  }));
}

/** All versions with their questions, for the administrator's view. */
export async function allQuestionnaires(db: Db) {
  const [lists, questions] = await Promise.all([
    q(db).selectFrom("outcome_questionnaire").selectAll().orderBy("side", "desc").orderBy("version").execute(),
    q(db).selectFrom("outcome_question").selectAll().orderBy("questionnaire_id").orderBy("position").execute(),
  ]);
  return lists.map((l) => ({ ...l, questions: questions.filter((x) => x.questionnaire_id === l.id) }));
}
