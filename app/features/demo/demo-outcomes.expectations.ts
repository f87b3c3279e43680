import { type Kysely, sql } from "kysely";
import { expect } from "vitest";
import type { Database } from "../../db/schema.ts";
import { outcomeDb } from "../outcomes/outcome.db.ts";
import { tQuantile } from "../outcomes/outcome-figures.rules.ts";
import { outcomeFiguresUnchecked } from "../outcomes/outcome-figures.server.ts";

/**
 * What the demo's questionnaire answers must give in the last full year's "Helpt contact?"
 * (checked in the demo cases test, which seeds once): about half answer before contact, fewer
 * at closing; the main groups (each side, with and without contact, before → after) are shown
 * for every question, with the numbers that follow from the stored answers (recomputed here in
 * SQL, apart from the figures code); and the rare forms of contact stay under the smallest group
 * shown.
 */
export async function expectDemoQuestionnaireAnswers(db: Kysely<Database>, year: number): Promise<void> {
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };
  const f = await outcomeFiguresUnchecked(db, { period, regionId: undefined });
  for (const side of ["victim", "offender"] as const) {
    const rate = (moment: string) => f.responses.find((r) => r.side === side && r.moment === moment)?.rate ?? -1;
    expect(rate("before"), `${side} before`).toBeGreaterThanOrEqual(40);
    expect(rate("before"), `${side} before`).toBeLessThanOrEqual(65);
    expect(rate("after"), `${side} after`).toBeLessThan(rate("before"));
    expect(rate("after"), `${side} after`).toBeGreaterThanOrEqual(25);
  }

  // Every person's change per question from the stored answers: score after minus score before.
  const { rows } = await sql<{
    side: "victim" | "offender";
    question_id: number;
    had_contact: boolean;
    n: number;
    mean: number;
    sd: number;
  }>`
    WITH scores AS (
      SELECT i.party_id, i.moment, a.question_id, a.score, p.side, c.id AS case_id
      FROM outcome_answer a
      JOIN outcome_invitation i ON i.id = a.invitation_id AND i.completed_at IS NOT NULL
      JOIN case_party p ON p.id = i.party_id
      JOIN mediation_case c ON c.id = i.case_id
      WHERE NOT a.declined
        AND (c.closed_at AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN ${period.from}::date AND ${period.to}::date
    ), changes AS (
      SELECT b.side, b.question_id, l.score - b.score AS change,
        EXISTS (SELECT 1 FROM case_activity x WHERE x.case_id = b.case_id AND x.kind = 'contact_moment') AS had_contact
      FROM scores b JOIN scores l ON l.party_id = b.party_id AND l.question_id = b.question_id
      WHERE b.moment = 'before' AND l.moment = 'after'
    )
    SELECT side, question_id, had_contact, count(*)::int AS n, avg(change)::float8 AS mean,
      coalesce(stddev_samp(change), 0)::float8 AS sd
    FROM changes GROUP BY side, question_id, had_contact`.execute(db);

  const active = await outcomeDb(db)
    .selectFrom("outcome_question as q")
    .innerJoin("outcome_questionnaire as n", "n.id", "q.questionnaire_id")
    .select(["q.id", "n.side"])
    .where("q.kind", "=", "scale")
    .where("n.active", "=", true)
    .execute();
  expect(active.length).toBeGreaterThanOrEqual(12);
  for (const q of active) {
    for (const group of ["contact", "no_contact"] as const) {
      const shown = f.changes.find((c) => c.questionId === q.id && c.comparison === "after" && c.group === group);
      const own = rows.find((r) => r.question_id === q.id && r.had_contact === (group === "contact"));
      const label = `${q.side} question ${q.id}, ${group}`;
      expect(own, label).toBeDefined();
      expect(shown?.n, label).toBe(own?.n);
      expect(shown?.n ?? 0, label).toBeGreaterThanOrEqual(f.minGroup);
      const n = own?.n ?? 0;
      const mean = own?.mean ?? 0;
      const half = tQuantile(0.975, n - 1) * ((own?.sd ?? 0) / Math.sqrt(n));
      // The figures are rounded to two decimals: at most half a hundredth off.
      const near = (value: number | null | undefined, exact: number) =>
        expect(Math.abs((value ?? Number.NaN) - exact), label).toBeLessThanOrEqual(0.005 + 1e-9);
      near(shown?.mean, mean);
      near(shown?.low, mean - half);
      near(shown?.high, mean + half);
    }
  }
  // The demo's people feel better after contact than without: on average over the questions,
  // the change counted towards "better" is larger with contact.
  const better = (group: "contact" | "no_contact") => {
    const shown = f.changes.filter((c) => c.comparison === "after" && c.group === group && c.mean !== null);
    return shown.reduce((s, c) => s + (c.better === "higher" ? 1 : -1) * (c.mean ?? 0), 0) / shown.length;
  };
  expect(better("contact")).toBeGreaterThan(better("no_contact") + 0.5);

  // Small groups stay small: the rarest form of contact is never shown, and nothing shown is under the minimum.
  const rare = f.changes.filter((c) => c.group === "group_conference");
  expect(rare.length).toBeGreaterThan(0);
  for (const c of rare) expect(c.n).toBeNull();
  for (const c of f.changes) if (c.n !== null) expect(c.n).toBeGreaterThanOrEqual(f.minGroup);
}
