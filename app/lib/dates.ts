import type { Locale } from "./i18n/i18n.ts";

/**
 * The one way dates are shown to people: a date as "3 mei 2026" (English "3 May 2026"), a moment
 * as "3 mei 2026, 08:02" ("3 May 2026, 08:02"), always in Dutch time. A calendar date written as
 * YYYY-MM-DD (a deadline, a date of birth) is shown as that day, whatever the time zone.
 */
const ZONE = "Europe/Amsterdam";
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: Locale, kind: "date" | "time" | "seconds", timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}:${kind}:${timeZone}`;
  let found = formats.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions =
      kind === "date"
        ? { day: "numeric", month: "long", year: "numeric" }
        : {
            hour: "2-digit",
            minute: "2-digit",
            ...(kind === "seconds" ? { second: "2-digit" } : {}),
            hourCycle: "h23",
          };
    found = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "nl-NL", { ...options, timeZone });
    formats.set(key, found);
  }
  return found;
}

export type DateInput = string | Date;

function toDate(value: DateInput): { date: Date; calendar: boolean } | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : { date: value, calendar: false };
  const match = CALENDAR_DATE.exec(value);
  if (match)
    return { date: new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))), calendar: true };
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : { date, calendar: false };
}

/** "3 mei 2026" / "3 May 2026". A value that is not a date is returned as it is. */
export function formatDate(value: DateInput, locale: Locale): string {
  const parsed = toDate(value);
  if (!parsed) return String(value);
  return format(locale, "date", parsed.calendar ? "UTC" : ZONE).format(parsed.date);
}

/** "3 mei 2026, 08:02" / "3 May 2026, 08:02" (with seconds: "08:02:09"). A bare date gets no time. */
export function formatDateTime(value: DateInput, locale: Locale, withSeconds = false): string {
  const parsed = toDate(value);
  if (!parsed) return String(value);
  if (parsed.calendar) return formatDate(value, locale);
  const time = format(locale, withSeconds ? "seconds" : "time", ZONE).format(parsed.date);
  return `${format(locale, "date", ZONE).format(parsed.date)}, ${time}`;
}
