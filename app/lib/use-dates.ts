import { formatDate, formatDateTime } from "./dates.ts";
import { useLocale } from "./i18n/i18n-react.tsx";

/** The date helper in the page's language: `date("2026-05-03")` → "3 mei 2026". */
export function useDates() {
  const locale = useLocale();
  return {
    date: (value: string | Date) => formatDate(value, locale),
    dateTime: (value: string | Date) => formatDateTime(value, locale),
  };
}
