import { createContext, type ReactNode, useContext } from "react";
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

/** Formats dates and times in the visitor's language, in Dutch time. */
export function useDateTimeFormat(withSeconds = false): (value: string | Date) => string {
  const locale = useContext(LocaleContext);
  const format = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "nl-NL", {
    dateStyle: "medium",
    timeStyle: withSeconds ? "medium" : "short",
    timeZone: "Europe/Amsterdam",
  });
  return (value) => format.format(typeof value === "string" ? new Date(value) : value);
}
