import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { loader as apiLoader } from "../../routes/api-statistics.tsx";
import { staffActor, takenUpCase } from "../../testing/case-fixtures.ts";
import { routeContext } from "../../testing/route-context.ts";
import { staffWithSession } from "../../testing/staff-fixtures.ts";
import { requireStaffMiddleware } from "../auth/auth-route.server.ts";
import { recordActivity, recordConsent } from "../cases/case-file.commands.server.ts";
import { enterAnswers } from "./case-outcomes.server.ts";
import { outcomeDb } from "./outcome.db.ts";
import { EXPORT_COLUMNS, outcomeFigures, researchExport } from "./outcome-figures.server.ts";
import { outcomeSection } from "./outcome-section.server.ts";

/**
 * "Helpt contact?" from stored answers: the known change of each group comes out, groups under
 * ten people are not shown, people without consent are not in it, and the researchers' export
 * holds none of the left-out fields.
 */
const NOW = new Date("2026-12-01T10:00:00Z");
const YEAR = { period: { from: "2026-01-01", to: "2026-12-31" }, regionId: undefined };

describeWithDatabase("outcome figures", (handle) => {
  it("gives the change per group, hides small groups, and exports without personal data", async () => {
    const db = handle().db;
    const questions = await outcomeDb(db)
      .selectFrom("outcome_question")
      .select(["id", "code"])
      .where("questionnaire_id", "=", 1)
      .execute();
    const afraid = questions.find((q) => q.code === "afraid")?.id as number;
    const calm = questions.find((q) => q.code === "calm")?.id as number;
    const references: string[] = [];

    async function person(options: { contact: boolean; consent: boolean; before: number; after: number }) {
      const made = await takenUpCase(db, db, { answers: { name: "Persoon Met Naam" } });
      references.push(made.reference);
      const party = await db
        .selectFrom("case_party")
        .select("id")
        .where("case_id", "=", made.caseId)
        .executeTakeFirstOrThrow();
      const base = { caseId: made.caseId, origin: "t", now: NOW };
      if (options.consent)
        await recordConsent(db, made.mediator, {
          ...base,
          partyId: party.id,
          purpose: "outcome_measurement",
          given: true,
          method: "verbal",
        });
      if (options.contact)
        await recordActivity(db, made.mediator, {
          ...base,
          kind: "contact_moment",
          contactForm: "letter_exchange",
          occurredOn: "2026-11-20",
          summary: "",
        });
      for (const [moment, score] of [
        ["before", options.before],
        ["after", options.after],
      ] as const) {
        await enterAnswers(db, made.mediator, {
          ...base,
          partyId: party.id,
          moment,
          via: "phone",
          answers: {
            scores: new Map([
              [afraid, score],
              [calm, 5],
            ]),
            open: "Geheime open tekst",
          },
        });
      }
      await db
        .updateTable("mediation_case")
        .set({ step: "closed", closed_at: NOW })
        .where("id", "=", made.caseId)
        .execute();
      return made;
    }

    // Twelve with contact whose fear drops by exactly 3, nine without contact (too few to show).
    for (let i = 0; i < 12; i++)
      await person({ contact: true, consent: true, before: 6 + (i % 4), after: 3 + (i % 4) });
    for (let i = 0; i < 9; i++) await person({ contact: false, consent: true, before: 5, after: 5 });
    // Without consent nothing can be entered, so nothing is counted.
    await expect(person({ contact: false, consent: false, before: 1, after: 9 })).rejects.toThrow(/consent/);

    const coordinator = await staffActor(db, "coordinator", { region: "midden" });
    const f = await outcomeFigures(db, coordinator, YEAR);
    const row = (group: string, questionId = afraid) =>
      f.changes.find((c) => c.questionId === questionId && c.comparison === "after" && c.group === group);
    expect(row("contact")).toMatchObject({ n: 12, mean: -3, low: -3, high: -3 });
    expect(row("letter_exchange")).toMatchObject({ n: 12, mean: -3 });
    expect(row("no_contact")).toMatchObject({ n: null, mean: null, low: null, high: null });
    expect(row("contact", calm)).toMatchObject({ n: 12, mean: 0 });
    expect(f.responses.find((r) => r.side === "victim" && r.moment === "after")).toMatchObject({
      invited: 21,
      answered: 21,
      rate: 100,
    });
    // The offender side has nobody: nothing shown.
    expect(f.responses.find((r) => r.side === "offender" && r.moment === "after")?.invited).toBeNull();
    // Another year: nobody.
    const other = await outcomeFigures(db, coordinator, {
      period: { from: "2025-01-01", to: "2025-12-31" },
      regionId: undefined,
    });
    expect(other.changes.every((c) => c.n === null)).toBe(true);

    // The tables say "fewer than 10" where a group is hidden, and the warning comes with them.
    const section = await outcomeSection(db, coordinator, { ...YEAR, year: 2026, publication: false }, "nl");
    const table = section.tables.find((x) => x.id === "outcomes-victim-after");
    expect(table?.rows.find((r) => String(r[0]).includes("zonder contact"))?.slice(2)).toEqual([
      "minder dan 10",
      null,
      null,
    ]);
    expect(table?.svg).toContain("<svg");
    expect(section.warning).toMatch(/bewijst niet/);

    // The statistics API gives the same as `outcomes`, to a researcher too.
    const { token } = await staffWithSession(handle(), {
      email: "outcomes-research@test.example",
      roles: ["researcher"],
    });
    const request = new Request("http://localhost/api/v1/statistics?year=2026", {
      headers: { cookie: `herstel_sessie=${token}` },
    });
    const args = {
      request,
      params: {},
      context: routeContext(handle()),
      url: new URL(request.url),
      pattern: "",
    } as never;
    const response = (await requireStaffMiddleware(args, (() => apiLoader(args)) as never)) as Response;
    expect(response.status).toBe(200);
    const json = (await response.json()) as {
      outcomes: { minGroup: number; changes: typeof f.changes; warning: string };
    };
    expect(json.outcomes.minGroup).toBe(10);
    expect(json.outcomes.changes).toEqual(f.changes);
    expect(json.outcomes.warning).toMatch(/bewijst niet/);

    // A mediator may not read the figures.
    const mediator = await staffActor(db, "mediator");
    await expect(outcomeFigures(db, mediator, YEAR)).rejects.toThrow();

    // The researchers' export: the agreed columns only, and none of what is left out.
    const researcher = await staffActor(db, "researcher");
    const csv = await researchExport(db, researcher, YEAR);
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(","));
    expect(lines).toHaveLength(1 + 21 * 2 * 2);
    for (const reference of references) expect(csv).not.toContain(reference);
    expect(csv).not.toContain("Geheime");
    expect(csv).not.toContain("Persoon");
    // No date finer than the year anywhere but in the random ids.
    const withoutIds = lines.map((l) => l.split(",").slice(1).join(","));
    expect(withoutIds.join("\n")).not.toMatch(/\d{4}-\d{2}/);
    const first = lines[1]?.split(",") ?? [];
    expect(first[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.slice(1, 8)).toEqual(expect.arrayContaining(["victim", "violence", "2026"]));
    const people = new Set(lines.slice(1).map((l) => l.split(",")[0]));
    expect(people.size).toBe(21);
  });
});
