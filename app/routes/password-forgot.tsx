import { data, Form, useActionData } from "react-router";
import { forgotForm } from "../features/auth/auth-forms.schema.ts";
import { authContext } from "../features/auth/auth-route.server.ts";
import { requestPasswordReset } from "../features/auth/password-reset.commands.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { CsrfField } from "../ui/csrf-field.tsx";
import { TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/password-forgot";

/**
 * Asks for a reset link. The answer is the same whether or not the address has an account;
 * requests count towards the same throttle as failed sign-ins.
 */
export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { db, config, origin } = authContext(context);
    const form = parseForm(forgotForm, await request.formData());
    await requestPasswordReset(db, {
      email: form.ok ? form.data.email : "",
      origin,
      now: new Date(),
      secret: config.appSecret,
      locale: context.get(requestStateContext).locale,
      publicUrl: config.publicUrl,
    });
    return data({ sent: true });
  });
}

export default function PasswordForgot() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  return (
    <div className="herstel-prose">
      <PageTitle title={t("auth.forgot.title")} />
      <Heading level={1}>{t("auth.forgot.title")}</Heading>
      {actionData?.sent ? (
        <Paragraph role="status" className="herstel-panel">
          {t("auth.forgot.sent")}
        </Paragraph>
      ) : (
        <>
          <Paragraph>{t("auth.forgot.intro")}</Paragraph>
          <Form method="post" noValidate>
            <CsrfField />
            <TextField
              name="email"
              type="email"
              label={t("auth.field.email")}
              required
              autoComplete="username"
              errorPrefix={t("reg.errorPrefix")}
            />
            <button type="submit" className="utrecht-button utrecht-button--primary-action">
              {t("auth.forgot.submit")}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
