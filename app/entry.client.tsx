import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { HydratedRouter } from "react-router/dom";
import { DEFAULT_LOCALE, isLocale } from "./lib/i18n/i18n.ts";
import { LocaleProvider } from "./lib/i18n/i18n-react.tsx";

// The server rendered <html lang>; hydrate with the same language.
const lang = document.documentElement.lang;

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <LocaleProvider locale={isLocale(lang) ? lang : DEFAULT_LOCALE}>
        <HydratedRouter />
      </LocaleProvider>
    </StrictMode>,
  );
});
