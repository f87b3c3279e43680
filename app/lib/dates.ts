/**
 * The one way dates are shown: a date as "3 mei 2026" (en: "3 May 2026"), a date and time as
 * "3 mei 2026, 08:02", always in Amsterdam time. Values are calendar dates ("2026-05-03") or
 * instants (ISO strings or Dates).
 */
export type DateLocale = "nl" | "en";

const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: DateLocale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}:${withTime}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "nl-NL", {
      day: "numeric",
      month: "long",
      year: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {}),
      timeZone: "Europe/Amsterdam",
    });
    formats.set(key, found);
  }
  return found;
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "3 mei 2026". A calendar date is shown as that day wherever the server runs. */
export function formatDate(value: string | Date, locale: DateLocale): string {
  if (typeof value === "string" && CALENDAR_DATE.test(value)) {
    // Noon UTC is the same calendar day in Amsterdam all year round.
    return format(locale, false).format(new Date(`${value}T12:00:00Z`));
  }
  return format(locale, false).format(typeof value === "string" ? new Date(value) : value);
}

/** "3 mei 2026, 08:02". */
export function formatDateTime(value: string | Date, locale: DateLocale): string {
  const parts = format(locale, true).formatToParts(typeof value === "string" ? new Date(value) : value);
  const pick = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${pick("day")} ${pick("month")} ${pick("year")}, ${pick("hour")}:${pick("minute")}`;
}
