import type { Kysely } from "kysely";
import { expect } from "vitest";
import type { Database } from "../../db/schema.ts";
import { outcomeFiguresUnchecked } from "../outcomes/outcome-figures.server.ts";

/**
 * What the demo's questionnaire answers must give (checked in the demo cases test, which seeds
 * once): about half answer before contact, fewer at closing, and the figures show a result, for
 * three years together and for one year of the annual report.
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
  const shown = f.changes.filter((c) => c.n !== null);
  expect(shown.some((c) => c.group === "contact" && c.comparison === "after")).toBe(true);
  expect(shown.some((c) => c.group === "no_contact" && c.comparison === "after")).toBe(true);
  const year = await outcomeFiguresUnchecked(db, {
    period: { from: "2025-01-01", to: "2025-12-31" },
    regionId: undefined,
  });
  const calm = year.changes.find((c) => c.code === "calm" && c.group === "contact" && c.comparison === "after");
  expect(calm?.n ?? 0).toBeGreaterThanOrEqual(10);
  expect(calm?.mean ?? 0).toBeGreaterThan(0);
}
