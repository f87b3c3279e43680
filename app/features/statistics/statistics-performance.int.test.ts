import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { APP_ROLE } from "../../db/acting.server.ts";
import { type DatabaseHandle, openPostgres, switchPgliteRole } from "../../db/database.server.ts";
import type { Database } from "../../db/schema.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { statisticsDataSql } from "../../testing/statistics-data.ts";
import type { Actor } from "../auth/roles.ts";
import { computeFigures, type Fact, type Period } from "./figures.rules.ts";
import { getFigures, getFiguresUnchecked, loadFacts, refreshStatisticsFacts, yearsWithData } from "./figures.server.ts";
import { importHistoricRegistrations } from "./import.server.ts";

const year = (y: number): Period => ({ from: `${y}-01-01`, to: `${y}-12-31` });
const PERIODS: Period[] = [
  year(2008),
  year(2014),
  year(2015),
  year(2020),
  year(2025),
  year(2026),
  { from: "2014-01-01", to: "2016-12-31" },
  { from: "2007-01-01", to: "2026-12-31" },
  { from: "2024-03-15", to: "2024-09-30" },
  { from: "2014-12-20", to: "2015-01-10" },
];

type Row = Database["registration_fact"];
const order = (rows: Row[]) =>
  [...rows].sort((a, b) => a.source.localeCompare(b.source) || Number(a.source_id) - Number(b.source_id));

/**
 * The annual figures' fast path (migration 0020, `getFigures`): the table `statistics_fact`
 * always holds the rows of the view `registration_fact` once brought up to date, and the
 * figures counted in the database are, number for number, `computeFigures` on every row of the
 * view, the straightforward path. Generated data: 4,000 registrations over 2007–2026, before
 * 2015 imported, then worked in the app (cases, first conversations, contact moments with forms,
 * consents, closing with and without contact), some received late in the evening so that the
 * day in Dutch time differs from the day in UTC.
 */
describeWithDatabase("annual figures, fast path", (handle, kind, testUrl) => {
  let regions: number[] = [];

  beforeAll(async () => {
    await handle().withRawSession((s) => s.exec(statisticsDataSql(4000)));
    regions = (await handle().db.selectFrom("region").select("id").orderBy("id").execute()).map((r) => r.id);
  });

  async function viewRows(): Promise<Row[]> {
    return order(await handle().db.selectFrom("registration_fact").selectAll().execute());
  }

  async function tableRows(): Promise<Row[]> {
    await refreshStatisticsFacts(handle().db);
    const { rows } = await sql<Row>`
      SELECT source, source_id, received_on, taken_up_on, submitted_by, referrer_type, registrant_side,
        registrant_role, offence_category, region_id, first_conversation_on, contact_on, forms, both_agreed,
        closed_on, no_contact_reason, lead_mediator_id
      FROM statistics_fact`.execute(handle().db);
    return order(rows);
  }

  /** The fast path against the straightforward one, for every period and every region. */
  async function expectSameFigures(periods: Period[], regionIds: (number | undefined)[]) {
    const all = (await handle().db.selectFrom("registration_fact").selectAll().execute()) as unknown as Fact[];
    for (const period of periods) {
      for (const regionId of regionIds) {
        const fast = await getFiguresUnchecked(handle().db, { period, regionId });
        expect(fast, `${period.from}…${period.to}, region ${regionId}`).toEqual(computeFigures(all, period, regionId));
      }
    }
  }

  it("keeps exactly the rows of the view", async () => {
    const rows = await viewRows();
    expect(rows.length).toBe(4000);
    expect(rows.filter((r) => r.source === "import").length).toBeGreaterThan(1000);
    // The data has what the figures count: contact, no contact, open cases, agreement, reasons.
    expect(rows.some((r) => r.source === "app" && r.forms.length > 1 && r.both_agreed && r.closed_on)).toBe(true);
    expect(rows.some((r) => r.source === "app" && r.no_contact_reason && r.both_agreed)).toBe(true);
    expect(rows.some((r) => r.source === "app" && r.taken_up_on && !r.closed_on && r.contact_on)).toBe(true);
    expect(rows.some((r) => r.source === "import" && r.region_id === null)).toBe(true);
    expect(await tableRows()).toEqual(rows);
  });

  it("gives the figures of every row of the view, for years, longer and odd periods, and regions", async () => {
    await expectSameFigures(PERIODS, [undefined, ...regions, 999]);
    const figures = await getFiguresUnchecked(handle().db, { period: year(2025) });
    expect(figures.received).toBeGreaterThan(150);
    expect(figures.contact.closed.numerator).toBeGreaterThan(10);
    expect(figures.openAtEnd).toBeGreaterThan(10);
    // A region id the database cannot compare takes the straightforward path, with no rows.
    expect((await getFiguresUnchecked(handle().db, { period: year(2025), regionId: 1.5 })).received).toBe(0);
  });

  it("gives the same years with data and the same facts for a period as the view", async () => {
    const { rows } = await sql<{ year: number }>`
      SELECT DISTINCT extract(year FROM received_on)::int AS year FROM registration_fact ORDER BY year DESC`.execute(
      handle().db,
    );
    expect(await yearsWithData(handle().db)).toEqual(rows.map((r) => r.year));
    const all = (await handle().db.selectFrom("registration_fact").selectAll().execute()) as unknown as Fact[];
    for (const period of [year(2025), { from: "2024-03-15", to: "2024-09-30" }]) {
      expect(computeFigures(await loadFacts(handle().db, period), period)).toEqual(computeFigures(all, period));
      expect(computeFigures(await loadFacts(handle().db, period, regions[0]), period, regions[0])).toEqual(
        computeFigures(all, period, regions[0]),
      );
    }
  });

  it("follows every change that the view follows", async () => {
    const db = handle().db;
    const openCase = await db
      .selectFrom("mediation_case as c")
      .innerJoin("registration as r", "r.id", "c.registration_id")
      .select(["c.id", "c.registration_id", "c.taken_up_at"])
      .where("c.closed_at", "is", null)
      .where("c.taken_up_at", ">=", new Date("2025-02-01T00:00:00Z"))
      .where("c.taken_up_at", "<", new Date("2025-06-01T00:00:00Z"))
      .orderBy("c.id")
      .executeTakeFirstOrThrow();
    const parties = await db
      .selectFrom("case_party")
      .select(["id", "role"])
      .where("case_id", "=", openCase.id)
      .orderBy("id")
      .execute();
    const party = (role: string) => parties.find((p) => p.role === role)?.id ?? 0;
    let linkedCase = 0;
    const changes: [string, () => Promise<unknown>][] = [
      [
        "a contact moment recorded",
        () =>
          db
            .insertInto("case_activity")
            .values({
              case_id: openCase.id,
              kind: "contact_moment",
              contact_form: "group_conference",
              occurred_on: "2025-08-14",
              recorded_at: new Date("2025-08-14T16:00:00Z"),
            })
            .execute(),
      ],
      [
        "both parties agree",
        () =>
          db
            .insertInto("case_consent")
            .values(
              ["registrant", "other_party"].map((role) => ({
                case_id: openCase.id,
                party_id: party(role),
                purpose: "contact_form",
                contact_form: "group_conference",
                given: true,
                method: "written",
                recorded_at: new Date("2025-08-01T10:00:00Z"),
              })),
            )
            .execute(),
      ],
      [
        "the case closed later, with contact",
        () =>
          db
            .updateTable("mediation_case")
            .set({ closed_at: new Date("2025-12-31T23:30:00Z"), step: "closed" })
            .where("id", "=", openCase.id)
            .execute(),
      ],
      [
        "a consent withdrawn and the history corrected",
        () =>
          db
            .deleteFrom("case_consent")
            .where("case_id", "=", openCase.id)
            .where("party_id", "=", party("other_party"))
            .where("purpose", "=", "contact_form")
            .execute(),
      ],
      [
        "the contact moment struck out, closed without contact",
        async () => {
          await db
            .deleteFrom("case_activity")
            .where("case_id", "=", openCase.id)
            .where("kind", "=", "contact_moment")
            .execute();
          await db
            .updateTable("mediation_case")
            .set({ no_contact_reason: "other_party_declines" })
            .where("id", "=", openCase.id)
            .execute();
        },
      ],
      [
        "another lead mediator",
        async () => {
          const other = await db
            .selectFrom("staff_user")
            .select("id")
            .where("email", "like", "%@bench.example")
            .orderBy("id", "desc")
            .executeTakeFirstOrThrow();
          await db.deleteFrom("case_assignment").where("case_id", "=", openCase.id).execute();
          await db
            .insertInto("case_assignment")
            .values({
              case_id: openCase.id,
              user_id: other.id,
              role: "lead",
              no_conflict_declared_at: openCase.taken_up_at,
              assigned_at: openCase.taken_up_at,
            })
            .execute();
        },
      ],
      [
        "the registration corrected: received a year earlier, another offence",
        () =>
          db
            .updateTable("registration")
            .set({ received_at: new Date("2024-02-29T22:30:00Z"), offence_category: "sexual_offence" })
            .where("id", "=", openCase.registration_id)
            .execute(),
      ],
      [
        "a new registration, not yet taken up",
        () =>
          db
            .insertInto("registration")
            .values({
              reference: "HB-2026-999999",
              idempotency_key: "00000000-0000-4000-8000-000000000001",
              received_at: new Date("2026-11-29T23:15:00Z"),
              channel: "web",
              submitted_by: "self",
              registrant_role: "victim",
              registrant_side: "victim",
              offence_category: "violence",
              locale: "nl",
              form_version: 1,
              answers: null,
            })
            .execute(),
      ],
      [
        "the new registration linked to another open case, as the intake desk links the second registration about the same events",
        async () => {
          const other = await db
            .selectFrom("mediation_case")
            .select("id")
            .where("closed_at", "is", null)
            .where("id", "!=", openCase.id)
            .where("taken_up_at", ">=", new Date("2025-01-01T00:00:00Z"))
            .orderBy("id")
            .executeTakeFirstOrThrow();
          linkedCase = other.id;
          await db
            .updateTable("registration")
            .set({ status: "linked", case_id: other.id })
            .where("reference", "=", "HB-2026-999999")
            .execute();
        },
      ],
      [
        "contact in the case the registration was linked to",
        () =>
          db
            .insertInto("case_activity")
            .values({
              case_id: linkedCase,
              kind: "contact_moment",
              contact_form: "letter_exchange",
              occurred_on: "2026-11-30",
              recorded_at: new Date("2026-11-30T09:00:00Z"),
            })
            .execute(),
      ],
      [
        "a case removed with everything in it",
        async () => {
          await db.deleteFrom("case_party").where("case_id", "=", openCase.id).execute();
          await db.deleteFrom("case_event").where("case_id", "=", openCase.id).execute();
          await db.deleteFrom("mediation_case").where("id", "=", openCase.id).execute();
        },
      ],
      [
        "history imported",
        async () => {
          const region = await db.selectFrom("region").select("code").orderBy("id").executeTakeFirstOrThrow();
          const report = await importHistoricRegistrations(db, {
            csv: [
              "external_id,received_on,taken_up_on,channel,referrer_type,registrant_side,registrant_role,offence_category,region,outcome,forms,no_contact_reason,closed_on",
              `EXTRA-1,2014-06-02,2014-06-10,referrer,probation,offender,offender,violence,${region.code},contact,"shuttle;letter_exchange",,2014-12-31`,
              `EXTRA-2,2014-12-30,2015-01-05,self,,victim,victim,traffic,,no_contact,,other_party_declines,2015-03-01`,
              `EXTRA-3,2015-01-01,,staff,,victim,bereaved,homicide,${region.code},open,,,`,
            ].join("\n"),
            fileName: "aanvulling.csv",
            skipInvalid: false,
            now: new Date("2026-11-30T10:00:00Z"),
          });
          expect(report).toMatchObject({ imported: true, inserted: 3 });
        },
      ],
      [
        "an imported row deleted",
        () => db.deleteFrom("historic_registration").where("external_id", "=", "EXTRA-2").execute(),
      ],
    ];
    const periods = [
      year(2014),
      year(2015),
      year(2024),
      year(2025),
      year(2026),
      { from: "2025-06-01", to: "2025-12-31" },
    ];
    for (const [what, change] of changes) {
      const before = await viewRows();
      await change();
      const after = await viewRows();
      expect(after, what).not.toEqual(before);
      expect(await tableRows(), what).toEqual(after);
      await expectSameFigures(periods, [undefined, regions[0]]);
    }
    // Emptying the imported history altogether.
    // The linked registration took its region and contact (its forms) from the case it joined;
    // taking up, the date of first contact and closing stay with the case's own registration.
    const added = await db
      .selectFrom("registration")
      .select("id")
      .where("reference", "=", "HB-2026-999999")
      .executeTakeFirstOrThrow();
    const linked = (await viewRows()).find((r) => r.source === "app" && Number(r.source_id) === added.id);
    expect(linked).toMatchObject({ taken_up_on: null, closed_on: null, contact_on: null });
    expect(linked?.region_id).not.toBeNull();
    expect(linked?.forms).toContain("letter_exchange");
    await handle().withRawSession((s) => s.exec("TRUNCATE historic_registration"));
    expect(await tableRows()).toEqual(await viewRows());
    expect((await tableRows()).some((r) => r.source === "import")).toBe(false);
    await expectSameFigures([year(2012), year(2015)], [undefined]);
  });

  it("works for the application role, which may read but not write the table", async () => {
    const url = testUrl();
    const app: DatabaseHandle = kind === "postgres" && url ? openPostgres(url, 1, { role: APP_ROLE }) : handle();
    // A change noted by a trigger, brought up to date by the reader.
    const first = await handle().db.selectFrom("registration").select("id").orderBy("id").executeTakeFirstOrThrow();
    await handle()
      .db.updateTable("registration")
      .set({ offence_category: "vandalism" })
      .where("id", "=", first.id)
      .execute();
    try {
      if (kind === "pglite") await switchPgliteRole(app, APP_ROLE);
      const actor: Actor = { userId: 1, roles: ["researcher"], regionIds: [] };
      const figures = await getFigures(app.db, actor, { period: year(2025) });
      expect(figures.received).toBeGreaterThan(0);
      await expect(sql`DELETE FROM statistics_fact`.execute(app.db)).rejects.toThrow();
      await expect(sql`INSERT INTO statistics_fact_stale VALUES ('app', 1)`.execute(app.db)).rejects.toThrow();
    } finally {
      if (kind === "pglite") await handle().withRawSession((s) => s.exec("RESET ROLE"));
      else await app.close();
    }
    expect(await tableRows()).toEqual(await viewRows());
  });
});
