import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { type Locale, translator } from "../../lib/i18n/i18n.ts";
import type { Actor } from "../auth/roles.ts";
import { chartSvg } from "./charts.server.ts";
import type { Figures, Period } from "./figures.rules.ts";
import { figureLabels, getFigures, getFiguresUnchecked } from "./figures.server.ts";
import { figureTables, type StatTable } from "./figures.tables.ts";

/**
 * What the statistics page, the annual report, the exports and the API ask for: a year or a
 * period, a region, and whether the output is meant for publication (small counts hidden).
 */
export type FigureQuery = {
  period: Period;
  year: number | null;
  regionId: number | undefined;
  publication: boolean;
};

/** Counts from 1 to this minus one are suppressed in publications (setting `statistics.suppress_below`). */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) =>
  DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** Reads the query string; `undefined` when a given value is not valid (the page says so). */
export function parseFigureQuery(url: URL, defaultYear: number): FigureQuery | undefined {
  const get = (name: string) => url.searchParams.get(name)?.trim() ?? "";
  const yearText = get("jaar") || get("year");
  const from = get("van") || get("from");
  const to = get("tot") || get("to");
  const regionText = get("regio") || get("region");
  const publication = ["1", "ja", "yes", "true"].includes(get("publicatie") || get("publication"));
  if (yearText && !/^\d{4}$/.test(yearText)) return undefined;
  if (regionText && !/^\d{1,9}$/.test(regionText)) return undefined;
  const regionId = regionText ? Number(regionText) : undefined;
  if (from || to) {
    if (!validDate(from) || !validDate(to) || from > to) return undefined;
    return { period: { from, to }, year: null, regionId, publication };
  }
  const year = yearText ? Number(yearText) : defaultYear;
  if (year < 1990 || year > 2200) return undefined;
  return { period: { from: `${year}-01-01`, to: `${year}-12-31` }, year, regionId, publication };
}

export async function suppressionThreshold(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("app_setting")
    .select("value")
    .where("key", "=", "statistics.suppress_below")
    .executeTakeFirst();
  const value = Number(row?.value);
  return Number.isInteger(value) && value >= 2 && value <= 100 ? value : DEFAULT_SUPPRESSION_THRESHOLD;
}

export type FigureSet = {
  figures: Figures;
  tables: StatTable[];
  threshold: number;
  regionName: string | null;
  /** Whether small counts are hidden: asked for, or always for a researcher. */
  publication: boolean;
};

/**
 * A researcher sees figures, never cases: their figures always follow the publication rules,
 * whatever period, region or flag they ask for, so that a small count for one day and one region
 * cannot point to a person. Coordinators, who may open the cases anyway, see exact counts.
 */
export function alwaysSuppressed(actor: Actor): boolean {
  return !actor.roles.includes("coordinator");
}

/** The figures and their tables in a language; with charts for the page and the report. */
export async function figureSet(
  db: Kysely<Database>,
  actor: Actor,
  query: FigureQuery,
  locale: Locale,
): Promise<FigureSet> {
  const effective = alwaysSuppressed(actor) ? { ...query, publication: true } : query;
  return tablesOf(
    db,
    await getFigures(db, actor, { period: query.period, regionId: query.regionId }),
    effective,
    locale,
  );
}

/** The same for a command-line tool, which works as the database owner (`npm run stats`). */
export async function figureSetForTool(db: Kysely<Database>, query: FigureQuery, locale: Locale): Promise<FigureSet> {
  return tablesOf(db, await getFiguresUnchecked(db, { period: query.period, regionId: query.regionId }), query, locale);
}

async function tablesOf(
  db: Kysely<Database>,
  figures: Figures,
  query: FigureQuery,
  locale: Locale,
): Promise<FigureSet> {
  const [labels, threshold] = await Promise.all([figureLabels(db, locale), suppressionThreshold(db)]);
  const tables = figureTables(figures, translator(locale), labels, { publication: query.publication, threshold });
  const regionName =
    query.regionId === undefined ? null : (labels.regions.find((r) => r.id === query.regionId)?.name ?? null);
  return { figures, tables, threshold, regionName, publication: query.publication };
}

/** The figures as the API and `npm run stats` give them (publication: only the suppressed tables). */
export function statisticsJson(query: FigureQuery, set: FigureSet) {
  return {
    period: query.period,
    year: query.year,
    region: query.regionId === undefined ? null : { id: query.regionId, name: set.regionName },
    publication: set.publication,
    suppressBelow: set.publication ? set.threshold : undefined,
    figures: set.publication ? undefined : set.figures,
    tables: set.tables.map(({ chart: _chart, ...table }) => table),
  };
}

/** The title and notes at the top of an exported file. */
export function exportHeader(locale: Locale, query: FigureQuery, set: FigureSet) {
  const t = translator(locale);
  return {
    title: `${t("stats.title")} ${query.year ?? t("stats.periodLabel", { from: query.period.from, to: query.period.to })}`,
    lines: [
      `${t("stats.region")}: ${set.regionName ?? t("stats.allRegions")}`,
      ...(set.publication ? [t("stats.publicationNote", { threshold: set.threshold })] : []),
      t("stats.roundingNote"),
    ],
  };
}

export function withCharts(tables: StatTable[]) {
  return tables.map((table) => ({ ...table, svg: chartSvg(table) }));
}
