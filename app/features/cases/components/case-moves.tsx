import { Form } from "react-router";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../../../ui/csrf-field.tsx";
import { SelectField, TextArea } from "../../../ui/form-field.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";
import { type AvailableMove, REOPEN_REASON_MAX } from "../case.rules.ts";
import { FoldedForm } from "./folded.tsx";

/**
 * The moves a case can make now. Allowed ones are buttons; refused ones list what is still
 * missing, so the mediator knows what to do first. Every form carries the version of the case
 * the page showed (optimistic locking).
 */
export function CaseMoves({
  moves,
  version,
  reasons,
}: {
  moves: AvailableMove[];
  version: number;
  reasons: { code: string; label: string }[];
}) {
  const t = useT();
  const hidden = (fields: Record<string, string>) => (
    <>
      <CsrfField />
      <input type="hidden" name="version" value={version} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
  // The moves a mediator makes less often (closing without contact, a party withdrawing) fold away.
  const others = moves.filter(
    ({ option, result }) => (option.kind === "close_without_contact" || option.kind === "withdraw") && result.ok,
  );
  return (
    <section aria-labelledby="moves" className="herstel-moves">
      <Heading level={2} id="moves">
        {t("move.title")}
      </Heading>
      {moves.map(({ option, result }) => {
        if (option.kind !== "advance") return null;
        const label = t("move.advance", { step: t(`step.${option.to}` as MessageKey) });
        return result.ok ? (
          <Form key={`a-${option.to}`} method="post" preventScrollReset>
            {hidden({ kind: "advance", to: option.to })}
            <button type="submit" className="utrecht-button utrecht-button--primary-action">
              {label}
            </button>
          </Form>
        ) : (
          <div key={`a-${option.to}`} className="herstel-move-blocked">
            <Paragraph>
              <strong>{label}</strong> — {t("move.blocked")}
            </Paragraph>
            <ul className="herstel-move-blocked__missing">
              {result.missing.map((m) => (
                <li key={m}>{t(`missing.${m}` as MessageKey)}</li>
              ))}
            </ul>
          </div>
        );
      })}
      {others.length ? (
        <FoldedForm summary={t("move.laterSteps")} open={false}>
          {others.map(({ option }) => {
            if (option.kind === "close_without_contact") {
              return (
                <Form key="close" method="post" preventScrollReset noValidate>
                  {hidden({ kind: "close_without_contact" })}
                  <SelectField
                    name="reason"
                    label={t("move.closeReason")}
                    required
                    choices={reasons.map((r) => ({ value: r.code, label: r.label }))}
                    placeholder={t("option.choose")}
                    errorPrefix={t("reg.errorPrefix")}
                  />
                  <button type="submit" className="utrecht-button utrecht-button--secondary-action">
                    {t("move.close")}
                  </button>
                </Form>
              );
            }
            if (option.kind === "withdraw") {
              return (
                <Form key={`w-${option.party}`} method="post" preventScrollReset>
                  {hidden({ kind: "withdraw", party: option.party })}
                  <button type="submit" className="utrecht-button utrecht-button--secondary-action">
                    {t(`move.withdraw.${option.party}`)}
                  </button>
                </Form>
              );
            }
            return null;
          })}
        </FoldedForm>
      ) : null}
      {moves.some(({ option }) => option.kind === "reopen") ? (
        <Form method="post" preventScrollReset noValidate>
          {hidden({ kind: "reopen" })}
          <TextArea
            name="reason"
            label={t("move.reopenReason")}
            required
            rows={3}
            maxLength={REOPEN_REASON_MAX}
            errorPrefix={t("reg.errorPrefix")}
          />
          <button type="submit" className="utrecht-button utrecht-button--secondary-action">
            {t("move.reopen")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
