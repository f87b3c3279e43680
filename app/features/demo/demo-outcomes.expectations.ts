import type { Kysely } from "kysely";
import { expect } from "vitest";
import type { Database } from "../../db/schema.ts";
import { outcomeFiguresUnchecked } from "../outcomes/outcome-figures.server.ts";

/**
 * What the demo's questionnaire answers must give (checked in the demo cases test, which seeds
 * once): about half answer before contact, fewer at closing, and no group smaller than the
 * smallest shown is given a result.
 */
export async function expectDemoQuestionnaireAnswers(db: Kysely<Database>): Promise<void> {
  const f = await outcomeFiguresUnchecked(db, {
    period: { from: "2024-01-01", to: "2026-12-31" },
    regionId: undefined,
  });
  const rate = (moment: string) => f.responses.find((r) => r.side === "victim" && r.moment === moment)?.rate ?? -1;
  expect(rate("before")).toBeGreaterThanOrEqual(40);
  expect(rate("before")).toBeLessThanOrEqual(65);
  expect(rate("after")).toBeLessThan(rate("before"));
  // The demo's cases span its last weeks only (the years before are imported history, which has
  // no questionnaires), so the pairs per group stay under the smallest group shown: the changes
  // are there as rows, and suppressed.
  const contactAfter = f.changes.filter((c) => c.group === "contact" && c.comparison === "after");
  expect(contactAfter.length).toBeGreaterThan(0);
  for (const c of f.changes) if (c.n !== null) expect(c.n).toBeGreaterThanOrEqual(10);
}
