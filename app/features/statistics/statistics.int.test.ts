import ExcelJS from "exceljs";
import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { takenUpCase } from "../../testing/case-fixtures.ts";
import type { Actor } from "../auth/roles.ts";
import type { CaseStep, ContactForm, Move } from "../cases/case.rules.ts";
import { advanceCase } from "../cases/case-journey.server.ts";
import { caseMoves, moveCase } from "../cases/case-move.commands.server.ts";
import { tablesToCsv, tablesToXlsx } from "./exports.server.ts";
import { computeFigures, type Fact, type Figures } from "./figures.rules.ts";
import { getFiguresUnchecked, loadFacts } from "./figures.server.ts";
import { importHistoricRegistrations } from "./import.server.ts";
import { exportHeader, figureSetForTool, parseFigureQuery } from "./statistics.server.ts";

const YEAR = { from: "2025-01-01", to: "2025-12-31" };

/** Everything the figures compare that imported history can also know. */
function comparable(f: Figures) {
  return {
    ...f,
    durations: f.durations.filter((d) => d.step === "taken_up" || d.step === "closed"),
    perMediator: undefined,
  };
}

/**
 * The annual figures from the database: cases worked in the app through the real commands, and
 * the same history imported from a CSV file, give the same figures; the period's facts are the
 * ones the figures need; the exports carry the same numbers.
 */
describeWithDatabase("annual figures from the database", (handle) => {
  it("are the same for cases worked in the app and for the same history imported", async () => {
    const db = handle().db;
    type Plan = {
      received: string;
      offence: string;
      side: "victim" | "offender";
      referral: boolean;
      until: CaseStep | "waiting";
      forms?: ContactForm[];
      end?: Move;
    };
    const plans: Plan[] = [
      {
        received: "2025-01-06",
        offence: "violence",
        side: "offender",
        referral: true,
        until: "closed",
        forms: ["letter_exchange"],
      },
      {
        received: "2025-02-03",
        offence: "sexual_offence",
        side: "victim",
        referral: false,
        until: "closed",
        forms: ["conversation", "letter_exchange"],
      },
      {
        received: "2025-03-03",
        offence: "traffic",
        side: "offender",
        referral: true,
        until: "closing",
        forms: ["shuttle"],
      },
      {
        received: "2025-04-07",
        offence: "violence",
        side: "victim",
        referral: true,
        until: "approaching_other_party",
        end: { kind: "close_without_contact", reason: "other_party_declines" },
      },
      {
        received: "2025-05-05",
        offence: "violence",
        side: "offender",
        referral: false,
        until: "first_conversation",
        end: { kind: "close_without_contact", reason: "no_contact_needed" },
      },
      { received: "2025-06-02", offence: "sexual_offence", side: "offender", referral: true, until: "preparing" },
      {
        received: "2024-11-04",
        offence: "traffic",
        side: "victim",
        referral: false,
        until: "closed",
        forms: ["video_message"],
      },
      { received: "2025-11-03", offence: "violence", side: "victim", referral: true, until: "waiting" },
    ];
    const region = await db.selectFrom("region").select(["id", "code"]).execute();
    const noord = region.find((r) => r.code === "noord")?.id ?? 0;
    const zuid = region.find((r) => r.code === "zuid")?.id ?? 0;
    for (const [i, plan] of plans.entries()) {
      const receivedAt = new Date(`${plan.received}T09:00:00Z`);
      const made = await takenUpCase(db, db, {
        region: "noord",
        offence: plan.offence,
        side: plan.side,
        submittedBy: plan.referral ? "referrer" : "self",
        answers: { name: `Persoon ${i}`, otherPartyName: `Ander ${i}` },
      });
      await db
        .updateTable("registration")
        .set({ received_at: receivedAt })
        .where("id", "=", made.registrationId)
        .execute();
      const takenUpAt = new Date(receivedAt.getTime() + 5 * 86_400_000);
      await db.updateTable("mediation_case").set({ taken_up_at: takenUpAt }).where("id", "=", made.caseId).execute();
      if (plan.until === "waiting") {
        // Not taken up: undo the case so the registration waits at the intake desk.
        await db
          .updateTable("registration")
          .set({ status: "received", case_id: null })
          .where("id", "=", made.registrationId)
          .execute();
        await db.deleteFrom("case_event").where("case_id", "=", made.caseId).execute();
        await db.deleteFrom("case_party").where("case_id", "=", made.caseId).execute();
        await db.deleteFrom("case_assignment").where("case_id", "=", made.caseId).execute();
        await db.deleteFrom("mediation_case").where("id", "=", made.caseId).execute();
        continue;
      }
      await advanceCase(db, {
        caseId: made.caseId,
        mediator: made.mediator,
        until: plan.until,
        forms: plan.forms ?? [],
        otherPartyName: `Ander ${i}`,
        startOn: takenUpAt,
        stepDays: 4,
        aftercare: false,
      });
      if (plan.end) {
        const version = (await caseMoves(db, made.mediator, made.caseId))?.version ?? 0;
        const moved = await moveCase(db, made.mediator as Actor, {
          caseId: made.caseId,
          move: plan.end,
          expectedVersion: version,
          origin: "t",
          now: new Date(takenUpAt.getTime() + 40 * 86_400_000),
        });
        expect(moved.ok).toBe(true);
      }
    }

    // The same history as the earlier system would export it, imported into another region.
    const facts = (await db.selectFrom("registration_fact").selectAll().where("source", "=", "app").execute()).filter(
      (f) => f.region_id === noord || f.region_id === null,
    );
    expect(facts).toHaveLength(plans.length);
    const header =
      "external_id,received_on,taken_up_on,channel,referrer_type,registrant_side,registrant_role,offence_category,region,outcome,forms,no_contact_reason,closed_on,both_agreed";
    const rows = facts.map((f, i) =>
      [
        `OUD-${i}`,
        f.received_on,
        f.taken_up_on ?? "",
        f.submitted_by,
        f.referrer_type ?? "",
        f.registrant_side,
        f.registrant_role,
        f.offence_category,
        "zuid",
        f.forms.length > 0 ? "contact" : f.closed_on === null ? "open" : "no_contact",
        f.forms.join(";"),
        f.closed_on !== null && f.forms.length === 0 ? (f.no_contact_reason ?? "") : "",
        f.closed_on ?? "",
        f.both_agreed ? "yes" : "no",
      ].join(","),
    );
    const report = await importHistoricRegistrations(db, {
      csv: [header, ...rows].join("\n"),
      fileName: "geschiedenis.csv",
      skipInvalid: false,
      now: new Date("2026-11-30T10:00:00Z"),
    });
    expect(report.invalid).toEqual([]);
    expect(report).toMatchObject({ imported: true, inserted: plans.length });

    for (const period of [YEAR, { from: "2024-01-01", to: "2025-12-31" }, { from: "2025-03-01", to: "2025-08-31" }]) {
      const app = await getFiguresUnchecked(db, { period, regionId: noord });
      const imported = await getFiguresUnchecked(db, { period, regionId: zuid });
      expect(comparable(imported)).toEqual(comparable(app));
    }
    const year = await getFiguresUnchecked(db, { period: YEAR, regionId: noord });
    expect([year.received, year.takenUp, year.contact.closed.numerator, year.contact.closed.denominator]).toEqual([
      7, 6, 2, 4,
    ]);
    expect(year.forms.rows.map((r) => [r.key, r.count])).toEqual([
      ["conversation", 1],
      ["letter_exchange", 2],
    ]);
    expect(year.openAtEnd).toBe(2);
    // The facts read for a period give the same figures as all facts.
    const all = (await db.selectFrom("registration_fact").selectAll().execute()) as unknown as Fact[];
    for (const regionId of [undefined, noord]) {
      expect(computeFigures(await loadFacts(db, YEAR), YEAR, regionId)).toEqual(computeFigures(all, YEAR, regionId));
    }
  });

  it("exports every table with the same numbers, and hides small counts for publication", async () => {
    const db = handle().db;
    const query = parseFigureQuery(new URL("http://x/?jaar=2025"), 2026);
    if (!query) throw new Error("query");
    const set = await figureSetForTool(db, query, "nl");
    const csv = tablesToCsv(exportHeader("nl", query, set), set.tables);
    for (const table of set.tables) expect(csv).toContain(table.title);
    expect(csv.startsWith("\uFEFFCijfers 2025")).toBe(true);
    const received = set.tables.find((t) => t.id === "summary")?.rows[0]?.[1];
    expect(received).toBe(set.figures.received);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await tablesToXlsx(exportHeader("nl", query, set), set.tables)) as never);
    expect(workbook.worksheets).toHaveLength(set.tables.length + 1);
    const sheet = workbook.worksheets.find((w) => w.getCell("A1").value === set.tables[0]?.title);
    expect(sheet?.getCell("B5").value).toBe(set.figures.received);

    const published = await figureSetForTool(db, { ...query, publication: true }, "nl");
    const channel = published.tables.find((t) => t.id === "channel");
    for (const row of channel?.rows ?? []) {
      const count = row[1];
      expect(typeof count === "number" ? count === 0 || count >= 5 : count === "<5" || count === "x").toBe(true);
    }
    expect(tablesToCsv(exportHeader("nl", { ...query, publication: true }, published), published.tables)).toContain(
      "<5",
    );
  });
});
