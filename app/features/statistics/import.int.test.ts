import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { beforeEach, expect, it } from "vitest";
import { APP_ROLE } from "../../db/acting.server.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { IMPORT_COLUMNS } from "./import.rules.ts";
import { importHistoricRegistrations } from "./import.server.ts";

const NOW = new Date("2026-11-30T12:00:00Z");
const HEADER = IMPORT_COLUMNS.join(";");

/** A valid row: the registrations of one service in 2018–2020, varied enough to touch every column. */
function row(i: number, changes: Partial<Record<(typeof IMPORT_COLUMNS)[number], string>> = {}): string {
  const outcome = ["contact", "no_contact", "open"][i % 3] as string;
  const values: Record<(typeof IMPORT_COLUMNS)[number], string> = {
    external_id: `OUD-${i}`,
    received_on: `20${18 + (i % 3)}-0${1 + (i % 9)}-1${i % 10}`,
    taken_up_on: i % 4 === 0 ? "" : `20${18 + (i % 3)}-1${i % 3}-01`,
    channel: i % 5 === 0 ? "self" : "referrer",
    referrer_type: i % 5 === 0 ? "" : "probation",
    registrant_side: i % 2 ? "victim" : "offender",
    registrant_role: i % 2 ? "victim" : "offender",
    offence_category: i % 7 === 0 ? "sexual_offence" : "violence",
    region: i % 6 === 0 ? "" : "west",
    outcome,
    forms: outcome === "contact" ? "letter_exchange;conversation" : "",
    no_contact_reason: outcome === "no_contact" ? "other_party_declines" : "",
    closed_on: outcome === "open" ? "" : "2021-06-30",
    both_agreed: outcome === "contact" ? "yes" : i % 2 ? "no" : "",
    ...changes,
  };
  // A value with the delimiter in it goes between quotes, as spreadsheets write it.
  return IMPORT_COLUMNS.map((c) => (values[c].includes(";") ? `"${values[c]}"` : values[c])).join(";");
}
const file = (rows: string[]) => `\uFEFF${[HEADER, ...rows].join("\r\n")}\r\n`;

describeWithDatabase("importing registrations from before Herstel", (handle) => {
  const count = async () =>
    Number(
      (
        await handle()
          .db.selectFrom("historic_registration")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeEach(async () => {
    await handle().db.deleteFrom("historic_registration").execute();
  });

  it("imports every row of a valid file, and the figures' view sees them", async () => {
    const csv = file(Array.from({ length: 30 }, (_, i) => row(i + 1)));
    const report = await importHistoricRegistrations(handle().db, {
      csv: Buffer.from(csv),
      fileName: "/home/beheer/oud-systeem.csv",
      skipInvalid: false,
      now: NOW,
    });
    expect(report).toMatchObject({
      fileName: "oud-systeem.csv",
      fileProblems: [],
      rows: 30,
      valid: 30,
      invalid: [],
      inserted: 30,
      alreadyImported: 0,
      imported: true,
    });
    const stored = await handle()
      .db.selectFrom("historic_registration as h")
      .leftJoin("region as r", "r.id", "h.region_id")
      .select(["h.external_id", "h.forms", "h.received_on", "h.imported_from", "r.code as region"])
      .where("h.external_id", "=", "OUD-3")
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      external_id: "OUD-3",
      forms: ["letter_exchange", "conversation"],
      received_on: "2018-04-13",
      imported_from: "oud-systeem.csv",
      region: "west",
    });
    const facts = await handle()
      .db.selectFrom("registration_fact")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("source", "=", "import")
      .executeTakeFirstOrThrow();
    expect(Number(facts.n)).toBe(30);
    // Whether both agreed is what the file says, and unknown (null) when it says nothing: a
    // case without contact is not counted as one where the parties did not agree.
    const agreed = await handle()
      .db.selectFrom("registration_fact")
      .select(["source_id", "both_agreed", "forms"])
      .where("source", "=", "import")
      .execute();
    expect(new Set(agreed.map((a) => a.both_agreed))).toEqual(new Set([true, false, null]));
    expect(agreed.filter((a) => a.forms.length > 0).every((a) => a.both_agreed === true)).toBe(true);
    // The figures' table has taken them up already: nothing is left for the first read to do.
    const inTable = await sql<{ n: string }>`SELECT count(*) AS n FROM statistics_fact WHERE source = 'import'`.execute(
      handle().db,
    );
    expect(Number(inTable.rows[0]?.n)).toBe(30);
    const stale = await sql<{ n: string }>`SELECT count(*) AS n FROM statistics_fact_stale`.execute(handle().db);
    expect(Number(stale.rows[0]?.n)).toBe(0);
    const audit = await handle()
      .db.selectFrom("audit_log")
      .select(["action", "result", "actor_label"])
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: "registration.import", result: "allowed", actor_label: "cli" });
  });

  it("imports nothing from a file with one bad row, and names that line and why", async () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(i + 1));
    rows[6] = row(7, { region: "atlantis" });
    const report = await importHistoricRegistrations(handle().db, {
      csv: file(rows),
      fileName: "oud.csv",
      skipInvalid: false,
      now: NOW,
    });
    expect(report).toMatchObject({ rows: 10, valid: 9, inserted: 0, imported: false });
    expect(report.invalid).toEqual([
      {
        line: 8,
        externalId: "OUD-7",
        problems: [{ code: "unknown_value", params: expect.objectContaining({ column: "region", value: "atlantis" }) }],
      },
    ]);
    expect(await count()).toBe(0);
  });

  it("imports the good rows with skipInvalid", async () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(i + 1));
    rows[2] = row(3, { outcome: "contact", forms: "", no_contact_reason: "", closed_on: "2021-06-30" });
    rows[4] = row(5, { received_on: "2030-01-01" });
    const report = await importHistoricRegistrations(handle().db, {
      csv: file(rows),
      fileName: "oud.csv",
      skipInvalid: true,
      now: NOW,
    });
    expect(report).toMatchObject({ rows: 10, valid: 8, inserted: 8, alreadyImported: 0, imported: true });
    expect(report.invalid.map((r) => [r.line, r.problems.map((p) => p.code)])).toEqual([
      [4, ["forms_required"]],
      [6, ["future_date"]],
    ]);
    expect(await count()).toBe(8);
  });

  it("changes nothing when the same file is imported twice", async () => {
    const csv = file(Array.from({ length: 25 }, (_, i) => row(i + 1)));
    const options = { csv, fileName: "oud.csv", skipInvalid: false, now: NOW };
    const first = await importHistoricRegistrations(handle().db, options);
    const before = await handle().db.selectFrom("historic_registration").selectAll().orderBy("id").execute();
    const second = await importHistoricRegistrations(handle().db, {
      ...options,
      now: new Date("2026-11-30T13:00:00Z"),
    });
    expect(first).toMatchObject({ inserted: 25, alreadyImported: 0, imported: true });
    expect(second).toMatchObject({ valid: 25, inserted: 0, alreadyImported: 25, imported: true });
    expect(await handle().db.selectFrom("historic_registration").selectAll().orderBy("id").execute()).toEqual(before);
  });

  it("fills in whether both agreed for rows imported without it, and changes nothing else", async () => {
    const rows = (agreed: string) => Array.from({ length: 6 }, (_, i) => row(i + 1, { both_agreed: agreed }));
    const options = { fileName: "oud.csv", skipInvalid: false, now: NOW };
    const first = await importHistoricRegistrations(handle().db, { ...options, csv: file(rows("")) });
    expect(first).toMatchObject({ inserted: 6, agreementAdded: 0 });
    const before = await handle().db.selectFrom("historic_registration").selectAll().orderBy("id").execute();
    // A later export that knows: the rows take it (contact rows only "yes" is valid).
    const later = Array.from({ length: 6 }, (_, i) => row(i + 1, { both_agreed: (i + 1) % 3 === 2 ? "no" : "yes" }));
    const second = await importHistoricRegistrations(handle().db, { ...options, csv: file(later) });
    expect(second).toMatchObject({ inserted: 0, alreadyImported: 6, agreementAdded: 6 });
    const after = await handle().db.selectFrom("historic_registration").selectAll().orderBy("id").execute();
    expect(after.map((r) => r.both_agreed)).toEqual([true, false, true, true, false, true]);
    expect(after.map(({ both_agreed: _, ...rest }) => rest)).toEqual(before.map(({ both_agreed: _, ...rest }) => rest));
    // Known once, it stays: the same or another file changes nothing more.
    const third = await importHistoricRegistrations(handle().db, { ...options, csv: file(rows("yes")) });
    expect(third).toMatchObject({ inserted: 0, agreementAdded: 0 });
    expect(await handle().db.selectFrom("historic_registration").selectAll().orderBy("id").execute()).toEqual(after);
  });

  it("imports the example of docs/import-format.md", async () => {
    const doc = fs.readFileSync(path.join(import.meta.dirname, "../../../docs/import-format.md"), "utf8");
    const example = /```csv\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
    const report = await importHistoricRegistrations(handle().db, {
      csv: example,
      fileName: "example.csv",
      skipInvalid: false,
      now: NOW,
    });
    expect(report).toMatchObject({ fileProblems: [], rows: 4, invalid: [], inserted: 4, imported: true });
  });

  it("refuses a file with a wrong header and changes nothing", async () => {
    const report = await importHistoricRegistrations(handle().db, {
      csv: `naam;${HEADER}\nJan;${row(1)}\n`,
      fileName: "oud.csv",
      skipInvalid: true,
      now: NOW,
    });
    expect(report).toMatchObject({
      fileProblems: [{ code: "unknown_columns", params: { columns: "naam" } }],
      rows: 0,
      imported: false,
    });
    expect(await count()).toBe(0);
  });

  it("works as the application role, in batches over 1,000 rows", async () => {
    const csv = file(Array.from({ length: 2500 }, (_, i) => row(i + 1)));
    const report = await handle()
      .db.transaction()
      .execute(async (trx) => {
        await sql`SET LOCAL ROLE ${sql.raw(APP_ROLE)}`.execute(trx);
        return importHistoricRegistrations(trx, {
          csv,
          fileName: "oud.csv",
          skipInvalid: false,
          now: NOW,
          actorId: null,
        });
      });
    expect(report).toMatchObject({ inserted: 2500, imported: true });
    expect(await count()).toBe(2500);
    // The application role may fill in whether both agreed where it was empty (and nothing else).
    const again = await handle()
      .db.transaction()
      .execute(async (trx) => {
        await sql`SET LOCAL ROLE ${sql.raw(APP_ROLE)}`.execute(trx);
        return importHistoricRegistrations(trx, {
          csv: file(Array.from({ length: 10 }, (_, i) => row(i + 1, { both_agreed: "yes" }))),
          fileName: "oud.csv",
          skipInvalid: false,
          now: NOW,
          actorId: null,
        });
      });
    expect(again).toMatchObject({ inserted: 0, imported: true });
    expect(again.agreementAdded).toBeGreaterThan(0);
  });
});
