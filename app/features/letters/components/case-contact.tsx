import type { ReactNode } from "react";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { useDates } from "../../../lib/use-dates.ts";
import { DataTable } from "../../../ui/data-table.tsx";
import { ChoiceGroup, FileField, SelectField, TextArea, TextField } from "../../../ui/form-field.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";
import { CONTACT_FORMS } from "../../cases/case.rules.ts";
import { NAME_MAX } from "../../cases/case-fields.schema.ts";
import { CaseForm, type FailedForm, useCaseForm } from "../../cases/components/contact-form-parts.tsx";
import { FoldedForm, LongText } from "../../cases/components/folded.tsx";
import {
  AGREED_CHANGES_MAX,
  MEETING_SUMMARY_MAX,
  MESSAGE_MAX,
  OTHER_PARTICIPANT_ROWS,
  OTHER_RELATIONS,
  PLACE_MAX,
  VIDEO_REFERENCE_MAX,
} from "../contact.schema.ts";

type Party = { id: number; role: string; side: string; display_name: string };
type Person = { id: number; party_id: number; relation: string; display_name: string };
type Message = {
  id: number;
  form: string;
  from_party_id: number;
  to_party_id: number;
  reply_to_id: number | null;
  source: string;
  body: string;
  reference: string | null;
  written_on: string;
  reviewed_on: string | null;
  agreed_changes: string | null;
  passed_on_on: string | null;
  upload: { id: number; file_name: string; media_type: string; size_bytes: number } | null;
};
type Meeting = {
  id: number;
  form: string;
  held_on: string;
  place: string;
  minutes: number | null;
  summary: string;
  co_mediator: string | null;
  participants: { id: number; display_name: string; side: string; relation: string }[];
};

export type CaseContactProps = {
  caseId: number;
  contact: { messages: Message[]; meetings: Meeting[] };
  parties: Party[];
  persons: Person[];
  chosenForms: string[];
  mediators: { id: number; name: string }[];
  expectationHeld: number[];
  step: string;
  today: string;
  failed?: FailedForm;
  uploadMaxMb: number;
};

function megabytes(bytes: number) {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The forms of contact chosen for this case, each with its own record and forms: letters with
 * their review and passing on, shuttle messages, video messages, conversations and group
 * conferences. Only the chosen forms (and forms already used) are shown.
 */
export function CaseContact(props: CaseContactProps) {
  const t = useT();
  const used = new Set([...props.contact.messages.map((m) => m.form), ...props.contact.meetings.map((m) => m.form)]);
  const forms = CONTACT_FORMS.filter((f) => props.chosenForms.includes(f) || used.has(f));
  return (
    <section aria-labelledby="contact-forms">
      <Heading level={2} id="contact-forms">
        {t("contact.title")}
      </Heading>
      {props.step !== "contact" ? <Paragraph>{t("contact.onlyInContactStep")}</Paragraph> : null}
      {forms.length === 0 ? <Paragraph>{t("contact.noneChosen")}</Paragraph> : null}
      {forms.map((form) =>
        form === "conversation" || form === "group_conference" ? (
          <Meetings key={form} form={form} {...props} />
        ) : (
          <Messages key={form} form={form} {...props} />
        ),
      )}
    </section>
  );
}

function Messages(props: CaseContactProps & { form: "letter_exchange" | "shuttle" | "video_message" }) {
  const t = useT();
  const tk = (key: string) => t(key as MessageKey);
  const { prefix, error, typed } = useCaseForm(props.failed);
  const { date } = useDates();
  const { form, parties, today } = props;
  const name = (id: number) => parties.find((p) => p.id === id)?.display_name ?? "–";
  const messages = props.contact.messages.filter((m) => m.form === form);
  const twoParties = parties.filter((p) => p.role === "registrant" || p.role === "other_party");
  const partyChoices = twoParties.map((p) => ({ value: String(p.id), label: p.display_name }));
  const headingId = `contact-${form}`;
  const intent = form === "letter_exchange" ? "letter" : form === "shuttle" ? "shuttle" : "video";
  const id = (field: string) => `${intent}-${field}`;
  return (
    <section aria-labelledby={headingId} className="herstel-contact-form">
      <Heading level={3} id={headingId}>
        {tk(`form.${form}`)}
      </Heading>
      {messages.length === 0 ? <Paragraph>{t("contact.nothingYet")}</Paragraph> : null}
      <ol className="herstel-thread">
        {messages.map((m) => (
          <li key={m.id} className="herstel-thread__item" id={`message-${m.id}`}>
            <Heading level={4}>{t("contact.fromTo", { from: name(m.from_party_id), to: name(m.to_party_id) })}</Heading>
            <dl className="herstel-summary-list">
              {(
                [
                  [t(form === "video_message" ? "contact.recordedOn" : "contact.writtenOn"), date(m.written_on)],
                  [t("contact.source"), tk(`contact.source.${m.source}`)],
                  m.reply_to_id !== null
                    ? [
                        t("contact.replyTo"),
                        <a key="r" href={`#message-${m.reply_to_id}`}>
                          {t("contact.replyToLink", {
                            date: date(messages.find((x) => x.id === m.reply_to_id)?.written_on ?? ""),
                          })}
                        </a>,
                      ]
                    : null,
                  m.body ? [t("contact.body"), <LongText key="b" text={m.body} />] : null,
                  m.upload
                    ? [
                        t(form === "video_message" ? "contact.videoFile" : "contact.scan"),
                        <a key="f" href={`/medewerkers/zaken/${props.caseId}/bestanden/${m.upload.id}`} download>
                          {m.upload.file_name} ({megabytes(m.upload.size_bytes)})
                        </a>,
                      ]
                    : null,
                  m.reference ? [t("contact.reference"), m.reference] : null,
                  form === "letter_exchange"
                    ? [t("contact.reviewedOn"), m.reviewed_on ? date(m.reviewed_on) : t("contact.notYet")]
                    : null,
                  m.agreed_changes ? [t("contact.agreedChanges"), m.agreed_changes] : null,
                  [
                    t(
                      form === "video_message"
                        ? "contact.shownOn"
                        : form === "shuttle"
                          ? "contact.carriedOn"
                          : "contact.passedOnOn",
                    ),
                    m.passed_on_on ? date(m.passed_on_on) : t("contact.notYet"),
                  ],
                ] satisfies ([string, ReactNode] | null)[]
              )
                .filter((row) => row !== null)
                .map(([key, value]) => (
                  <div key={key} className="herstel-summary-list__row">
                    <dt className="herstel-summary-list__key">{key}</dt>
                    <dd className="herstel-summary-list__value">{value}</dd>
                  </div>
                ))}
            </dl>
            {form === "letter_exchange" && !m.passed_on_on ? (
              <CaseForm intent="letter-review" submit="contact.saveReview" hidden={{ messageId: m.id }}>
                <TextField
                  name="reviewedOn"
                  id={`review-${m.id}-date`}
                  type="date"
                  label={t("contact.reviewedOn")}
                  required
                  value={typed("letter-review", "reviewedOn", String(m.id)) ?? m.reviewed_on ?? today}
                  width="narrow"
                  error={error("letter-review", "reviewedOn", String(m.id))}
                  errorPrefix={prefix}
                />
                <TextArea
                  name="agreedChanges"
                  id={`review-${m.id}-changes`}
                  label={t("contact.agreedChanges")}
                  hint={t("contact.agreedChangesHint")}
                  optionalText={t("reg.optional")}
                  value={typed("letter-review", "agreedChanges", String(m.id)) ?? m.agreed_changes ?? ""}
                  maxLength={AGREED_CHANGES_MAX}
                  error={error("letter-review", "agreedChanges", String(m.id))}
                  errorPrefix={prefix}
                />
              </CaseForm>
            ) : null}
            {!m.passed_on_on && (form === "video_message" || m.reviewed_on) ? (
              <CaseForm
                intent="message-pass-on"
                submit={form === "video_message" ? "contact.saveShown" : "contact.savePassedOn"}
                hidden={{ messageId: m.id }}
              >
                <TextField
                  name="passedOnOn"
                  id={`pass-${m.id}-date`}
                  type="date"
                  label={t(form === "video_message" ? "contact.shownOn" : "contact.passedOnOn")}
                  required
                  value={typed("message-pass-on", "passedOnOn", String(m.id)) ?? today}
                  width="narrow"
                  error={error("message-pass-on", "passedOnOn", String(m.id))}
                  errorPrefix={prefix}
                />
              </CaseForm>
            ) : null}
          </li>
        ))}
      </ol>
      <FoldedForm
        summary={
          <Heading level={4} className="herstel-folded-form__heading">
            {tk(`contact.new.${form}`)}
          </Heading>
        }
        open={props.failed?.intent === intent}
      >
        <CaseForm intent={intent} submit="contact.save" upload={form !== "shuttle"}>
          <SelectField
            name="fromPartyId"
            id={id("from")}
            label={t("contact.from")}
            required
            choices={partyChoices}
            placeholder={t("option.choose")}
            value={typed(intent, "fromPartyId")}
            error={error(intent, "fromPartyId")}
            errorPrefix={prefix}
          />
          {form === "letter_exchange" ? (
            <>
              <SelectField
                name="replyToId"
                id={id("reply")}
                label={t("contact.replyTo")}
                optionalText={t("reg.optional")}
                choices={messages.map((m) => ({
                  value: String(m.id),
                  label: t("contact.replyChoice", { from: name(m.from_party_id), date: date(m.written_on) }),
                }))}
                placeholder={t("contact.noReply")}
                value={typed(intent, "replyToId")}
                error={error(intent, "replyToId")}
                errorPrefix={prefix}
              />
              <ChoiceGroup
                name="source"
                id={id("source")}
                type="radio"
                label={t("contact.source")}
                required
                values={["typed_by_party"]}
                choices={["typed_by_party", "scan", "transcribed"].map((s) => ({
                  value: s,
                  label: tk(`contact.source.${s}`),
                }))}
                error={error(intent, "source")}
                errorPrefix={prefix}
              />
            </>
          ) : null}
          {form !== "video_message" ? (
            <TextArea
              name="body"
              id={id("body")}
              label={t(form === "shuttle" ? "contact.shuttleBody" : "contact.body")}
              hint={form === "letter_exchange" ? t("contact.bodyHint") : undefined}
              required={form === "shuttle"}
              optionalText={t("reg.optional")}
              maxLength={MESSAGE_MAX}
              value={typed(intent, "body")}
              error={error(intent, "body")}
              errorPrefix={prefix}
            />
          ) : null}
          {form === "letter_exchange" ? (
            <FileField
              name="scan"
              id={id("scan")}
              label={t("contact.scan")}
              hint={t("contact.scanHint", { mb: props.uploadMaxMb })}
              optionalText={t("reg.optional")}
              accept="application/pdf,image/jpeg,image/png"
              errorPrefix={prefix}
            />
          ) : null}
          {form === "video_message" ? (
            <>
              <FileField
                name="video"
                id={id("file")}
                label={t("contact.videoFile")}
                hint={t("contact.videoHint", { mb: props.uploadMaxMb })}
                optionalText={t("reg.optional")}
                accept="video/mp4,video/webm"
                errorPrefix={prefix}
              />
              <TextField
                name="reference"
                id={id("reference")}
                type="text"
                label={t("contact.reference")}
                hint={t("contact.referenceHint")}
                optionalText={t("reg.optional")}
                maxLength={VIDEO_REFERENCE_MAX}
                value={typed(intent, "reference")}
                error={error(intent, "reference")}
                errorPrefix={prefix}
              />
            </>
          ) : null}
          <TextField
            name="writtenOn"
            id={id("written")}
            type="date"
            label={t(
              form === "video_message"
                ? "contact.recordedOn"
                : form === "shuttle"
                  ? "contact.givenOn"
                  : "contact.writtenOn",
            )}
            required
            value={typed(intent, "writtenOn") ?? today}
            width="narrow"
            error={error(intent, "writtenOn")}
            errorPrefix={prefix}
          />
          {form === "shuttle" || form === "video_message" ? (
            <TextField
              name="passedOnOn"
              id={id("passed")}
              type="date"
              label={t(form === "shuttle" ? "contact.carriedOn" : "contact.shownOn")}
              required={form === "shuttle"}
              optionalText={t("reg.optional")}
              value={typed(intent, "passedOnOn") ?? (form === "shuttle" ? today : "")}
              width="narrow"
              error={error(intent, "passedOnOn")}
              errorPrefix={prefix}
            />
          ) : null}
        </CaseForm>
      </FoldedForm>
    </section>
  );
}

function Meetings(props: CaseContactProps & { form: "conversation" | "group_conference" }) {
  const t = useT();
  const tk = (key: string) => t(key as MessageKey);
  const { prefix, error, typed } = useCaseForm(props.failed);
  const { date } = useDates();
  const { form, parties, persons, today } = props;
  const meetings = props.contact.meetings.filter((m) => m.form === form);
  const twoParties = parties.filter((p) => p.role === "registrant" || p.role === "other_party");
  const headingId = `contact-${form}`;
  const id = (field: string) => `${form}-${field}`;
  const failedHere = props.failed?.intent === "meeting" && props.failed.formId === form;
  const err = (name: string) => (failedHere ? error("meeting", name) : undefined);
  const tv = (name: string) => (failedHere ? typed("meeting", name) : undefined);
  return (
    <section aria-labelledby={headingId} className="herstel-contact-form">
      <Heading level={3} id={headingId}>
        {tk(`form.${form}`)}
      </Heading>
      <Paragraph>
        {t("contact.preparation")}{" "}
        {twoParties
          .map(
            (p) =>
              `${p.display_name}: ${props.expectationHeld.includes(p.id) ? t("contact.prepared") : t("contact.notPrepared")}`,
          )
          .join("; ")}
      </Paragraph>
      {meetings.length === 0 ? (
        <Paragraph>{t("contact.nothingYet")}</Paragraph>
      ) : (
        <DataTable
          headers={[
            t("contact.heldOn"),
            t("contact.place"),
            t("contact.participants"),
            t("contact.coMediator"),
            t("file.summary"),
          ]}
          rows={meetings.map((m) => ({
            key: m.id,
            cells: [
              date(m.held_on),
              m.place,
              m.participants
                .map(
                  (p) => `${p.display_name} (${tk(`contact.relation.${p.relation}`)}, ${tk(`contact.side.${p.side}`)})`,
                )
                .join("; "),
              m.co_mediator ?? "–",
              m.summary ? <LongText key="s" text={m.summary} /> : "–",
            ],
          }))}
        />
      )}
      <FoldedForm
        summary={
          <Heading level={4} className="herstel-folded-form__heading">
            {tk(`contact.new.${form}`)}
          </Heading>
        }
        open={failedHere}
      >
        <CaseForm intent="meeting" submit="contact.save" hidden={{ form }}>
          <TextField
            name="heldOn"
            id={id("held")}
            type="date"
            label={t("contact.heldOn")}
            required
            value={tv("heldOn") ?? today}
            width="narrow"
            error={err("heldOn")}
            errorPrefix={prefix}
          />
          <TextField
            name="place"
            id={id("place")}
            type="text"
            label={t("contact.place")}
            required
            maxLength={PLACE_MAX}
            value={tv("place")}
            error={err("place")}
            errorPrefix={prefix}
          />
          <ChoiceGroup
            name="partyIds"
            id={id("parties")}
            type="checkbox"
            label={t("contact.partiesPresent")}
            values={twoParties.map((p) => String(p.id))}
            choices={twoParties.map((p) => ({ value: String(p.id), label: p.display_name }))}
            errorPrefix={prefix}
          />
          {persons.length ? (
            <ChoiceGroup
              name="personIds"
              id={id("persons")}
              type="checkbox"
              label={t("contact.personsPresent")}
              values={[]}
              choices={persons.map((p) => ({
                value: String(p.id),
                label: `${p.display_name} (${tk(`contact.relation.${p.relation}`)})`,
              }))}
              errorPrefix={prefix}
            />
          ) : null}
          {form === "group_conference"
            ? Array.from({ length: OTHER_PARTICIPANT_ROWS }, (_, row) => row).map((row) => (
                <fieldset key={row} className="utrecht-form-fieldset herstel-participant-row">
                  <legend className="utrecht-form-fieldset__legend">
                    {t("contact.otherParticipant", { n: row + 1 })}
                  </legend>
                  <TextField
                    name={`otherName${row}`}
                    id={id(`other-name-${row}`)}
                    type="text"
                    label={t("file.name")}
                    optionalText={t("reg.optional")}
                    maxLength={NAME_MAX}
                    value={tv(`otherName${row}`)}
                    error={err(`otherName${row}`)}
                    errorPrefix={prefix}
                  />
                  <SelectField
                    name={`otherSide${row}`}
                    id={id(`other-side-${row}`)}
                    label={t("contact.sideOf")}
                    optionalText={t("reg.optional")}
                    choices={["victim", "offender", "neither"].map((s) => ({
                      value: s,
                      label: tk(`contact.side.${s}`),
                    }))}
                    placeholder={t("option.choose")}
                    value={tv(`otherSide${row}`)}
                    error={err(`otherSide${row}`)}
                    errorPrefix={prefix}
                  />
                  <SelectField
                    name={`otherRelation${row}`}
                    id={id(`other-relation-${row}`)}
                    label={t("contact.relation")}
                    optionalText={t("reg.optional")}
                    choices={OTHER_RELATIONS.map((r) => ({ value: r, label: tk(`contact.relation.${r}`) }))}
                    placeholder={t("option.choose")}
                    value={tv(`otherRelation${row}`)}
                    error={err(`otherRelation${row}`)}
                    errorPrefix={prefix}
                  />
                </fieldset>
              ))
            : null}
          <SelectField
            name="coMediatorId"
            id={id("co")}
            label={t("contact.coMediator")}
            optionalText={t("reg.optional")}
            choices={props.mediators.map((m) => ({ value: String(m.id), label: m.name }))}
            placeholder={t("staff.takeUp.none")}
            value={tv("coMediatorId")}
            error={err("coMediatorId")}
            errorPrefix={prefix}
          />
          <TextField
            name="minutes"
            id={id("minutes")}
            type="text"
            label={t("file.minutes")}
            optionalText={t("reg.optional")}
            width="narrow"
            value={tv("minutes")}
            error={err("minutes")}
            errorPrefix={prefix}
          />
          <TextArea
            name="summary"
            id={id("summary")}
            label={t("file.summary")}
            optionalText={t("reg.optional")}
            maxLength={MEETING_SUMMARY_MAX}
            value={tv("summary")}
            error={err("summary")}
            errorPrefix={prefix}
          />
        </CaseForm>
      </FoldedForm>
    </section>
  );
}
