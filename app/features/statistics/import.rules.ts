import { parse } from "csv-parse/sync";
import { isCalendarDate } from "../../lib/calendar-date.ts";
import { CONTACT_FORMS } from "../cases/case.rules.ts";
import { todayInAmsterdam } from "../registration/registration.schema.ts";

/**
 * Reading and checking a CSV file of registrations from before Herstel (docs/import-format.md).
 * Pure: no I/O. The rules are those of the table historic_registration (migration 0019), checked
 * here first so that every problem of every row can be reported at once, by its line in the file.
 */
export const IMPORT_COLUMNS = [
  "external_id",
  "received_on",
  "taken_up_on",
  "channel",
  "referrer_type",
  "registrant_side",
  "registrant_role",
  "offence_category",
  "region",
  "outcome",
  "forms",
  "no_contact_reason",
  "closed_on",
  "both_agreed",
] as const;
/** Columns a file may leave out (older exports): read as empty. */
export const OPTIONAL_COLUMNS: ReadonlySet<ImportColumn> = new Set(["both_agreed"]);
export const AGREEMENT = ["yes", "no"] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
/** Columns that must have a value; the others may be empty (or must be, see the consistency rules). */
export const REQUIRED_COLUMNS: ReadonlySet<ImportColumn> = new Set([
  "external_id",
  "received_on",
  "channel",
  "registrant_side",
  "registrant_role",
  "offence_category",
  "outcome",
]);

export const CHANNELS = ["referrer", "self", "staff"] as const;
export const REGISTRANT_SIDES = ["victim", "offender", "unknown"] as const;
export const REGISTRANT_ROLES = ["victim", "offender", "bereaved", "relative", "witness", "other"] as const;
export const OUTCOMES = ["contact", "no_contact", "open"] as const;
export { CONTACT_FORMS };
export const EXTERNAL_ID_MAX = 100;

/** The codes of the configurable lists as they are in the database (inactive ones included). */
export type ImportCodes = {
  offenceCategories: ReadonlySet<string>;
  referrerTypes: ReadonlySet<string>;
  noContactReasons: ReadonlySet<string>;
  /** region code → region id */
  regions: ReadonlyMap<string, number>;
};

export type RowProblemCode =
  | "column_count"
  | "required"
  | "too_long"
  | "invalid_date"
  | "future_date"
  | "unknown_value"
  | "date_order"
  | "closed_on_required"
  | "closed_on_not_open"
  | "forms_required"
  | "forms_without_contact"
  | "reason_required"
  | "reason_without_no_contact"
  | "referrer_type_without_referrer"
  | "contact_without_agreement"
  | "duplicate_external_id";
/** One problem of one row: a stable code, the column, and the values its message needs. */
export type RowProblem = { code: RowProblemCode; params: Record<string, string | number> };

export type FileProblemCode =
  | "not_utf8"
  | "empty"
  | "malformed"
  | "missing_columns"
  | "unknown_columns"
  | "duplicate_columns"
  | "no_rows";
export type FileProblem = { code: FileProblemCode; params: Record<string, string | number> };

/** A row as it goes into historic_registration (without the import's own columns). */
export type HistoricRow = {
  external_id: string;
  received_on: string;
  taken_up_on: string | null;
  submitted_by: (typeof CHANNELS)[number];
  referrer_type: string | null;
  registrant_side: (typeof REGISTRANT_SIDES)[number];
  registrant_role: (typeof REGISTRANT_ROLES)[number];
  offence_category: string;
  region_id: number | null;
  outcome: (typeof OUTCOMES)[number];
  forms: string[];
  no_contact_reason: string | null;
  closed_on: string | null;
  both_agreed: boolean | null;
};

export type InvalidRow = { line: number; externalId?: string; problems: RowProblem[] };

export type CheckedFile = {
  fileProblems: FileProblem[];
  /** Data rows in the file (blank lines not counted). */
  rows: number;
  valid: { line: number; row: HistoricRow }[];
  invalid: InvalidRow[];
};

/** Longest value quoted back in a message, so a stray paragraph does not flood the report. */
const QUOTE_MAX = 40;
const quote = (value: string) => (value.length > QUOTE_MAX ? `${value.slice(0, QUOTE_MAX)}…` : value);

/** Text from the file: UTF-8, checked, so that an export in another encoding is refused clearly. */
function decode(csv: string | Uint8Array): string | undefined {
  if (typeof csv === "string") return csv;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(csv);
  } catch {
    return undefined;
  }
}

/** Semicolon when the header line has more semicolons than commas (Dutch spreadsheets), else comma. */
export function detectDelimiter(text: string): "," | ";" {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

type CsvRecord = { line: number; cells: string[] };

/** The records of the file, each with the line it starts on (the header is line 1). */
function readRecords(text: string): { records: CsvRecord[] } | { problem: FileProblem } {
  const records: CsvRecord[] = [];
  let previousEnd = 0;
  let previousEmpty = 0;
  try {
    parse(text, {
      bom: true,
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], info) => {
        // info.lines is where the record ends; a quoted value may span lines, and blank lines are skipped.
        const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
        previousEnd = info.lines;
        previousEmpty = info.empty_lines;
        records.push({ line, cells: record.map((c) => c.trim()) });
        return null;
      },
    });
  } catch {
    // The library names the line where it gave up; the broken record starts after the last good one.
    return { problem: { code: "malformed", params: { line: previousEnd + 1 } } };
  }
  return { records };
}

/** The header: which column is where. Unknown, missing or repeated columns refuse the file. */
function readHeader(cells: string[]): { positions: Map<ImportColumn, number>; width: number } | FileProblem[] {
  const names = cells.map((c) => c.toLowerCase());
  // Spreadsheets sometimes add empty columns at the end.
  while (names.length > 0 && names[names.length - 1] === "") names.pop();
  const known = new Set<string>(IMPORT_COLUMNS);
  const problems: FileProblem[] = [];
  const unknown = names.filter((n) => !known.has(n)).map((n) => (n === "" ? "(leeg/empty)" : quote(n)));
  if (unknown.length) problems.push({ code: "unknown_columns", params: { columns: unknown.join(", ") } });
  const missing = IMPORT_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c) && !names.includes(c));
  if (missing.length) problems.push({ code: "missing_columns", params: { columns: missing.join(", ") } });
  const repeated = [...new Set(names.filter((n, i) => known.has(n) && names.indexOf(n) !== i))];
  if (repeated.length) problems.push({ code: "duplicate_columns", params: { columns: repeated.join(", ") } });
  if (problems.length) return problems;
  return { positions: new Map(IMPORT_COLUMNS.map((c) => [c, names.indexOf(c)])), width: names.length };
}

/**
 * Checks one row. Returns the row for the table when there is no problem; otherwise every
 * problem found (a consistency rule is only checked when the values it compares are readable).
 */
export function checkRow(
  fields: Record<ImportColumn, string>,
  codes: ImportCodes,
  today: string,
): { row: HistoricRow; problems: [] } | { row?: undefined; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const add = (code: RowProblemCode, column: ImportColumn | "", params: Record<string, string | number> = {}) =>
    problems.push({ code, params: { column, ...params } });

  const required = (column: ImportColumn) => {
    if (fields[column] === "") add("required", column);
    return fields[column];
  };
  const value = (column: ImportColumn) => (REQUIRED_COLUMNS.has(column) ? required(column) : fields[column]);
  const date = (column: ImportColumn): string | null | undefined => {
    const text = value(column);
    if (text === "") return null;
    if (!isCalendarDate(text)) return void add("invalid_date", column, { value: quote(text) });
    if (text > today) return void add("future_date", column, { value: text });
    return text;
  };
  /** A code from a fixed or configured list; codes are lower case, capitals are read as such. */
  const code = <T extends string>(column: ImportColumn, allowed: Iterable<T>) => {
    const text = value(column).toLowerCase();
    if (text === "") return null;
    const list = [...allowed];
    if (!(list as string[]).includes(text)) {
      return void add("unknown_value", column, { value: quote(fields[column]), allowed: list.join(", ") });
    }
    return text as T;
  };

  const externalId = required("external_id");
  if ([...externalId].length > EXTERNAL_ID_MAX) add("too_long", "external_id", { max: EXTERNAL_ID_MAX });
  const receivedOn = date("received_on");
  const takenUpOn = date("taken_up_on");
  const closedOn = date("closed_on");
  const channel = code("channel", CHANNELS);
  const referrerType = code("referrer_type", codes.referrerTypes);
  const side = code("registrant_side", REGISTRANT_SIDES);
  const role = code("registrant_role", REGISTRANT_ROLES);
  const offence = code("offence_category", codes.offenceCategories);
  const regionCode = code("region", codes.regions.keys());
  const outcome = code("outcome", OUTCOMES);
  const reason = code("no_contact_reason", codes.noContactReasons);
  const agreed = code("both_agreed", AGREEMENT);

  const forms: string[] = [];
  for (const part of fields.forms.split(";")) {
    const form = part.trim().toLowerCase();
    if (form === "" || forms.includes(form)) continue;
    if ((CONTACT_FORMS as readonly string[]).includes(form)) forms.push(form);
    else add("unknown_value", "forms", { value: quote(part.trim()), allowed: CONTACT_FORMS.join(", ") });
  }

  // The consistency rules of the table (migration 0019).
  if (referrerType && channel && channel !== "referrer") add("referrer_type_without_referrer", "referrer_type");
  if (outcome === "contact" && agreed === "no") add("contact_without_agreement", "both_agreed");
  if (receivedOn && takenUpOn && takenUpOn < receivedOn)
    add("date_order", "taken_up_on", { after: "received_on", value: takenUpOn });
  const closedAfter = takenUpOn ?? receivedOn;
  if (closedOn && closedAfter && closedOn < closedAfter)
    add("date_order", "closed_on", { after: takenUpOn ? "taken_up_on" : "received_on", value: closedOn });
  if (outcome) {
    if (outcome === "open" && fields.closed_on !== "") add("closed_on_not_open", "closed_on");
    // Contact may have happened in a case that is still open (aftercare, closing); no contact is
    // an outcome only once the case is closed.
    if (outcome === "no_contact" && fields.closed_on === "") add("closed_on_required", "closed_on", { outcome });
    // A lone separator (";") names no form.
    const formsGiven = fields.forms.replace(/[;\s]/g, "") !== "";
    if (outcome === "contact" && !formsGiven) add("forms_required", "forms");
    if (outcome !== "contact" && formsGiven) add("forms_without_contact", "forms", { outcome });
    if (outcome === "no_contact" && fields.no_contact_reason === "") add("reason_required", "no_contact_reason");
    if (outcome !== "no_contact" && fields.no_contact_reason !== "")
      add("reason_without_no_contact", "no_contact_reason", { outcome });
  }

  if (problems.length > 0 || !receivedOn || !channel || !side || !role || !offence || !outcome) {
    return { problems };
  }
  return {
    row: {
      external_id: externalId,
      received_on: receivedOn,
      taken_up_on: takenUpOn ?? null,
      submitted_by: channel,
      referrer_type: referrerType ?? null,
      registrant_side: side,
      registrant_role: role,
      offence_category: offence,
      region_id: regionCode ? (codes.regions.get(regionCode) ?? null) : null,
      outcome,
      forms,
      no_contact_reason: reason ?? null,
      closed_on: closedOn ?? null,
      both_agreed: agreed ? agreed === "yes" : null,
    },
    problems: [],
  };
}

/** Reads and checks a whole file: file-level problems, or every row sorted into valid and invalid. */
export function checkImportFile(csv: string | Uint8Array, codes: ImportCodes, now: Date): CheckedFile {
  const refused = (problem: FileProblem): CheckedFile => ({ fileProblems: [problem], rows: 0, valid: [], invalid: [] });
  const text = decode(csv);
  if (text === undefined) return refused({ code: "not_utf8", params: {} });
  const read = readRecords(text);
  if ("problem" in read) return refused(read.problem);
  const [headerRecord, ...records] = read.records;
  if (!headerRecord) return refused({ code: "empty", params: {} });
  const header = readHeader(headerRecord.cells);
  if (Array.isArray(header)) return { fileProblems: header, rows: 0, valid: [], invalid: [] };

  const today = todayInAmsterdam(now);
  const result: CheckedFile = { fileProblems: [], rows: 0, valid: [], invalid: [] };
  const firstLineOf = new Map<string, number>();
  for (const { line, cells } of records) {
    // Lines of only delimiters (left over from a spreadsheet) are blank lines.
    if (cells.every((c) => c === "")) continue;
    result.rows++;
    const width =
      cells.length > header.width && cells.slice(header.width).every((c) => c === "") ? header.width : cells.length;
    const fields = Object.fromEntries(
      IMPORT_COLUMNS.map((c) => [c, cells[header.positions.get(c) ?? -1] ?? ""]),
    ) as Record<ImportColumn, string>;
    const externalId = fields.external_id || undefined;
    if (width !== header.width) {
      result.invalid.push({
        line,
        externalId,
        problems: [{ code: "column_count", params: { column: "", expected: header.width, found: width } }],
      });
      continue;
    }
    const checked = checkRow(fields, codes, today);
    const problems = [...checked.problems];
    if (externalId) {
      const first = firstLineOf.get(externalId);
      if (first === undefined) firstLineOf.set(externalId, line);
      else problems.push({ code: "duplicate_external_id", params: { column: "external_id", line: first } });
    }
    if (problems.length === 0 && checked.row) result.valid.push({ line, row: checked.row });
    else result.invalid.push({ line, externalId, problems });
  }
  if (result.rows === 0) result.fileProblems.push({ code: "no_rows", params: {} });
  return result;
}
