import { Form, useActionData } from "react-router";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../../../ui/csrf-field.tsx";
import { ErrorSummary } from "../../../ui/error-summary.tsx";
import { ConfirmCheckbox, SelectField } from "../../../ui/form-field.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";

type Mediator = { id: number; name: string; regions: string[]; openCases: number };

/**
 * The intake desk takes a registration up as a case: region, lead mediator (and a co-mediator),
 * each shown with their region(s) and current number of open cases, and the no-conflict
 * declaration.
 */
export function TakeUpForm({ regions, mediators }: { regions: { id: number; name: string }[]; mediators: Mediator[] }) {
  const t = useT();
  const actionData = useActionData() as { takeUpError?: MessageKey } | undefined;
  const error = actionData?.takeUpError ? t(actionData.takeUpError) : undefined;
  const field = actionData?.takeUpError?.endsWith("no_declaration")
    ? "noConflict"
    : actionData?.takeUpError?.endsWith("same_mediator")
      ? "coMediatorId"
      : actionData?.takeUpError?.endsWith("mediator_invalid")
        ? "leadMediatorId"
        : "regionId";
  const choices = mediators.map((m) => ({
    value: String(m.id),
    label: t("staff.takeUp.mediatorOption", {
      name: m.name,
      regions: m.regions.join(", ") || t("staff.takeUp.noRegion"),
      count: m.openCases,
    }),
  }));
  return (
    <section aria-labelledby="take-up" className="herstel-panel">
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [{ field, message: error }] : []} />
      <Heading level={2} id="take-up">
        {t("staff.takeUp.title")}
      </Heading>
      <Paragraph>{t("staff.takeUp.intro")}</Paragraph>
      <Form method="post" noValidate>
        <CsrfField />
        <input type="hidden" name="intent" value="take-up" />
        <SelectField
          name="regionId"
          label={t("staff.takeUp.region")}
          required
          choices={regions.map((r) => ({ value: String(r.id), label: r.name }))}
          placeholder={t("option.choose")}
          errorPrefix={t("reg.errorPrefix")}
        />
        <SelectField
          name="leadMediatorId"
          label={t("staff.takeUp.lead")}
          required
          choices={choices}
          placeholder={t("option.choose")}
          errorPrefix={t("reg.errorPrefix")}
        />
        <SelectField
          name="coMediatorId"
          label={t("staff.takeUp.co")}
          optionalText={t("reg.optional")}
          choices={choices}
          placeholder={t("staff.takeUp.none")}
          errorPrefix={t("reg.errorPrefix")}
        />
        <ConfirmCheckbox
          name="noConflict"
          label={t("staff.takeUp.declaration")}
          required
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("staff.takeUp.submit")}
        </button>
      </Form>
    </section>
  );
}
