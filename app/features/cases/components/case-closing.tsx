import { Form } from "react-router";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../../../ui/csrf-field.tsx";
import { DataTable } from "../../../ui/data-table.tsx";
import { TextArea, TextField } from "../../../ui/form-field.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";

type Feedback = { missing: string[]; sent: { id: number; recipient: string; agreed_text: string; sent_on: string }[] };

/** Justice feedback (only with both consents while the case is pending) and the closing agreements. */
export function CaseClosing({
  feedback,
  sharedAgreement,
  aftercareReferral,
  today,
}: {
  feedback: Feedback;
  sharedAgreement: string | null;
  aftercareReferral: string | null;
  today: string;
}) {
  const t = useT();
  const prefix = t("reg.errorPrefix");
  return (
    <>
      <section aria-labelledby="justice">
        <Heading level={2} id="justice">
          {t("justice.title")}
        </Heading>
        {feedback.sent.length > 0 ? (
          <DataTable
            headers={[t("file.date"), t("justice.recipient"), t("justice.text")]}
            rows={feedback.sent.map((f) => ({
              key: f.id,
              cells: [
                f.sent_on,
                f.recipient,
                <span key="text" className="herstel-summary-list__value">
                  {f.agreed_text}
                </span>,
              ],
            }))}
          />
        ) : null}
        {feedback.missing.length > 0 ? (
          <>
            <Paragraph>{t("move.blocked")}</Paragraph>
            <ul>
              {feedback.missing.map((m) => (
                <li key={m}>{t(`justice.missing.${m}` as MessageKey)}</li>
              ))}
            </ul>
          </>
        ) : (
          <Form method="post" noValidate className="herstel-prose">
            <CsrfField />
            <input type="hidden" name="intent" value="justice-feedback" />
            <TextField
              name="recipient"
              id="justice-recipient"
              type="text"
              label={t("justice.recipient")}
              required
              maxLength={200}
              errorPrefix={prefix}
            />
            <TextArea
              name="text"
              id="justice-text"
              label={t("justice.text")}
              hint={t("justice.textHint")}
              required
              maxLength={10000}
              errorPrefix={prefix}
            />
            <TextField
              name="sentOn"
              id="justice-date"
              type="date"
              label={t("justice.sentOn")}
              required
              value={today}
              width="narrow"
              errorPrefix={prefix}
            />
            <button type="submit" className="utrecht-button utrecht-button--secondary-action">
              {t("justice.submit")}
            </button>
          </Form>
        )}
      </section>
      <section aria-labelledby="agreements">
        <Heading level={2} id="agreements">
          {t("closing.title")}
        </Heading>
        <Form method="post" noValidate className="herstel-prose">
          <CsrfField />
          <input type="hidden" name="intent" value="closing-agreements" />
          <TextArea
            name="sharedAgreement"
            id="closing-shared"
            label={t("closing.shared")}
            optionalText={t("reg.optional")}
            value={sharedAgreement ?? ""}
            maxLength={4000}
            errorPrefix={prefix}
          />
          <TextField
            name="aftercareReferral"
            id="closing-aftercare"
            type="text"
            label={t("closing.aftercare")}
            optionalText={t("reg.optional")}
            value={aftercareReferral ?? ""}
            maxLength={2000}
            errorPrefix={prefix}
          />
          <button type="submit" className="utrecht-button utrecht-button--secondary-action">
            {t("closing.submit")}
          </button>
        </Form>
      </section>
    </>
  );
}
