/** Pure rules of the retention schedule (ADR 0020). No I/O. */

export const RETENTION_KINDS = [
  "case_file",
  "case_without_contact",
  "registration_not_taken_up",
  "outbox_message",
] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export function isRetentionKind(value: unknown): value is RetentionKind {
  return typeof value === "string" && (RETENTION_KINDS as readonly string[]).includes(value);
}

/** A case or registration the schedule finds due (from retention_due in migration 0030). */
export type DueItem = {
  kind: "case_file" | "case_without_contact" | "registration_not_taken_up";
  objectType: "case" | "registration";
  objectId: number;
  reference: string;
  regionId: number | null;
  anchorOn: string;
  dueOn: string;
  held: boolean;
};

/** What one run erased (or, in a dry run, would erase). */
export type RetentionSummary = {
  caseFiles: number;
  /** Registrations erased: those never taken up and those that belonged to an erased case. */
  registrations: number;
  messages: number;
  sessions: number;
  /** Audit records older than the audit log's period, pruned from a signed checkpoint (ADR 0020). */
  auditRecords: number;
  /** Due, but kept by a legal hold. */
  held: number;
};

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day "YYYY-MM-DD" that exists, or undefined. */
export function parseDay(value: string): string | undefined {
  const match = ISO_DAY.exec(value);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return value;
}

/** Today's date in Dutch time, the day the schedule counts in. */
export function dutchDay(at: Date): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Amsterdam",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}

/** A day plus whole days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A day plus whole months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb), as PostgreSQL does. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

export type CliOptions = { asOf?: string; apply: boolean };

/** `npm run retention -- [--as-of YYYY-MM-DD] [--apply]`: the options, or a message for the user. */
export function parseCliArguments(
  args: readonly string[],
): { ok: true; options: CliOptions } | { ok: false; message: string } {
  let asOf: string | undefined;
  let apply = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--apply") apply = true;
    else if (arg === "--as-of" || arg.startsWith("--as-of=")) {
      const value = arg === "--as-of" ? args[++i] : arg.slice("--as-of=".length);
      const day = value === undefined ? undefined : parseDay(value);
      if (!day)
        return {
          ok: false,
          message: `--as-of needs a date as YYYY-MM-DD, for example 2026-12-01 (got "${value ?? ""}")`,
        };
      asOf = day;
    } else return { ok: false, message: `unknown option "${arg}"; use [--as-of YYYY-MM-DD] [--apply]` };
  }
  return { ok: true, options: { asOf, apply } };
}

/** The command's last line: what was erased (nothing in a dry run). */
export function summaryLine(erased: RetentionSummary, applied: boolean): string {
  const counts = `${erased.caseFiles} case files, ${erased.registrations} registrations, ${erased.messages} messages, ${erased.sessions} sessions, ${erased.auditRecords} audit records`;
  return applied ? `erased: ${counts}` : `erased: ${counts} (dry run; add --apply to erase what is due)`;
}

export const NOTHING: RetentionSummary = {
  caseFiles: 0,
  registrations: 0,
  messages: 0,
  sessions: 0,
  auditRecords: 0,
  held: 0,
};
