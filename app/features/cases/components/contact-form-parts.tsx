import type { ReactNode } from "react";
import { Form } from "react-router";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../../../ui/csrf-field.tsx";

/** A form field that failed, as the case page's action reports it. */
export type FailedForm = { intent: string; fields: string[]; formId?: string; values?: Record<string, string> };

const DATE_FIELDS = new Set(["writtenOn", "reviewedOn", "passedOnOn", "heldOn", "occurredOn", "assessedOn"]);
const CHOICE_FIELDS = new Set([
  "fromPartyId",
  "source",
  "replyToId",
  "form",
  "coMediatorId",
  "partyId",
  "relation",
  "purpose",
  "contactForm",
  "given",
  "method",
  "kind",
  "conclusion",
  "contact",
  "forms",
]);

/** The message shown at a field the action named as wrong. */
export function fieldErrorKey(name: string): MessageKey {
  const base = name.replace(/\d+$/, "");
  if (DATE_FIELDS.has(base)) return "contact.error.date";
  if (CHOICE_FIELDS.has(base) || base === "otherSide" || base === "otherRelation") return "contact.error.choice";
  if (base === "sealed") return "contact.error.sealed";
  if (base === "email") return "contact.error.email";
  if (base === "phone") return "contact.error.phone";
  if (base === "minutes") return "contact.error.minutes";
  return "contact.error.text";
}

/**
 * Shared wiring of the case page's small forms: the hidden intent and CSRF fields, the submit
 * button, and a function giving each field its error when this form was the one that failed.
 */
export function useCaseForm(failed: FailedForm | undefined) {
  const t = useT();
  return {
    prefix: t("reg.errorPrefix"),
    /** What was typed into a form that came back with errors (so that nothing is lost without JavaScript). */
    typed: (intent: string, name: string, formId?: string): string | undefined =>
      failed && failed.intent === intent && (formId === undefined || failed.formId === formId)
        ? failed.values?.[name]
        : undefined,
    error: (intent: string, name: string, formId?: string) =>
      failed &&
      failed.intent === intent &&
      (formId === undefined || failed.formId === formId) &&
      failed.fields.includes(name)
        ? t(fieldErrorKey(name))
        : undefined,
  };
}

export function CaseForm({
  intent,
  submit,
  upload,
  children,
  hidden,
}: {
  intent: string;
  submit: MessageKey;
  upload?: boolean;
  hidden?: Record<string, string | number>;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <Form
      method="post"
      preventScrollReset
      noValidate
      className="herstel-prose"
      encType={upload ? "multipart/form-data" : undefined}
    >
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <button type="submit" className="utrecht-button utrecht-button--secondary-action">
        {t(submit)}
      </button>
    </Form>
  );
}
