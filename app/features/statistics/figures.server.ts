import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { type FigureCounts, figuresFromCounts } from "./figures.counts.ts";
import { computeFigures, type Fact, type Figures, type Period, previousPeriod } from "./figures.rules.ts";

type Db = Kysely<Database>;

/** The columns of a fact, in the view and in its table `statistics_fact`. */
const FACT_COLUMNS = [
  "received_on",
  "taken_up_on",
  "submitted_by",
  "referrer_type",
  "registrant_side",
  "registrant_role",
  "offence_category",
  "region_id",
  "first_conversation_on",
  "contact_on",
  "forms",
  "both_agreed",
  "closed_on",
  "no_contact_reason",
  "lead_mediator_id",
] as const;

/** `statistics_fact` (migration 0020): the rows of `registration_fact`, kept in a table. */
type StatisticsFactTable = Database["registration_fact"] & { open_days: string };

/**
 * Brings `statistics_fact` up to date: recomputes from the view the rows of the registrations
 * changed since the last time (noted by triggers). Returns how many it recomputed.
 */
export async function refreshStatisticsFacts(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT refresh_statistics_fact() AS n`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

const INT4_MAX = 2_147_483_647;
/** A region id the database can compare with region_id (an integer column). */
const isRegionKey = (regionId: number) => Number.isInteger(regionId) && Math.abs(regionId) <= INT4_MAX;

/**
 * Reads the facts a period's figures need: every registration received in the period or the
 * one before, and every case with a step in the period or open at its end; with a region, only
 * that region's (the figures of a region count nothing else). The same rows as the view gives
 * (`loadFactsFromView`), read from its table `statistics_fact` after bringing that up to date,
 * where an index serves each condition. Only counts leave this module's callers; the facts hold
 * no personal data.
 */
export async function loadFacts(db: Db, period: Period, regionId?: number): Promise<Fact[]> {
  await refreshStatisticsFacts(db);
  const previous = previousPeriod(period);
  const rows = await db
    .withTables<{ statistics_fact: StatisticsFactTable }>()
    .selectFrom("statistics_fact")
    .select([...FACT_COLUMNS])
    .where((eb) =>
      eb.or([
        eb.between("received_on", previous.from, period.to),
        eb.between("taken_up_on", previous.from, period.to),
        eb.between("closed_on", period.from, period.to),
        eb.between("first_conversation_on", period.from, period.to),
        eb.between("contact_on", period.from, period.to),
        // Taken up by the end of the period and not closed by then.
        sql<boolean>`open_days @> ${period.to}::date`,
      ]),
    )
    .$if(regionId !== undefined && isRegionKey(regionId), (qb) => qb.where("region_id", "=", regionId as number))
    .execute();
  return rows.map((r) => ({ ...r, forms: r.forms ?? [] }));
}

/**
 * The straightforward query: the period's facts straight from the view, each row computed from
 * the case tables. The reference that the faster path must always equal (tests, benchmark).
 */
export async function loadFactsFromView(db: Db, period: Period): Promise<Fact[]> {
  const previous = previousPeriod(period);
  const rows = await db
    .selectFrom("registration_fact")
    .select([...FACT_COLUMNS])
    .where((eb) =>
      eb.or([
        eb.between("received_on", previous.from, period.to),
        eb.between("taken_up_on", previous.from, period.to),
        eb.between("closed_on", period.from, period.to),
        eb.between("first_conversation_on", period.from, period.to),
        eb.between("contact_on", period.from, period.to),
        eb.and([
          eb("taken_up_on", "<=", period.to),
          eb.or([eb("closed_on", "is", null), eb("closed_on", ">", period.to)]),
        ]),
      ]),
    )
    .execute();
  return rows.map((r) => ({ ...r, forms: r.forms ?? [] }));
}

/**
 * The period's facts grouped by what each figure looks at (see figures.counts.ts), counted in
 * the database on `statistics_fact` after bringing it up to date: each part reads only the rows
 * of its own condition, through that condition's index.
 */
export async function loadFigureCounts(db: Db, period: Period, regionId?: number): Promise<FigureCounts> {
  if (db.isTransaction) return countFigures(db, period, regionId);
  // The estimated cost of the query makes PostgreSQL compile it first (JIT), which takes longer
  // than running it; SET LOCAL keeps that to this transaction.
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    return countFigures(trx, period, regionId);
  });
}

async function countFigures(db: Db, period: Period, regionId?: number): Promise<FigureCounts> {
  await refreshStatisticsFacts(db);
  const previous = previousPeriod(period);
  const region = regionId === undefined ? sql`true` : sql`region_id = ${regionId}`;
  const { from, to } = period;
  const steps = {
    taken_up: sql.ref("taken_up_on"),
    first_conversation: sql.ref("first_conversation_on"),
    contact: sql.ref("contact_on"),
    closed: sql.ref("closed_on"),
  };
  const durations = Object.entries(steps).map(
    ([step, column]) => sql`${step}::text, (SELECT coalesce(json_agg(json_build_array(days, n)), '[]') FROM (
        SELECT ${column} - received_on AS days, count(*) AS n FROM statistics_fact
        WHERE ${column} BETWEEN ${from} AND ${to} AND ${region} GROUP BY 1) g)`,
  );
  const { rows } = await sql<FigureCounts>`
    SELECT
      (SELECT coalesce(json_agg(g), '[]') FROM (
        SELECT submitted_by, coalesce(referrer_type, 'unknown') AS referrer_type, registrant_side, registrant_role,
          offence_category, cardinality(forms) > 0 AS contact, count(*) AS n
        FROM statistics_fact WHERE received_on BETWEEN ${from} AND ${to} AND ${region}
        GROUP BY 1, 2, 3, 4, 5, 6) g) AS "received",
      (SELECT coalesce(json_agg(g), '[]') FROM (
        SELECT offence_category, count(*) AS n
        FROM statistics_fact WHERE received_on BETWEEN ${previous.from} AND ${previous.to} AND ${region}
        GROUP BY 1) g) AS "receivedPrevious",
      (SELECT coalesce(json_agg(g), '[]') FROM (
        SELECT lead_mediator_id, count(*) AS n
        FROM statistics_fact WHERE taken_up_on BETWEEN ${from} AND ${to} AND ${region}
        GROUP BY 1) g) AS "takenUp",
      (SELECT count(*) FROM statistics_fact
       WHERE taken_up_on BETWEEN ${previous.from} AND ${previous.to} AND ${region}) AS "takenUpPrevious",
      (SELECT coalesce(json_agg(g), '[]') FROM (
        SELECT offence_category, cardinality(forms) > 0 AS contact, both_agreed,
          CASE WHEN cardinality(forms) = 0 THEN coalesce(no_contact_reason, 'unknown') END AS reason,
          CASE WHEN cardinality(forms) > 0 THEN forms END AS forms, count(*) AS n
        FROM statistics_fact WHERE closed_on BETWEEN ${from} AND ${to} AND ${region}
        GROUP BY 1, 2, 3, 4, 5) g) AS "closed",
      json_build_object(${sql.join(durations)}) AS "durations",
      (SELECT count(*) FROM statistics_fact WHERE open_days @> ${to}::date AND ${region}) AS "openAtEnd"`.execute(db);
  const counts = rows[0];
  if (!counts) throw new Error("no figure counts");
  return counts;
}

/**
 * The figures of a period and a region: from counts made in the database, which give the same
 * numbers as `computeFigures` on the facts (the straightforward path, still taken for a region
 * key the database could not compare).
 */
async function figuresFor(db: Db, input: { period: Period; regionId?: number }): Promise<Figures> {
  if (input.regionId !== undefined && !isRegionKey(input.regionId))
    return computeFigures(await loadFacts(db, input.period), input.period, input.regionId);
  return figuresFromCounts(await loadFigureCounts(db, input.period, input.regionId), input.period);
}

/** The figures for a period (and a region), for those allowed to read statistics. */
export async function getFigures(db: Db, actor: Actor, input: { period: Period; regionId?: number }): Promise<Figures> {
  authorize(actor, "statistics.read");
  return figuresFor(db, input);
}

/** The same figures for a command-line tool, which acts as the database owner. */
export async function getFiguresUnchecked(db: Db, input: { period: Period; regionId?: number }): Promise<Figures> {
  return figuresFor(db, input);
}

/**
 * The years that have any registration, newest first (for the year filter). The same as the
 * distinct years of the view, found by jumping through the index on the day received: one
 * look-up per year instead of reading every row.
 */
export async function yearsWithData(db: Db): Promise<number[]> {
  await refreshStatisticsFacts(db);
  const { rows } = await sql<{ year: number }>`
    WITH RECURSIVE years (year) AS (
      SELECT extract(year FROM min(received_on))::int FROM statistics_fact
      UNION ALL
      SELECT (SELECT extract(year FROM min(f.received_on))::int FROM statistics_fact f
              WHERE f.received_on >= make_date(years.year + 1, 1, 1))
      FROM years WHERE years.year IS NOT NULL
    )
    SELECT year FROM years WHERE year IS NOT NULL ORDER BY year DESC`.execute(db);
  return rows.map((r) => r.year);
}

export type Labels = {
  offence: Record<string, string>;
  referrer: Record<string, string>;
  reason: Record<string, string>;
  regions: { id: number; name: string }[];
};

/** The configurable lists' labels in the reader's language. */
export async function figureLabels(db: Db, locale: "nl" | "en"): Promise<Labels> {
  const items = await db.selectFrom("list_item").select(["list", "code", "label_nl", "label_en"]).execute();
  const of = (list: string) =>
    Object.fromEntries(
      items.filter((i) => i.list === list).map((i) => [i.code, locale === "en" ? i.label_en : i.label_nl]),
    );
  const regions = await db.selectFrom("region").select(["id", "name"]).orderBy("name").execute();
  return { offence: of("offence_category"), referrer: of("referrer_type"), reason: of("no_contact_reason"), regions };
}
