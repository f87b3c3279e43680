import { Form } from "react-router";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { useDates } from "../../../lib/use-dates.ts";
import { CsrfField } from "../../../ui/csrf-field.tsx";
import { DataTable } from "../../../ui/data-table.tsx";
import { ChoiceGroup, ConfirmCheckbox, SelectField, TextArea, TextField } from "../../../ui/form-field.tsx";
import { Heading } from "../../../ui/typography.tsx";
import { CONSENT_METHODS } from "../../consent/consent.schema.ts";
import { PARTY_CONTACT_MAX } from "../../parties/parties.schema.ts";
import { ACTIVITY_KINDS, SUMMARY_MAX } from "../activities.schema.ts";
import { CONSENT_PURPOSES, CONTACT_FORMS } from "../case.rules.ts";
import { NAME_MAX } from "../case-fields.schema.ts";
import { RISK_ANSWER_MAX, RISK_CONCLUSIONS, RISK_QUESTIONS } from "../risk.schema.ts";
import { type FailedForm, useCaseForm } from "./contact-form-parts.tsx";
import { FoldedForm, FoldedTable, LongText } from "./folded.tsx";

type Party = { id: number; role: string; side: string; display_name: string };
type Consent = {
  id: number;
  party_id: number;
  purpose: string;
  contact_form: string | null;
  given: boolean;
  method: string;
};
type Activity = {
  id: number;
  kind: string;
  party_id: number | null;
  contact_form: string | null;
  occurred_on: string;
  minutes: number | null;
  summary: string;
  sealed: boolean;
};
export type CaseFileData = {
  parties: Party[];
  consents: Consent[];
  activities: Activity[];
  risk: { conclusion: string; assessed_on: string } | null;
  chosenForms: string[];
  outcomeContact: boolean | null;
};

const PURPOSES = CONSENT_PURPOSES;
const FORMS = CONTACT_FORMS;
const KINDS = ACTIVITY_KINDS;
const RISK = RISK_QUESTIONS;

type FileProps = { file: CaseFileData; today: string; failed?: FailedForm };

/** The wiring the case file's forms share: names of parties, choices, the hidden fields, the submit button. */
function useFileForm(file: CaseFileData, failed?: FailedForm) {
  const t = useT();
  const { prefix, error, typed } = useCaseForm(failed);
  const tk = (key: string) => t(key as MessageKey);
  const partyName = (id: number | null) => file.parties.find((p) => p.id === id)?.display_name ?? "–";
  const partyChoices = file.parties.map((p) => ({
    value: String(p.id),
    label: `${p.display_name} (${tk(`party.role.${p.role}`)})`,
  }));
  const formChoices = FORMS.map((f) => ({ value: f, label: tk(`form.${f}`) }));
  const intent = (name: string) => (
    <>
      <CsrfField />
      <input type="hidden" name="intent" value={name} />
    </>
  );
  const { date } = useDates();
  const submit = (label: MessageKey) => (
    <button type="submit" className="utrecht-button utrecht-button--secondary-action">
      {t(label)}
    </button>
  );
  return { t, tk, date, prefix, error, typed, partyName, partyChoices, formChoices, intent, submit };
}

export function CaseParties({ file, failed }: Omit<FileProps, "today">) {
  const { t, tk, prefix, error, typed, intent, submit } = useFileForm(file, failed);
  return (
    <section aria-labelledby="parties">
      <Heading level={2} id="parties">
        {t("file.parties")}
      </Heading>
      <DataTable
        headers={[t("file.name"), t("file.role"), t("file.side")]}
        rows={file.parties.map((p) => ({
          key: p.id,
          cells: [p.display_name, tk(`party.role.${p.role}`), tk(`option.side.${p.side}`)],
        }))}
      />
      {file.parties.some((p) => p.role === "other_party") ? null : (
        <Form method="post" preventScrollReset noValidate className="herstel-prose">
          {intent("add-party")}
          <TextField
            name="name"
            type="text"
            label={t("file.otherPartyName")}
            required
            maxLength={NAME_MAX}
            value={typed("add-party", "name")}
            error={error("add-party", "name")}
            errorPrefix={prefix}
          />
          <TextArea
            name="contact"
            id="party-contact"
            label={t("file.otherPartyContact")}
            optionalText={t("reg.optional")}
            maxLength={PARTY_CONTACT_MAX}
            value={typed("add-party", "contact")}
            error={error("add-party", "contact")}
            errorPrefix={prefix}
          />
          {submit("file.addParty")}
        </Form>
      )}
    </section>
  );
}

export function CaseConsents({ file, failed }: Omit<FileProps, "today">) {
  const { t, tk, prefix, error, typed, partyName, partyChoices, formChoices, intent, submit } = useFileForm(
    file,
    failed,
  );
  return (
    <section aria-labelledby="consents">
      <Heading level={2} id="consents">
        {t("file.consents")}
      </Heading>
      <FoldedTable
        empty={t("file.consents.none")}
        headers={[t("file.name"), t("file.purpose"), t("file.status"), t("file.method")]}
        rows={file.consents.map((c) => ({
          key: c.id,
          cells: [
            partyName(c.party_id),
            `${tk(`purpose.${c.purpose}`)}${c.contact_form ? `: ${tk(`form.${c.contact_form}`)}` : ""}`,
            c.given ? t("file.given") : t("file.withdrawn"),
            tk(`method.${c.method}`),
          ],
        }))}
      />
      <FoldedForm summary={t("file.recordConsent")} open={failed?.intent === "consent"}>
        <Form method="post" preventScrollReset noValidate className="herstel-prose">
          {intent("consent")}
          <SelectField
            name="partyId"
            id="consent-partyId"
            label={t("file.party")}
            required
            choices={partyChoices}
            placeholder={t("option.choose")}
            value={typed("consent", "partyId")}
            error={error("consent", "partyId")}
            errorPrefix={prefix}
          />
          <SelectField
            name="purpose"
            label={t("file.purpose")}
            required
            choices={PURPOSES.map((p) => ({ value: p, label: tk(`purpose.${p}`) }))}
            placeholder={t("option.choose")}
            value={typed("consent", "purpose")}
            error={error("consent", "purpose")}
            errorPrefix={prefix}
          />
          <SelectField
            name="contactForm"
            id="consent-contactForm"
            label={t("file.formForConsent")}
            optionalText={t("reg.optional")}
            choices={formChoices}
            placeholder={t("staff.takeUp.none")}
            value={typed("consent", "contactForm")}
            error={error("consent", "contactForm")}
            errorPrefix={prefix}
          />
          <ChoiceGroup
            name="given"
            type="radio"
            label={t("file.status")}
            required
            values={["yes"]}
            choices={[
              { value: "yes", label: t("file.given") },
              { value: "no", label: t("file.withdrawn") },
            ]}
            error={error("consent", "given")}
            errorPrefix={prefix}
          />
          <SelectField
            name="method"
            label={t("file.method")}
            required
            choices={CONSENT_METHODS.map((m) => ({ value: m, label: tk(`method.${m}`) }))}
            placeholder={t("option.choose")}
            value={typed("consent", "method")}
            error={error("consent", "method")}
            errorPrefix={prefix}
          />
          {submit("file.recordConsent")}
        </Form>
      </FoldedForm>
    </section>
  );
}

export function CaseActivities({ file, today, failed }: FileProps) {
  const { t, date, tk, prefix, error, typed, partyName, partyChoices, formChoices, intent, submit } = useFileForm(
    file,
    failed,
  );
  return (
    <section aria-labelledby="activities">
      <Heading level={2} id="activities">
        {t("file.activities")}
      </Heading>
      <FoldedTable
        empty={t("file.activities.none")}
        headers={[t("file.date"), t("file.kind"), t("file.party"), t("file.minutes"), t("file.summary")]}
        rows={file.activities.map((a) => ({
          key: a.id,
          cells: [
            date(a.occurred_on),
            `${tk(`activity.${a.kind}`)}${a.contact_form ? `: ${tk(`form.${a.contact_form}`)}` : ""}${a.sealed ? ` (${t("file.sealedShort")})` : ""}`,
            partyName(a.party_id),
            a.minutes ?? "–",
            <LongText key="s" text={a.summary} />,
          ],
        }))}
      />
      <Form method="post" preventScrollReset noValidate className="herstel-prose">
        {intent("activity")}
        <SelectField
          name="kind"
          label={t("file.kind")}
          required
          choices={KINDS.map((k) => ({ value: k, label: tk(`activity.${k}`) }))}
          placeholder={t("option.choose")}
          value={typed("activity", "kind")}
          error={error("activity", "kind")}
          errorPrefix={prefix}
        />
        <SelectField
          name="partyId"
          id="activity-partyId"
          label={t("file.party")}
          optionalText={t("reg.optional")}
          choices={partyChoices}
          placeholder={t("staff.takeUp.none")}
          value={typed("activity", "partyId")}
          error={error("activity", "partyId")}
          errorPrefix={prefix}
        />
        <SelectField
          name="contactForm"
          id="activity-contactForm"
          label={t("file.formForContact")}
          optionalText={t("reg.optional")}
          choices={formChoices}
          placeholder={t("staff.takeUp.none")}
          value={typed("activity", "contactForm")}
          error={error("activity", "contactForm")}
          errorPrefix={prefix}
        />
        <TextField
          name="occurredOn"
          type="date"
          label={t("file.date")}
          required
          value={typed("activity", "occurredOn") ?? today}
          width="narrow"
          error={error("activity", "occurredOn")}
          errorPrefix={prefix}
        />
        <TextField
          name="minutes"
          type="text"
          label={t("file.minutes")}
          optionalText={t("reg.optional")}
          width="narrow"
          value={typed("activity", "minutes")}
          error={error("activity", "minutes")}
          errorPrefix={prefix}
        />
        <TextArea
          name="summary"
          label={t("file.summary")}
          optionalText={t("reg.optional")}
          maxLength={SUMMARY_MAX}
          value={typed("activity", "summary")}
          error={error("activity", "summary")}
          errorPrefix={prefix}
        />
        <ConfirmCheckbox
          name="sealed"
          label={t("file.sealed")}
          error={error("activity", "sealed")}
          errorPrefix={prefix}
        />
        {submit("file.recordActivity")}
      </Form>
    </section>
  );
}

export function CaseRisk({ file, answers, today, failed }: FileProps & { answers: Record<string, string> | null }) {
  const { t, date, tk, prefix, error, typed, intent, submit } = useFileForm(file, failed);
  const form = (
    <Form method="post" preventScrollReset noValidate className="herstel-prose">
      {intent("risk")}
      {RISK.map((q) => (
        <TextArea
          key={q}
          name={q}
          label={tk(`risk.q.${q}`)}
          optionalText={t("reg.optional")}
          maxLength={RISK_ANSWER_MAX}
          rows={3}
          value={typed("risk", q) ?? answers?.[q]}
          error={error("risk", q)}
          errorPrefix={prefix}
        />
      ))}
      <ChoiceGroup
        name="conclusion"
        type="radio"
        label={t("file.conclusion")}
        required
        values={[]}
        choices={RISK_CONCLUSIONS.map((c) => ({
          value: c,
          label: tk(`risk.${c}`),
        }))}
        error={error("risk", "conclusion")}
        errorPrefix={prefix}
      />
      <TextField
        name="assessedOn"
        type="date"
        label={t("file.date")}
        required
        value={typed("risk", "assessedOn") ?? today}
        width="narrow"
        error={error("risk", "assessedOn")}
        errorPrefix={prefix}
      />
      {submit("file.recordRisk")}
    </Form>
  );
  return (
    <section aria-labelledby="risk">
      <Heading level={2} id="risk">
        {t("file.risk")}
      </Heading>
      {file.risk ? (
        <>
          <dl className="herstel-summary-list">
            <div className="herstel-summary-list__row">
              <dt className="herstel-summary-list__key">{t("file.conclusion")}</dt>
              <dd className="herstel-summary-list__value">
                {tk(`risk.${file.risk.conclusion}`)} ({date(file.risk.assessed_on)})
              </dd>
            </div>
            {RISK.filter((q) => answers?.[q]).map((q) => (
              <div key={q} className="herstel-summary-list__row">
                <dt className="herstel-summary-list__key">{tk(`risk.q.${q}`)}</dt>
                <dd className="herstel-summary-list__value">
                  <LongText text={answers?.[q] ?? ""} />
                </dd>
              </div>
            ))}
          </dl>
          <FoldedForm summary={t("file.riskAgain")} open={failed?.intent === "risk"}>
            {form}
          </FoldedForm>
        </>
      ) : (
        form
      )}
    </section>
  );
}

export function CaseChosenForms({ file, failed }: Omit<FileProps, "today">) {
  const { t, prefix, error, formChoices, intent, submit } = useFileForm(file, failed);
  return (
    <section aria-labelledby="forms">
      <Heading level={2} id="forms">
        {t("file.forms")}
      </Heading>
      <Form method="post" preventScrollReset noValidate className="herstel-prose">
        {intent("forms")}
        <ChoiceGroup
          name="forms"
          id="chosen-forms"
          type="checkbox"
          label={t("file.chooseForms")}
          values={file.chosenForms}
          choices={formChoices}
          error={error("forms", "forms")}
          errorPrefix={prefix}
        />
        {submit("file.saveForms")}
      </Form>
    </section>
  );
}

export function CaseOutcome({ file, failed }: Omit<FileProps, "today">) {
  const { t, prefix, error, intent, submit } = useFileForm(file, failed);
  return (
    <section aria-labelledby="outcome">
      <Heading level={2} id="outcome">
        {t("file.outcome")}
      </Heading>
      <Form method="post" preventScrollReset noValidate className="herstel-prose">
        {intent("outcome")}
        <ChoiceGroup
          name="contact"
          id="outcome-contact"
          type="radio"
          label={t("file.outcomeQuestion")}
          required
          values={file.outcomeContact === null ? [] : [file.outcomeContact ? "yes" : "no"]}
          choices={[
            { value: "yes", label: t("option.yes") },
            { value: "no", label: t("option.no") },
          ]}
          error={error("outcome", "contact")}
          errorPrefix={prefix}
        />
        {submit("file.saveOutcome")}
      </Form>
    </section>
  );
}
