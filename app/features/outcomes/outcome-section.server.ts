import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { type Locale, translator } from "../../lib/i18n/i18n.ts";
import type { Actor } from "../auth/roles.ts";
import type { FigureQuery } from "../statistics/statistics.server.ts";
import type { OutcomeFigures } from "./outcome-figures.rules.ts";
import { outcomeFigures, outcomeFiguresUnchecked } from "./outcome-figures.server.ts";
import { scaleQuestions } from "./outcome-questions.server.ts";
import { outcomeTables } from "./outcome-tables.server.ts";

/**
 * The section "Helpt contact?" of the figures page and the annual report: the figures, as
 * tables with their definitions and charts. Groups under the minimum are never shown, for
 * coordinators as well as researchers: a mean of a handful of answers points to people.
 */
export function periodLabel(query: FigureQuery, locale: Locale): string {
  if (query.year) return String(query.year);
  return translator(locale)("stats.periodLabel", { from: query.period.from, to: query.period.to });
}

export async function outcomeSection(db: Kysely<Database>, actor: Actor, query: FigureQuery, locale: Locale) {
  const figures = await outcomeFigures(db, actor, { period: query.period, regionId: query.regionId });
  return sectionOf(db, figures, query, locale);
}

export async function outcomeSectionForTool(db: Kysely<Database>, query: FigureQuery, locale: Locale) {
  const figures = await outcomeFiguresUnchecked(db, { period: query.period, regionId: query.regionId });
  return sectionOf(db, figures, query, locale);
}

async function sectionOf(db: Kysely<Database>, figures: OutcomeFigures, query: FigureQuery, locale: Locale) {
  const questions = await scaleQuestions(db);
  const t = translator(locale);
  return {
    figures,
    tables: outcomeTables(figures, questions, t, locale, periodLabel(query, locale)),
    intro: t("outcomes.intro"),
    warning: t("outcomes.warning"),
  };
}

/** `outcomes` in the JSON of `npm run stats` and GET /api/v1/statistics. */
export function outcomesJson(section: Awaited<ReturnType<typeof sectionOf>>) {
  return {
    warning: section.warning,
    minGroup: section.figures.minGroup,
    responses: section.figures.responses,
    changes: section.figures.changes,
    tables: section.tables.map(({ svg: _svg, chart: _chart, ...table }) => table),
  };
}
