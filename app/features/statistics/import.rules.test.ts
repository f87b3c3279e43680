import { describe, expect, it } from "vitest";
import { translate } from "../../lib/i18n/i18n.ts";
import {
  type CheckedFile,
  checkImportFile,
  detectDelimiter,
  IMPORT_COLUMNS,
  type ImportCodes,
  type RowProblem,
} from "./import.rules.ts";
import { importReportText } from "./import-report-text.ts";

const CODES: ImportCodes = {
  offenceCategories: new Set(["violence", "sexual_offence", "traffic", "other"]),
  referrerTypes: new Set(["victim_support", "probation", "other"]),
  noContactReasons: new Set(["other_party_declines", "registrant_withdraws", "other"]),
  regions: new Map([
    ["noord", 1],
    ["west", 4],
  ]),
};
const NOW = new Date("2026-11-30T12:00:00Z");
const HEADER = IMPORT_COLUMNS.join(",");

type Row = Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>;
const GOOD: Row = {
  external_id: "OUD-1",
  received_on: "2019-03-04",
  taken_up_on: "2019-03-10",
  channel: "referrer",
  referrer_type: "probation",
  registrant_side: "offender",
  registrant_role: "offender",
  offence_category: "violence",
  region: "west",
  outcome: "contact",
  forms: "letter_exchange;conversation",
  no_contact_reason: "",
  closed_on: "2019-09-01",
};
const line = (row: Row, delimiter = ",") =>
  IMPORT_COLUMNS.map((c) => {
    const v = row[c] ?? "";
    return v.includes(delimiter) || v.includes('"') || v.includes("\n") ? `"${v.replaceAll('"', '""')}"` : v;
  }).join(delimiter);
const file = (...rows: Row[]) => [HEADER, ...rows.map((r) => line(r))].join("\n");
const check = (csv: string | Uint8Array) => checkImportFile(csv, CODES, NOW);
/** The problems of the only row of a file with this row. */
const problemsOf = (changes: Row): RowProblem[] => {
  const result = check(file({ ...GOOD, ...changes }));
  expect(result.fileProblems).toEqual([]);
  return result.invalid[0]?.problems ?? [];
};
const codesOf = (changes: Row) => problemsOf(changes).map((p) => `${p.code}:${p.params.column}`);

describe("whether both parties agreed (optional column both_agreed)", () => {
  it("reads yes and no, and empty as not known", () => {
    const rows = check(
      file(
        { ...GOOD, both_agreed: "yes" },
        {
          ...GOOD,
          external_id: "OUD-2",
          outcome: "no_contact",
          forms: "",
          no_contact_reason: "other",
          both_agreed: "no",
        },
        { ...GOOD, external_id: "OUD-3", outcome: "no_contact", forms: "", no_contact_reason: "other" },
      ),
    ).valid.map((v) => v.row.both_agreed);
    expect(rows).toEqual([true, false, null]);
  });

  it("may be left out of the file", () => {
    const header = IMPORT_COLUMNS.filter((c) => c !== "both_agreed");
    const csv = [header.join(","), header.map((c) => GOOD[c] ?? "").join(",")].join("\n");
    const result = check(csv.replace("letter_exchange;conversation", '"letter_exchange;conversation"'));
    expect(result.fileProblems).toEqual([]);
    expect(result.valid.map((v) => v.row.both_agreed)).toEqual([null]);
  });

  it("refuses contact that one party did not agree to, and unknown values", () => {
    expect(codesOf({ both_agreed: "no" })).toEqual(["contact_without_agreement:both_agreed"]);
    expect(codesOf({ both_agreed: "misschien" })).toEqual(["unknown_value:both_agreed"]);
  });
});

describe("a valid file", () => {
  it("gives every row, typed for the table", () => {
    const result = check(file(GOOD, { ...GOOD, external_id: "OUD-2", outcome: "open", forms: "", closed_on: "" }));
    expect(result).toMatchObject({ fileProblems: [], rows: 2, invalid: [] });
    expect(result.valid).toEqual([
      {
        line: 2,
        row: {
          external_id: "OUD-1",
          received_on: "2019-03-04",
          taken_up_on: "2019-03-10",
          submitted_by: "referrer",
          referrer_type: "probation",
          registrant_side: "offender",
          registrant_role: "offender",
          offence_category: "violence",
          region_id: 4,
          outcome: "contact",
          forms: ["letter_exchange", "conversation"],
          no_contact_reason: null,
          closed_on: "2019-09-01",
          both_agreed: null,
        },
      },
      expect.objectContaining({ line: 3 }),
    ]);
    expect(result.valid[1]?.row).toMatchObject({ outcome: "open", forms: [], closed_on: null });
  });

  it("accepts only the required columns filled in", () => {
    const minimal: Row = {
      external_id: "X",
      received_on: "2015-01-01",
      channel: "self",
      registrant_side: "unknown",
      registrant_role: "relative",
      offence_category: "other",
      outcome: "open",
    };
    expect(check(file(minimal)).valid[0]?.row).toMatchObject({
      taken_up_on: null,
      region_id: null,
      referrer_type: null,
    });
  });

  it("reads no_contact with its reason", () => {
    expect(
      problemsOf({
        outcome: "no_contact",
        forms: "",
        no_contact_reason: "registrant_withdraws",
        closed_on: "2019-04-01",
      }),
    ).toEqual([]);
  });

  it("reads semicolons, a byte-order mark, CRLF, quotes and capitals", () => {
    const semicolons = `\uFEFF${IMPORT_COLUMNS.join(";")}\r\n${line({ ...GOOD, external_id: 'Dossier "7"; oud' }, ";")}\r\n`;
    expect(detectDelimiter(semicolons)).toBe(";");
    const result = check(new TextEncoder().encode(semicolons));
    expect(result.fileProblems).toEqual([]);
    expect(result.valid[0]?.row.external_id).toBe('Dossier "7"; oud');
    expect(
      check(file({ ...GOOD, channel: " Referrer ", forms: "Shuttle ; letter_exchange;" })).valid[0]?.row,
    ).toMatchObject({ submitted_by: "referrer", forms: ["shuttle", "letter_exchange"] });
  });

  it("takes the columns in any order, and ignores empty columns at the end", () => {
    const columns = [...IMPORT_COLUMNS].reverse();
    const csv = `${columns.join(",")},,\n${columns.map((c) => GOOD[c] ?? "").join(",")},,\n`;
    expect(check(csv)).toMatchObject({ fileProblems: [], rows: 1, invalid: [] });
  });
});

describe("line numbers", () => {
  it("count the header as line 1, blank lines, and lines inside quoted values", () => {
    const csv = [
      HEADER,
      line(GOOD),
      "",
      line({ ...GOOD, external_id: "two\nlines", outcome: "wrong" }),
      ",,,,,,,,,,,,",
      line({ ...GOOD, external_id: "OUD-3", received_on: "yesterday" }),
    ].join("\n");
    const result = check(csv);
    expect(result.rows).toBe(3);
    expect(result.invalid.map((r) => r.line)).toEqual([4, 7]);
    expect(result.invalid[1]?.externalId).toBe("OUD-3");
  });

  it("are given for a duplicate external_id: the later line is wrong, naming the first", () => {
    const result = check(file(GOOD, { ...GOOD, external_id: "OUD-2" }, GOOD));
    expect(result.valid.map((v) => v.line)).toEqual([2, 3]);
    expect(result.invalid).toEqual([
      {
        line: 4,
        externalId: "OUD-1",
        problems: [{ code: "duplicate_external_id", params: { column: "external_id", line: 2 } }],
      },
    ]);
  });
});

describe("bad values", () => {
  it("required columns may not be empty", () => {
    for (const column of [
      "external_id",
      "received_on",
      "channel",
      "registrant_side",
      "registrant_role",
      "offence_category",
      "outcome",
    ] as const) {
      expect(codesOf({ [column]: "" }), column).toContain(`required:${column}`);
    }
  });

  it("external_id is at most 100 characters", () => {
    expect(codesOf({ external_id: "x".repeat(100) })).toEqual([]);
    expect(codesOf({ external_id: "x".repeat(101) })).toEqual(["too_long:external_id"]);
  });

  it("dates are real YYYY-MM-DD dates, not in the future (Dutch time)", () => {
    for (const value of ["2019-02-29", "2019-13-01", "04-03-2019", "2019-3-4", "1899-12-31", "2019-03-04T10:00"]) {
      expect(codesOf({ received_on: value, taken_up_on: "", closed_on: "2026-01-01" }), value).toEqual([
        "invalid_date:received_on",
      ]);
    }
    expect(codesOf({ taken_up_on: "2020-02-30" })).toEqual(["invalid_date:taken_up_on"]);
    expect(codesOf({ closed_on: "soon" })).toEqual(["invalid_date:closed_on"]);
    expect(codesOf({ closed_on: "2026-12-01" })).toEqual(["future_date:closed_on"]);
    // 2026-11-30 23:30 UTC is already 1 December in the Netherlands.
    const late = checkImportFile(file({ ...GOOD, closed_on: "2026-12-01" }), CODES, new Date("2026-11-30T23:30:00Z"));
    expect(late.invalid).toEqual([]);
  });

  it("codes come from the fixed lists and the configured lists", () => {
    const cases: [keyof Row, string][] = [
      ["channel", "web"],
      ["referrer_type", "police"],
      ["registrant_side", "both"],
      ["registrant_role", "lawyer"],
      ["offence_category", "fraud"],
      ["region", "oost"],
      ["outcome", "closed"],
      ["forms", "telephone"],
    ];
    for (const [column, value] of cases) {
      expect(codesOf({ [column]: value }), column).toEqual([`unknown_value:${column}`]);
    }
    expect(codesOf({ outcome: "no_contact", forms: "", closed_on: "2019-05-01", no_contact_reason: "busy" })).toEqual([
      "unknown_value:no_contact_reason",
    ]);
    const [problem] = problemsOf({ region: "oost" });
    expect(problem?.params).toEqual({ column: "region", value: "oost", allowed: "noord, west" });
  });

  it("quotes at most 40 characters of a wrong value back", () => {
    const [problem] = problemsOf({ offence_category: "x".repeat(60) });
    expect(problem?.params.value).toBe(`${"x".repeat(40)}…`);
  });
});

describe("consistency rules (those of the table)", () => {
  it("closed_on is required without contact, optional with contact (a case may still be open), absent when open", () => {
    expect(codesOf({ closed_on: "" })).toEqual([]);
    expect(
      codesOf({ outcome: "no_contact", forms: "", no_contact_reason: "other_party_declines", closed_on: "" }),
    ).toEqual(["closed_on_required:closed_on"]);
    expect(codesOf({ outcome: "open", forms: "" })).toEqual(["closed_on_not_open:closed_on"]);
  });

  it("forms are given exactly with contact", () => {
    expect(codesOf({ forms: "" })).toEqual(["forms_required:forms"]);
    expect(codesOf({ forms: " ; " })).toEqual(["forms_required:forms"]);
    expect(codesOf({ outcome: "open", closed_on: "" })).toEqual(["forms_without_contact:forms"]);
  });

  it("no_contact_reason is given exactly with no_contact", () => {
    expect(codesOf({ outcome: "no_contact", forms: "" })).toEqual(["reason_required:no_contact_reason"]);
    expect(codesOf({ no_contact_reason: "other" })).toEqual(["reason_without_no_contact:no_contact_reason"]);
  });

  it("referrer_type only with channel referrer", () => {
    expect(codesOf({ channel: "self" })).toEqual(["referrer_type_without_referrer:referrer_type"]);
    expect(codesOf({ channel: "self", referrer_type: "" })).toEqual([]);
    expect(codesOf({ referrer_type: "" })).toEqual([]);
  });

  it("dates are in order", () => {
    expect(codesOf({ taken_up_on: "2019-03-03" })).toEqual(["date_order:taken_up_on"]);
    expect(codesOf({ closed_on: "2019-03-09" })).toEqual(["date_order:closed_on"]);
    expect(codesOf({ taken_up_on: "", closed_on: "2019-03-03" })).toEqual(["date_order:closed_on"]);
    expect(codesOf({ taken_up_on: "2019-03-04", closed_on: "2019-03-04" })).toEqual([]);
  });

  it("reports every problem of a row at once", () => {
    expect(codesOf({ received_on: "", channel: "self", outcome: "open" })).toEqual([
      "required:received_on",
      "referrer_type_without_referrer:referrer_type",
      "closed_on_not_open:closed_on",
      "forms_without_contact:forms",
    ]);
  });
});

describe("file problems", () => {
  const fileCodes = (result: CheckedFile) => result.fileProblems.map((p) => p.code);

  it("refuses an empty file, a header only, and another encoding", () => {
    expect(fileCodes(check(""))).toEqual(["empty"]);
    expect(fileCodes(check("\uFEFF"))).toEqual(["empty"]);
    expect(fileCodes(check(`${HEADER}\n\n`))).toEqual(["no_rows"]);
    const latin1 = Uint8Array.from([...new TextEncoder().encode(`${HEADER}\n`), 0x4f, 0x55, 0x44, 0xe9, 0x0a]);
    expect(fileCodes(check(latin1))).toEqual(["not_utf8"]);
  });

  it("names unknown, missing and repeated columns", () => {
    const header = [...IMPORT_COLUMNS.filter((c) => c !== "region" && c !== "forms"), "naam", "channel"];
    const result = check(`${header.join(",")}\n`);
    expect(result.fileProblems).toEqual([
      { code: "unknown_columns", params: { columns: "naam" } },
      { code: "missing_columns", params: { columns: "region, forms" } },
      { code: "duplicate_columns", params: { columns: "channel" } },
    ]);
    expect(result.rows).toBe(0);
  });

  it("reads header names case-insensitively", () => {
    expect(fileCodes(check(file(GOOD).replace("external_id", "External_ID")))).toEqual([]);
  });

  it("refuses a quote that is not closed, with its line", () => {
    const csv = `${file(GOOD)}\n"OUD-9,2019-01-01\n${line(GOOD)}`;
    expect(check(csv).fileProblems).toEqual([{ code: "malformed", params: { line: 3 } }]);
  });

  it("finds a row with too many or too few columns", () => {
    const result = check(`${file(GOOD)}\n${line({ ...GOOD, external_id: "A" })},extra\nB,2019-01-01`);
    expect(result.invalid).toEqual([
      {
        line: 3,
        externalId: "A",
        problems: [{ code: "column_count", params: { column: "", expected: 14, found: 15 } }],
      },
      {
        line: 4,
        externalId: "B",
        problems: [{ code: "column_count", params: { column: "", expected: 14, found: 2 } }],
      },
    ]);
  });
});

describe("the report as text", () => {
  it("lists every problem with its line, in English for the command line", () => {
    const checked = check(file(GOOD, { ...GOOD, external_id: "OUD-2", region: "oost" }));
    const text = importReportText(
      {
        fileName: "oud.csv",
        fileProblems: [],
        rows: checked.rows,
        valid: checked.valid.length,
        invalid: checked.invalid,
        inserted: 0,
        alreadyImported: 0,
        agreementAdded: 0,
        imported: false,
      },
      (key, params) => translate("en", key, params),
    );
    expect(text).toContain("Line 3 (OUD-2): region: Herstel does not know “oost”. Possible values: noord, west.");
    expect(text).toContain("The file has not been imported, because some lines have a problem.");
  });

  it("has a Dutch and an English text for every problem code", () => {
    const codes = [
      "column_count",
      "required",
      "too_long",
      "invalid_date",
      "future_date",
      "unknown_value",
      "date_order",
      "closed_on_required",
      "closed_on_not_open",
      "forms_required",
      "forms_without_contact",
      "reason_required",
      "reason_without_no_contact",
      "referrer_type_without_referrer",
      "duplicate_external_id",
    ];
    for (const code of codes) {
      const key = `import.problem.${code}` as Parameters<typeof translate>[1];
      expect(translate("nl", key), code).not.toBe(undefined);
      expect(translate("en", key), code).not.toBe(undefined);
    }
  });
});
