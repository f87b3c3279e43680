import { useEffect, useRef } from "react";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { useDates } from "../../../lib/use-dates.ts";
import { Paragraph } from "../../../ui/typography.tsx";
import type { SectionResult } from "../case-sections.ts";

/**
 * After a save the page keeps its place, so the form that was sent is emptied (back to what the
 * fresh page data says), as it would be on a page loaded anew: what was typed is in the record
 * above it now, and a second click does not record it twice. A refused save keeps what was typed.
 */
function useEmptySavedForm(result: SectionResult | undefined) {
  const sent = useRef<HTMLFormElement | null>(null);
  useEffect(() => {
    const remember = (event: Event) => {
      if (event.target instanceof HTMLFormElement) sent.current = event.target;
    };
    document.addEventListener("submit", remember, true);
    return () => document.removeEventListener("submit", remember, true);
  }, []);
  useEffect(() => {
    if (result?.kind !== "saved") return;
    sent.current?.reset();
    sent.current = null;
  }, [result]);
}

/**
 * What a section's last save answered, at the top of the section: saved, moved, or what needs
 * attention. A status is announced politely; a problem is an alert.
 */
export function SectionNotices({ result, uploadMaxMb }: { result: SectionResult | undefined; uploadMaxMb?: number }) {
  const t = useT();
  const tk = (key: string) => t(key as MessageKey);
  const { dateTime } = useDates();
  useEmptySavedForm(result);
  if (!result) return null;
  switch (result.kind) {
    case "saved":
      return (
        <Paragraph role="status" className="herstel-panel">
          {t("file.saved")}
        </Paragraph>
      );
    case "moved":
      return (
        <Paragraph role="status" className="herstel-panel">
          {t("move.done", { step: tk(`step.${result.to}`) })}
        </Paragraph>
      );
    case "conflict":
      return (
        <div role="alert" className="herstel-error-summary">
          <Paragraph>
            {t("move.conflict", {
              who: result.by ?? t("move.someone"),
              when: result.at ? dateTime(result.at) : "",
              step: tk(`step.${result.step}`),
            })}
          </Paragraph>
        </div>
      );
    case "missing":
      return (
        <div role="alert" className="herstel-error-summary">
          <ul>
            {result.missing.map((m) => (
              <li key={m}>{tk(`missing.${m}`)}</li>
            ))}
          </ul>
        </div>
      );
    case "fields":
      return (
        <div role="alert" className="herstel-error-summary">
          <Paragraph>{t("contact.checkFields")}</Paragraph>
        </div>
      );
    case "problem":
      return (
        <div role="alert" className="herstel-error-summary">
          <Paragraph>
            {result.intent === "justice-feedback"
              ? tk(`justice.missing.${result.problem}`)
              : t(`contact.problem.${result.problem}` as MessageKey, { mb: uploadMaxMb ?? 0 })}
          </Paragraph>
        </div>
      );
    case "contactConflict":
      return null;
  }
}
