import { Form, useActionData } from "react-router";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../../../ui/csrf-field.tsx";
import { ErrorSummary } from "../../../ui/error-summary.tsx";
import { TextArea } from "../../../ui/form-field.tsx";
import { PageTitle } from "../../../ui/page-title.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";
import { REASON_MAX } from "../break-glass.rules.ts";

/** Break the glass: a coordinator opens a file outside their regions with a written reason. */
export function BreakGlassForm() {
  const t = useT();
  const actionData = useActionData() as { error?: MessageKey } | undefined;
  const error = actionData?.error ? t(actionData.error) : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("staff.breakGlass.title")} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [{ field: "reason", message: error }] : []} />
      <Heading level={1}>{t("staff.breakGlass.title")}</Heading>
      <Paragraph>{t("staff.breakGlass.intro")}</Paragraph>
      <Form method="post" noValidate>
        <CsrfField />
        <input type="hidden" name="intent" value="break-glass" />
        <TextArea
          name="reason"
          label={t("staff.breakGlass.reason")}
          hint={t("staff.breakGlass.hint")}
          required
          maxLength={REASON_MAX}
          error={error}
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("staff.breakGlass.submit")}
        </button>
      </Form>
    </div>
  );
}
