import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { useDates } from "../../../lib/use-dates.ts";
import { DataTable } from "../../../ui/data-table.tsx";
import { ChoiceGroup, SelectField, TextArea, TextField } from "../../../ui/form-field.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";
import { NAME_MAX } from "../../cases/case-fields.schema.ts";
import { CaseForm, type FailedForm, useCaseForm } from "../../cases/components/contact-form-parts.tsx";
import { CONTACT_LIMITS, type ContactDetails, PERSON_RELATIONS } from "../parties.schema.ts";

type Party = { id: number; role: string; side: string; display_name: string; contact: ContactDetails; version: number };
type Person = { id: number; party_id: number; relation: string; display_name: string; contact: ContactDetails };
export type ContactConflict = {
  partyId: number;
  contact: ContactDetails;
  version: number;
  by: string | null;
  at: string | null;
  /** What the editor had typed: it was not saved, and the form shows it again. */
  typed?: Record<string, string>;
};

function ContactFields({
  idPrefix,
  intent,
  formId,
  values,
  failed,
}: {
  idPrefix: string;
  intent: string;
  formId?: string;
  values: ContactDetails;
  failed?: FailedForm;
}) {
  const t = useT();
  const { prefix, error, typed } = useCaseForm(failed);
  const id = (name: string) => `${idPrefix}-${name}`;
  /** A yes/no choice: what was typed into a form that came back, else what is stored. */
  const chosen = (name: string, stored: string | undefined) => {
    const value = typed(intent, name, formId) ?? stored;
    return value ? [value] : [];
  };
  const yesNo = [
    { value: "yes", label: t("option.yes") },
    { value: "no", label: t("option.no") },
  ];
  return (
    <>
      <TextField
        name="phone"
        id={id("phone")}
        type="tel"
        label={t("people.phone")}
        optionalText={t("reg.optional")}
        value={typed(intent, "phone", formId) ?? values.phone}
        maxLength={CONTACT_LIMITS.phone}
        width="medium"
        error={error(intent, "phone", formId)}
        errorPrefix={prefix}
      />
      <TextField
        name="email"
        id={id("email")}
        type="email"
        label={t("people.email")}
        optionalText={t("reg.optional")}
        value={typed(intent, "email", formId) ?? values.email}
        maxLength={CONTACT_LIMITS.email}
        error={error(intent, "email", formId)}
        errorPrefix={prefix}
      />
      <TextArea
        name="address"
        id={id("address")}
        label={t("people.address")}
        optionalText={t("reg.optional")}
        value={typed(intent, "address", formId) ?? values.address}
        maxLength={CONTACT_LIMITS.address}
        error={error(intent, "address", formId)}
        errorPrefix={prefix}
      />
      <TextField
        name="times"
        id={id("times")}
        type="text"
        label={t("people.times")}
        optionalText={t("reg.optional")}
        value={typed(intent, "times", formId) ?? values.times}
        maxLength={CONTACT_LIMITS.times}
        error={error(intent, "times", formId)}
        errorPrefix={prefix}
      />
      <ChoiceGroup
        name="voicemailAllowed"
        id={id("voicemail")}
        type="radio"
        label={t("people.voicemailAllowed")}
        optionalText={t("reg.optional")}
        values={chosen("voicemailAllowed", values.voicemailAllowed)}
        choices={yesNo}
        errorPrefix={prefix}
      />
      <ChoiceGroup
        name="senderNameAllowed"
        id={id("sender")}
        type="radio"
        label={t("people.senderNameAllowed")}
        optionalText={t("reg.optional")}
        values={chosen("senderNameAllowed", values.senderNameAllowed)}
        choices={yesNo}
        errorPrefix={prefix}
      />
      <TextArea
        name="notes"
        id={id("notes")}
        label={t("people.notes")}
        hint={t("people.notesHint")}
        optionalText={t("reg.optional")}
        value={typed(intent, "notes", formId) ?? values.notes}
        maxLength={CONTACT_LIMITS.notes}
        error={error(intent, "notes", formId)}
        errorPrefix={prefix}
      />
    </>
  );
}

function summary(t: ReturnType<typeof useT>, contact: ContactDetails): string {
  const parts = [
    contact.phone,
    contact.email,
    contact.address,
    contact.times ? `${t("people.times")}: ${contact.times}` : undefined,
    contact.voicemailAllowed === "no" ? t("people.noVoicemail") : undefined,
    contact.senderNameAllowed === "no" ? t("people.noSenderName") : undefined,
    contact.notes,
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : "–";
}

/**
 * Contact details and safe-contact preferences of the parties, and the people around them. For
 * the mediators only: none of this is ever put in anything meant for the other party.
 */
export function CasePeople({
  parties,
  persons,
  failed,
  conflict,
}: {
  parties: Party[];
  persons: Person[];
  failed?: FailedForm;
  conflict?: ContactConflict;
}) {
  const t = useT();
  const tk = (key: string) => t(key as MessageKey);
  const { prefix, error, typed } = useCaseForm(failed);
  const { dateTime } = useDates();
  const partyName = (id: number) => parties.find((p) => p.id === id)?.display_name ?? "–";
  return (
    <section aria-labelledby="people">
      <Heading level={2} id="people">
        {t("people.title")}
      </Heading>
      <Paragraph>{t("people.confidential")}</Paragraph>
      {parties.map((p) => {
        // After a refused save the form holds what was typed, against the version now stored:
        // saving again, having seen that version, replaces it.
        const stale = conflict?.partyId === p.id ? conflict : undefined;
        return (
          <details key={p.id} className="herstel-details" open={stale !== undefined || failed?.formId === String(p.id)}>
            <summary>
              {p.display_name} ({tk(`party.role.${p.role}`)}): {summary(t, p.contact)}
            </summary>
            {stale ? (
              <div role="alert" className="herstel-error-summary">
                <Paragraph>
                  {t("people.conflict", {
                    who: stale.by ?? t("move.someone"),
                    when: stale.at ? dateTime(stale.at) : "",
                  })}
                </Paragraph>
                <Paragraph>
                  {t("people.conflictNow")} {summary(t, stale.contact)}
                </Paragraph>
                {stale.typed ? <Paragraph>{t("people.conflictTyped")}</Paragraph> : null}
              </div>
            ) : null}
            <CaseForm
              intent="party-contact"
              submit="people.save"
              hidden={{ partyId: p.id, version: stale?.version ?? p.version }}
            >
              <ContactFields
                idPrefix={`party-${p.id}`}
                intent="party-contact"
                formId={String(p.id)}
                values={p.contact}
                failed={
                  stale?.typed
                    ? { intent: "party-contact", fields: [], formId: String(p.id), values: stale.typed }
                    : failed
                }
              />
            </CaseForm>
          </details>
        );
      })}
      <Heading level={3}>{t("people.around")}</Heading>
      {persons.length === 0 ? (
        <Paragraph>{t("people.noneAround")}</Paragraph>
      ) : (
        <DataTable
          headers={[t("file.name"), t("contact.relation"), t("people.ofParty"), t("people.contact")]}
          rows={persons.map((p) => ({
            key: p.id,
            cells: [p.display_name, tk(`contact.relation.${p.relation}`), partyName(p.party_id), summary(t, p.contact)],
          }))}
        />
      )}
      <details className="herstel-details" open={failed?.intent === "person"}>
        <summary>{t("people.add")}</summary>
        <CaseForm intent="person" submit="people.add">
          <SelectField
            name="partyId"
            id="person-party"
            label={t("people.ofParty")}
            required
            choices={parties.map((p) => ({ value: String(p.id), label: p.display_name }))}
            placeholder={t("option.choose")}
            value={typed("person", "partyId")}
            error={error("person", "partyId")}
            errorPrefix={prefix}
          />
          <SelectField
            name="relation"
            id="person-relation"
            label={t("contact.relation")}
            required
            choices={PERSON_RELATIONS.map((r) => ({ value: r, label: tk(`contact.relation.${r}`) }))}
            placeholder={t("option.choose")}
            value={typed("person", "relation")}
            error={error("person", "relation")}
            errorPrefix={prefix}
          />
          <TextField
            name="name"
            id="person-name"
            type="text"
            label={t("file.name")}
            required
            maxLength={NAME_MAX}
            value={typed("person", "name")}
            error={error("person", "name")}
            errorPrefix={prefix}
          />
          <ContactFields idPrefix="person" intent="person" values={{}} failed={failed} />
        </CaseForm>
      </details>
    </section>
  );
}
