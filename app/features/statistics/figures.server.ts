import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { type FigureCounts, figuresFromCounts, type KeyCounts } from "./figures.counts.ts";
import { splitPeriod } from "./figures.periods.ts";
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
 * The period's counts by what each figure looks at (see figures.counts.ts), after bringing
 * `statistics_fact` up to date: whole years and whole months from `statistics_rollup`
 * (migration 0036), the days of a month the period covers only in part from `statistics_fact`
 * itself, through the index on each date. Both count by `statistics_fact_parts`, the one
 * definition of what a fact counts under.
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

const RECEIVED_KINDS = ["channel", "referrer", "side", "role", "offence"];
const STEP_KINDS = {
  taken_up: "days_taken_up",
  first_conversation: "days_first_conversation",
  contact: "days_contact",
  closed: "days_closed",
} as const;
const PERIOD_KINDS = [
  ...RECEIVED_KINDS,
  "taken_up",
  "closed",
  "closed_form",
  "closed_reason",
  ...Object.values(STEP_KINDS),
];
/** Far enough back for "open at the end": every case taken up since. */
const BEGINNING = "0001-01-01";

/** The counts of one window (the period, the previous one, everything up to the end) by kind and key. */
function windowParts(window: string, period: Period, kinds: readonly string[], regionId: number | undefined) {
  const parts = splitPeriod(period);
  const selects = [];
  const region = regionId === undefined ? -1 : regionId;
  if (parts.months.length > 0 || parts.years.length > 0) {
    const ranges = [
      ...parts.months.map(
        ([from, until]) => sql`(grain = 'month' AND period_start >= ${from} AND period_start < ${until})`,
      ),
      ...parts.years.map(
        ([from, until]) => sql`(grain = 'year' AND period_start >= ${from} AND period_start < ${until})`,
      ),
    ];
    selects.push(sql`SELECT ${window}::text AS w, kind, key, n FROM statistics_rollup
      WHERE region_key = ${region} AND kind IN (${sql.join(kinds)}) AND (${sql.join(ranges, sql` OR `)})`);
  }
  if (parts.days.length > 0) {
    const within = (column: string) =>
      sql.join(
        parts.days.map(([from, to]) => sql`${sql.ref(column)} BETWEEN ${from} AND ${to}`),
        sql` OR `,
      );
    const dated = ["f.received_on", "f.taken_up_on", "f.closed_on", "f.first_conversation_on", "f.contact_on"];
    selects.push(sql`SELECT ${window}::text AS w, p.kind, p.key, 1::bigint AS n FROM statistics_fact f
      CROSS JOIN LATERAL statistics_fact_parts(f.received_on, f.taken_up_on, f.first_conversation_on, f.contact_on,
        f.closed_on, f.submitted_by, f.referrer_type, f.registrant_side, f.registrant_role, f.offence_category,
        f.forms, f.both_agreed, f.no_contact_reason, f.lead_mediator_id) p
      WHERE (${sql.join(dated.map(within), sql` OR `)}) AND (${within("p.day")}) AND p.kind IN (${sql.join(kinds)})
        AND ${regionId === undefined ? sql`true` : sql`f.region_id = ${regionId}`}`);
  }
  return selects;
}

async function countFigures(db: Db, period: Period, regionId?: number): Promise<FigureCounts> {
  await refreshStatisticsFacts(db);
  const selects = [
    ...windowParts("now", period, PERIOD_KINDS, regionId),
    ...windowParts("previous", previousPeriod(period), ["offence", "taken_up"], regionId),
    ...windowParts("open", { from: BEGINNING, to: period.to }, ["opened", "open_ended"], regionId),
  ];
  const { rows } = await sql<{ w: string; kind: string; key: string[]; n: number }>`
    SELECT w, kind, key, sum(n)::int AS n FROM (${sql.join(selects, sql` UNION ALL `)}) parts
    GROUP BY w, kind, key HAVING sum(n) <> 0`.execute(db);
  const of = (window: string, kind: string): KeyCounts =>
    rows.filter((r) => r.w === window && r.kind === kind).map((r) => [r.key, r.n]);
  const sum = (counts: KeyCounts) => counts.reduce((total, [, n]) => total + n, 0);
  return {
    channel: of("now", "channel"),
    referrer: of("now", "referrer"),
    side: of("now", "side"),
    role: of("now", "role"),
    offence: of("now", "offence"),
    offencePrevious: of("previous", "offence"),
    takenUp: of("now", "taken_up"),
    takenUpPrevious: sum(of("previous", "taken_up")),
    closed: of("now", "closed"),
    closedForms: of("now", "closed_form"),
    closedReasons: of("now", "closed_reason"),
    durations: {
      taken_up: of("now", STEP_KINDS.taken_up),
      first_conversation: of("now", STEP_KINDS.first_conversation),
      contact: of("now", STEP_KINDS.contact),
      closed: of("now", STEP_KINDS.closed),
    },
    openAtEnd: sum(of("open", "opened")) - sum(of("open", "open_ended")),
  };
}

/**
 * The figures of a period and a region: from counts made in the database, which give the same
 * numbers as `computeFigures` on the facts (the straightforward path, still taken for a region
 * key the database could not compare).
 */
async function figuresFor(db: Db, input: { period: Period; regionId?: number }): Promise<Figures> {
  // Region ids start at 1; 0 and -1 are the rollup's own keys (no region, all regions).
  if (input.regionId !== undefined && !(isRegionKey(input.regionId) && input.regionId >= 1))
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
