import { Form } from "react-router";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { useDates } from "../../../lib/use-dates.ts";
import { CsrfField } from "../../../ui/csrf-field.tsx";
import { DataTable } from "../../../ui/data-table.tsx";
import { TextArea, TextField } from "../../../ui/form-field.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";
import { AFTERCARE_REFERRAL_MAX, JUSTICE_TEXT_MAX, RECIPIENT_MAX, SHARED_AGREEMENT_MAX } from "../closing.schema.ts";
import { LongText } from "./folded.tsx";

type Feedback = { missing: string[]; sent: { id: number; recipient: string; agreed_text: string; sent_on: string }[] };

/** Justice feedback: only with both parties' consent while the criminal case is pending. */
export function CaseJustice({ feedback, today }: { feedback: Feedback; today: string }) {
  const t = useT();
  const { date } = useDates();
  const prefix = t("reg.errorPrefix");
  return (
    <section aria-labelledby="justice">
      <Heading level={2} id="justice">
        {t("justice.title")}
      </Heading>
      {feedback.sent.length > 0 ? (
        <DataTable
          headers={[t("file.date"), t("justice.recipient"), t("justice.text")]}
          rows={feedback.sent.map((f) => ({
            key: f.id,
            cells: [date(f.sent_on), f.recipient, <LongText key="text" text={f.agreed_text} />],
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
        <Form method="post" preventScrollReset noValidate className="herstel-prose">
          <CsrfField />
          <input type="hidden" name="intent" value="justice-feedback" />
          <TextField
            name="recipient"
            id="justice-recipient"
            type="text"
            label={t("justice.recipient")}
            required
            maxLength={RECIPIENT_MAX}
            errorPrefix={prefix}
          />
          <TextArea
            name="text"
            id="justice-text"
            label={t("justice.text")}
            hint={t("justice.textHint")}
            required
            maxLength={JUSTICE_TEXT_MAX}
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
  );
}

/** What the parties agreed may be shared with others, and the referral for aftercare. */
export function CaseAgreements({
  sharedAgreement,
  aftercareReferral,
}: {
  sharedAgreement: string | null;
  aftercareReferral: string | null;
}) {
  const t = useT();
  const prefix = t("reg.errorPrefix");
  return (
    <section aria-labelledby="agreements">
      <Heading level={2} id="agreements">
        {t("closing.title")}
      </Heading>
      <Form method="post" preventScrollReset noValidate className="herstel-prose">
        <CsrfField />
        <input type="hidden" name="intent" value="closing-agreements" />
        <TextArea
          name="sharedAgreement"
          id="closing-shared"
          label={t("closing.shared")}
          optionalText={t("reg.optional")}
          value={sharedAgreement ?? ""}
          maxLength={SHARED_AGREEMENT_MAX}
          errorPrefix={prefix}
        />
        <TextField
          name="aftercareReferral"
          id="closing-aftercare"
          type="text"
          label={t("closing.aftercare")}
          optionalText={t("reg.optional")}
          value={aftercareReferral ?? ""}
          maxLength={AFTERCARE_REFERRAL_MAX}
          errorPrefix={prefix}
        />
        <button type="submit" className="utrecht-button utrecht-button--secondary-action">
          {t("closing.submit")}
        </button>
      </Form>
    </section>
  );
}
