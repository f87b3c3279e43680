import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import type { Period } from "../statistics/figures.rules.ts";
import { outcomeDb } from "./outcome.db.ts";
import { computeOutcomeFigures, type OutcomeFactRow, type OutcomeFigures } from "./outcome-figures.rules.ts";
import { scaleQuestions } from "./outcome-questions.server.ts";

/**
 * The facts of "Helpt contact?" for a period: the people whose case closed in the months of the
 * period (the cohort), with their answers at each moment. Read from the view outcome_fact, which
 * holds no personal data (migration 0031); only coordinators and researchers call this.
 */
type Db = Kysely<Database>;
export type OutcomeQuery = { period: Period; regionId: number | undefined };

export async function minGroupSize(db: Db): Promise<number> {
  const row = await db
    .selectFrom("app_setting")
    .select("value")
    .where("key", "=", "outcomes.min_group")
    .executeTakeFirst();
  const value = Number(row?.value);
  return Number.isInteger(value) && value >= 2 && value <= 100 ? value : 10;
}

async function factRows(db: Db, query: OutcomeQuery) {
  let q = outcomeDb(db)
    .selectFrom("outcome_fact")
    .selectAll()
    .where("closed_month", ">=", query.period.from.slice(0, 7))
    .where("closed_month", "<=", query.period.to.slice(0, 7));
  if (query.regionId !== undefined) q = q.where("region_id", "=", query.regionId);
  return q.execute();
}

/** The figures without a permission check: for `npm run stats`, which works as the database owner. */
export async function outcomeFiguresUnchecked(db: Db, query: OutcomeQuery): Promise<OutcomeFigures> {
  const [rows, questions, minGroup] = await Promise.all([factRows(db, query), scaleQuestions(db), minGroupSize(db)]);
  const facts: OutcomeFactRow[] = rows
    .filter((r) => r.research_id !== null)
    .map((r) => ({
      person: r.research_id as string,
      side: r.side,
      hadContact: r.had_contact,
      forms: r.forms,
      moment: r.moment,
      completed: r.completed,
      questionId: r.question_id,
      score: r.score,
    }));
  return computeOutcomeFigures(facts, questions, minGroup);
}

export async function outcomeFigures(db: Db, actor: Actor, query: OutcomeQuery): Promise<OutcomeFigures> {
  authorize(actor, "statistics.read");
  return outcomeFiguresUnchecked(db, query);
}

/** The researchers' export columns: nothing that names a person, a case or a day. */
export const EXPORT_COLUMNS = [
  "person",
  "side",
  "role",
  "offence_category",
  "contact_forms",
  "year",
  "moment",
  "questionnaire_version",
  "question",
  "score",
] as const;

/**
 * The answers, pseudonymised, as CSV: a random id per person, side, role, offence category,
 * forms of contact, the year (of closing), the moment and the scores. No reference, no dates
 * finer than the month (here: the year), no open answers, no region. Only completed
 * questionnaires, only scores given (not the "rather not say").
 */
export async function researchExport(db: Db, actor: Actor, query: OutcomeQuery): Promise<string> {
  authorize(actor, "statistics.read");
  const [rows, questions] = await Promise.all([factRows(db, query), scaleQuestions(db)]);
  const version = new Map(questions.map((q) => [q.id, q.version]));
  const lines = [EXPORT_COLUMNS.join(",")];
  for (const r of rows) {
    if (!r.completed || r.question_id === null || r.score === null || r.research_id === null) continue;
    lines.push(
      [
        r.research_id,
        r.side,
        r.role,
        r.offence_category,
        r.forms.join(" "),
        (r.closed_month ?? "").slice(0, 4),
        r.moment,
        String(version.get(r.question_id) ?? ""),
        r.question_code ?? "",
        String(r.score),
      ].join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
