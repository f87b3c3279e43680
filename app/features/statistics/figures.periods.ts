import type { Period } from "./figures.rules.ts";

/**
 * A period cut into what the rollup of migration 0036 can answer and what it cannot: whole
 * years, whole months outside those years, and the days of a month the period covers only in
 * part. Months and years as [first day, first day after) half-open ranges of their first days;
 * days as inclusive ranges. Together they cover the period exactly once.
 */
export type PeriodParts = {
  days: [string, string][];
  months: [string, string][];
  years: [string, string][];
};

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const monthStart = (year: number, month: number) =>
  month > 12 ? `${pad(year + 1, 4)}-01-01` : `${pad(year, 4)}-${pad(month, 2)}-01`;
const parse = (date: string) => date.split("-").map(Number) as [number, number, number];

export function splitPeriod({ from, to }: Period): PeriodParts {
  // The last day there is: no month after it.
  if (to >= "9999-12-01") return { days: [[from, to]], months: [], years: [] };
  const [fy, fm, fd] = parse(from);
  // The first whole month starts on `first`; the last ends the day before `end`.
  const first = fd === 1 ? from : monthStart(fy, fm + 1);
  const [ty, tm] = parse(addDays(to, 1));
  const end = monthStart(ty, tm);
  if (first >= end) return { days: [[from, to]], months: [], years: [] };
  const days: [string, string][] = [];
  if (from < first) days.push([from, addDays(first, -1)]);
  if (end <= to) days.push([end, to]);
  const [ay, am] = parse(first);
  const yearsFrom = am === 1 ? first : monthStart(ay + 1, 1);
  const yearsUntil = monthStart(ty, 1);
  if (yearsFrom >= yearsUntil) return { days, months: [[first, end]], years: [] };
  const months: [string, string][] = [];
  if (first < yearsFrom) months.push([first, yearsFrom]);
  if (yearsUntil < end) months.push([yearsUntil, end]);
  return { days, months, years: [[yearsFrom, yearsUntil]] };
}
