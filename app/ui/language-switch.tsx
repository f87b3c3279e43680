import { Form, useLocation } from "react-router";
import { useLocale, useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "./csrf-field.tsx";

/** A POST form (the choice is stored in a cookie), so it works without JavaScript. */
export function LanguageSwitch() {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const other = locale === "nl" ? "en" : "nl";
  return (
    <Form method="post" action="/taal" className="herstel-language-switch" aria-label={t("layout.languageSwitch")}>
      <CsrfField />
      <input type="hidden" name="locale" value={other} />
      <input type="hidden" name="returnTo" value={location.pathname} />
      <button type="submit" lang={other} aria-label={t("layout.switchToLabel")}>
        {t("layout.switchTo")}
      </button>
    </Form>
  );
}
