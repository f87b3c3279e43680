import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { statisticsDataSql } from "../../testing/statistics-data.ts";
import { computeFigures, type Fact, type Period } from "./figures.rules.ts";
import { getFiguresUnchecked, refreshStatisticsFacts } from "./figures.server.ts";

/** Periods whose edges fall on and next to month and year boundaries, in leap years too. */
const PERIODS: Period[] = [
  { from: "2020-02-29", to: "2020-02-29" },
  { from: "2020-02-01", to: "2020-02-29" },
  { from: "2020-02-02", to: "2020-02-28" },
  { from: "2019-12-31", to: "2020-01-01" },
  { from: "2018-01-01", to: "2018-01-31" },
  { from: "2016-01-15", to: "2019-11-14" },
  { from: "2015-12-01", to: "2017-02-28" },
  { from: "2016-02-01", to: "2018-12-31" },
  { from: "2014-12-20", to: "2015-01-10" },
  { from: "2007-01-01", to: "2026-12-31" },
  { from: "2025-07-01", to: "2026-11-30" },
];

/**
 * The rollup of migration 0036: `statistics_rollup` always holds exactly what the rows of
 * `statistics_fact` count (checked against a count made afresh), also after changes to cases and
 * imported history; and the figures made from it and from the days of partial months equal
 * `computeFigures` on every row of the view, for periods that start and end on and next to
 * month and year boundaries. Generated history: 1,500 registrations over 2007–2026.
 */
describeWithDatabase("annual figures, rollup by month and year", (handle) => {
  let regions: number[] = [];

  beforeAll(async () => {
    await handle().withRawSession((s) => s.exec(statisticsDataSql(1500)));
    regions = (await handle().db.selectFrom("region").select("id").orderBy("id").limit(2).execute()).map((r) => r.id);
  });

  /** The rollup as it is and as counted afresh from statistics_fact. */
  async function rollupAndFresh() {
    await refreshStatisticsFacts(handle().db);
    const order = sql`ORDER BY region_key, kind, grain, period_start, key`;
    const { rows: kept } = await sql`
      SELECT region_key, kind, grain, period_start::text, key, n::int FROM statistics_rollup ${order}`.execute(
      handle().db,
    );
    const { rows: fresh } = await sql`
      SELECT * FROM (
        SELECT CASE WHEN GROUPING(region_key) = 0 THEN region_key ELSE -1 END AS region_key, kind,
          CASE WHEN GROUPING(month) = 0 THEN 'month' ELSE 'year' END AS grain,
          coalesce(month, year)::text AS period_start, key, count(*)::int AS n
        FROM (
          SELECT coalesce(f.region_id, 0) AS region_key, p.kind, p.key,
            date_trunc('month', p.day)::date AS month, date_trunc('year', p.day)::date AS year
          FROM statistics_fact f CROSS JOIN LATERAL statistics_fact_parts(f.received_on, f.taken_up_on,
            f.first_conversation_on, f.contact_on, f.closed_on, f.submitted_by, f.referrer_type, f.registrant_side,
            f.registrant_role, f.offence_category, f.forms, f.both_agreed, f.no_contact_reason, f.lead_mediator_id) p
        ) c
        GROUP BY GROUPING SETS ((region_key, month, kind, key), (month, kind, key), (region_key, year, kind, key),
          (year, kind, key))
      ) g ${order}`.execute(handle().db);
    return { kept, fresh };
  }

  async function expectSameFigures(periods: Period[]) {
    const all = (await handle().db.selectFrom("registration_fact").selectAll().execute()) as unknown as Fact[];
    for (const period of periods)
      for (const regionId of [undefined, ...regions]) {
        const fast = await getFiguresUnchecked(handle().db, { period, regionId });
        expect(fast, `${period.from}…${period.to}, region ${regionId}`).toEqual(computeFigures(all, period, regionId));
      }
  }

  it("holds exactly what statistics_fact counts", async () => {
    const { kept, fresh } = await rollupAndFresh();
    expect(kept.length).toBeGreaterThan(1000);
    expect(kept).toEqual(fresh);
  });

  it("gives the figures of the view for periods on and next to month and year boundaries", async () => {
    await expectSameFigures(PERIODS);
  });

  it("follows changes to cases and to the imported history", async () => {
    await handle().withRawSession((s) =>
      s.exec(`
        UPDATE mediation_case SET closed_at = taken_up_at + interval '40 days', step = 'closed',
          no_contact_reason = 'other', closed_from = 'approaching_other_party'
        WHERE id IN (SELECT id FROM mediation_case WHERE closed_at IS NULL ORDER BY id LIMIT 5);
        DELETE FROM case_activity WHERE id IN (SELECT id FROM case_activity WHERE kind = 'contact_moment' ORDER BY id LIMIT 7);
        UPDATE mediation_case SET region_id = (SELECT max(id) FROM region)
        WHERE id IN (SELECT id FROM mediation_case ORDER BY id DESC LIMIT 4);
        UPDATE historic_registration SET both_agreed = true WHERE id IN (SELECT id FROM historic_registration
          WHERE both_agreed IS NULL AND outcome <> 'no_contact' ORDER BY id LIMIT 6);
        INSERT INTO historic_registration (external_id, received_on, taken_up_on, submitted_by, registrant_side,
          registrant_role, offence_category, outcome, forms, no_contact_reason, closed_on, imported_at)
        VALUES ('ROLLUP-1', '2012-01-31', '2012-02-01', 'self', 'victim', 'victim', 'violence', 'no_contact', '{}',
          'other', '2012-02-29', now());`),
    );
    const { kept, fresh } = await rollupAndFresh();
    expect(kept).toEqual(fresh);
    await expectSameFigures([
      { from: "2012-01-31", to: "2012-02-29" },
      { from: "2012-01-01", to: "2012-12-31" },
      ...PERIODS.slice(5, 8),
    ]);
  });
});
