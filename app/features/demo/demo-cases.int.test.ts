import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { CASE_STEPS, CONTACT_FORMS } from "../cases/case.rules.ts";
import { seedDemoCases } from "./demo-cases.server.ts";
import { expectDemoQuestionnaireAnswers } from "./demo-outcomes.expectations.ts";
import { seedDemoAccounts } from "./demo-seed.server.ts";

/**
 * Demo mode's data (embedded database only): a living system with cases at every step, every form
 * of contact, closed with and without contact, and a queue at the intake desk, after years of
 * history imported through the historic import.
 */
describeWithDatabase("demo cases", (handle, kind) => {
  it.skipIf(kind !== "pglite")(
    "cover every step and every form of contact in the last weeks, after years of imported history",
    async () => {
      const db = handle().db;
      const now = new Date("2026-11-30T09:00:00Z");
      await seedDemoAccounts(db, "s".repeat(40), now);
      const made = await seedDemoCases(db, now, 200);
      expect(made.registrations).toBe(200);

      const steps = await db.selectFrom("mediation_case").select("step").distinct().execute();
      expect(steps.map((s) => s.step).sort()).toEqual(CASE_STEPS.filter((s) => s !== "registered").sort());
      const forms = await db
        .selectFrom("case_activity")
        .select("contact_form")
        .where("kind", "=", "contact_moment")
        .distinct()
        .execute();
      expect(forms.map((f) => f.contact_form).sort()).toEqual([...CONTACT_FORMS].sort());
      const closed = await db
        .selectFrom("mediation_case")
        .select(["outcome_contact", "no_contact_reason"])
        .where("step", "=", "closed")
        .execute();
      expect(closed.some((c) => c.outcome_contact === true)).toBe(true);
      expect(closed.some((c) => c.no_contact_reason !== null)).toBe(true);
      expect(made.cases).toBe(
        Number(
          (
            await db
              .selectFrom("mediation_case")
              .select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      );

      const queue = await db.selectFrom("registration").select("id").where("status", "=", "received").execute();
      expect(queue).toHaveLength(200 + made.pilot - made.cases);
      // The last weeks are worked in the app; the years before are imported history, up to the
      // day before the first registration of those weeks, apart from the questionnaire pilot: a
      // sample of last year's cases worked in the app and left out of the import.
      const history = await sql<{ first: string; last: string }>`
        SELECT min(received_on)::text AS first, max(received_on)::text AS last FROM historic_registration`.execute(db);
      expect(history.rows[0]?.first).toBe("2022-01-01");
      const last = String(history.rows[0]?.last);
      const span = await sql<{ days: number; n: number }>`
        SELECT extract(day FROM max(received_at) - min(received_at))::int AS days, count(*)::int AS n
        FROM registration WHERE (received_at AT TIME ZONE 'Europe/Amsterdam')::date > ${last}::date`.execute(db);
      expect(span.rows[0]?.n).toBe(200);
      expect(span.rows[0]?.days).toBeGreaterThanOrEqual(42);
      expect(made.pilot).toBeGreaterThanOrEqual(3 * 40);
      const pilotClosed = await sql<{ year: string; n: number }>`
        SELECT to_char(c.closed_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY') AS year, count(*)::int AS n
        FROM mediation_case c JOIN registration r ON r.id = c.registration_id
        WHERE (r.received_at AT TIME ZONE 'Europe/Amsterdam')::date <= ${last}::date GROUP BY 1`.execute(db);
      expect(pilotClosed.rows).toEqual([{ year: "2025", n: made.pilot }]);
      // No case date lies in the future.
      const future = await db.selectFrom("case_event").select("id").where("occurred_at", ">", now).execute();
      expect(future).toEqual([]);
      // The demo mediator who can sign in has a case at every open step.
      const showcase = await db
        .selectFrom("mediation_case as c")
        .innerJoin("case_assignment as a", "a.case_id", "c.id")
        .innerJoin("staff_user as u", "u.id", "a.user_id")
        .select("c.step")
        .distinct()
        .where("u.email", "=", "bemiddelaar@demo.herstel.example")
        .execute();
      expect(showcase.length).toBeGreaterThanOrEqual(7);
      await expectDemoQuestionnaireAnswers(db, 2025);
    },
    600_000,
  );
});
