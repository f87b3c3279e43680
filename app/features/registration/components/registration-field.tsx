import { formatDate } from "../../../lib/dates.ts";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useLocale, useT } from "../../../lib/i18n/i18n-react.tsx";
import {
  type Choice,
  ChoiceGroup,
  ConfirmCheckbox,
  SelectField,
  TextArea,
  TextField,
} from "../../../ui/form-field.tsx";
import { type FieldSpec, forPath, type RegistrationPath } from "../registration.fields.ts";
import type { Answers, Lists } from "../registration.schema.ts";

/** The choices of a field in the visitor's language. */
export function useChoices(spec: FieldSpec, lists: Lists): Choice[] {
  const t = useT();
  const locale = useLocale();
  if (!spec.options) return [];
  if (Array.isArray(spec.options)) return spec.options.map((o) => ({ value: o.value, label: t(o.label) }));
  return lists[spec.options.list].map((item) => ({
    value: item.code,
    label: locale === "en" ? item.label_en : item.label_nl,
  }));
}

/** Renders one field of the registration form from its description. */
export function RegistrationField({
  spec,
  path,
  lists,
  values,
  errors,
}: {
  spec: FieldSpec;
  path: RegistrationPath;
  lists: Lists;
  values: Answers;
  errors: Record<string, MessageKey>;
}) {
  const t = useT();
  const choices = useChoices(spec, lists);
  const value = values[spec.name];
  const errorKey = errors[spec.name];
  const common = {
    name: spec.name,
    label: t(forPath(spec.label, path)),
    hint: spec.hint ? t(forPath(spec.hint, path)) : undefined,
    error: errorKey ? t(errorKey) : undefined,
    required: spec.required,
    optionalText: t("reg.optional"),
    errorPrefix: t("reg.errorPrefix"),
  };
  switch (spec.kind) {
    case "text":
    case "email":
    case "tel":
    case "date":
      return (
        <TextField
          {...common}
          type={spec.kind}
          value={typeof value === "string" ? value : ""}
          maxLength={spec.maxLength}
          autoComplete={spec.autoComplete}
          width={spec.width}
        />
      );
    case "textarea":
      return (
        <TextArea
          {...common}
          value={typeof value === "string" ? value : ""}
          maxLength={spec.maxLength}
          autoComplete={spec.autoComplete}
        />
      );
    case "select":
      return (
        <SelectField
          {...common}
          value={typeof value === "string" ? value : ""}
          choices={choices}
          placeholder={t("option.choose")}
        />
      );
    case "radio":
      return (
        <ChoiceGroup {...common} type="radio" values={typeof value === "string" ? [value] : []} choices={choices} />
      );
    case "checkboxes":
      return <ChoiceGroup {...common} type="checkbox" values={Array.isArray(value) ? value : []} choices={choices} />;
    case "checkbox":
      return <ConfirmCheckbox {...common} checked={value === true} />;
  }
}

/** An answer as text for the "check your answers" page. */
export function useAnswerText(): (spec: FieldSpec, value: Answers[string], lists: Lists) => string | undefined {
  const t = useT();
  const locale = useLocale();
  return (spec, value, lists) => {
    if (value === undefined || value === "" || value === false || (Array.isArray(value) && value.length === 0))
      return undefined;
    if (value === true) return t("option.yes");
    const label = (v: string) => {
      if (!spec.options) return v;
      if (Array.isArray(spec.options)) {
        const option = spec.options.find((o) => o.value === v);
        return option ? t(option.label) : v;
      }
      const item = lists[spec.options.list].find((i) => i.code === v);
      return item ? (locale === "en" ? item.label_en : item.label_nl) : v;
    };
    if (Array.isArray(value)) return value.map(label).join(", ");
    if (spec.kind === "date") return formatDate(value, locale);
    return label(value);
  };
}
