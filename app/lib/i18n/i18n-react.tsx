import { createContext, type ReactNode, useContext } from "react";
import { type DateInput, formatDate, formatDateTime } from "../dates.ts";
import { DEFAULT_LOCALE, type Locale, type Translate, translator } from "./i18n.ts";

const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

export function LocaleProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext value={locale}>{children}</LocaleContext>;
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

export function useT(): Translate {
  return translator(useContext(LocaleContext));
}

/** Formats moments in the visitor's language, in Dutch time: "3 mei 2026, 08:02" (lib/dates.ts). */
export function useDateTimeFormat(withSeconds = false): (value: string | Date) => string {
  const locale = useContext(LocaleContext);
  return (value) => formatDateTime(value, locale, withSeconds);
}

/** The date helper in the visitor's language: `date` ("3 mei 2026") and `dateTime` ("3 mei 2026, 08:02"). */
export function useDates(): { date: (value: DateInput) => string; dateTime: (value: DateInput) => string } {
  const locale = useContext(LocaleContext);
  return { date: (value) => formatDate(value, locale), dateTime: (value) => formatDateTime(value, locale) };
}
