import { data, Form, redirect, useActionData, useSearchParams } from "react-router";
import { authContext } from "../features/auth/auth-route.server.ts";
import { PasskeyForm } from "../features/auth/components/passkey-form.tsx";
import { requestLoginLink } from "../features/referrers/referrer-accounts.commands.server.ts";
import { looksLikeEmail, referrerLoginForm } from "../features/referrers/referrer-forms.schema.ts";
import { currentReferrerSession } from "../features/referrers/referrer-route.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { AppLink } from "../ui/app-link.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/referrer-login";

/** Referrers sign in with a link sent to their work address, then a code from their app. */
export async function loader({ request, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const { session } = await currentReferrerSession(request, context);
    if (session?.secondFactorAt) throw redirect("/verwijzers", 303);
    return null;
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { db, config, origin } = authContext(context);
    const form = parseForm(referrerLoginForm, await request.formData());
    const email = form.ok ? form.data.email : "";
    const invalid: MessageKey = "validation.email";
    const throttled: MessageKey = "auth.login.throttled";
    if (!looksLikeEmail(email)) return data({ error: invalid, email, sent: false }, 400);
    const result = await requestLoginLink(db, {
      email,
      origin,
      now: new Date(),
      locale: context.get(requestStateContext).locale,
      publicUrl: config.publicUrl,
      appSecret: config.appSecret,
    });
    if (result.status === "throttled") return data({ error: throttled, email, sent: false }, 429);
    return { error: null, email, sent: true };
  });
}

export default function ReferrerLogin() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const error = actionData?.error ? t(actionData.error) : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("referrer.login.title")} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [{ field: "email", message: error }] : []} />
      <Heading level={1}>{t("referrer.login.title")}</Heading>
      {params.has("uitgelogd") ? <Paragraph role="status">{t("auth.loggedOut")}</Paragraph> : null}
      {params.get("passkey") === "mislukt" ? <Paragraph role="alert">{t("passkey.notAccepted")}</Paragraph> : null}
      <PasskeyForm
        action="/verwijzers/inloggen/passkey"
        mode="get"
        intent="sign-in"
        label="referrer.passkey.signIn"
        primary
      >
        <Paragraph>{t("referrer.passkey.signInIntro")}</Paragraph>
      </PasskeyForm>
      {actionData?.sent ? (
        <Paragraph role="status">{t("referrer.login.sent")}</Paragraph>
      ) : (
        <>
          <Paragraph>{t("referrer.login.intro")}</Paragraph>
          <Form method="post" noValidate>
            <CsrfField />
            <TextField
              name="email"
              type="email"
              label={t("referrer.field.workEmail")}
              required
              autoComplete="username"
              value={actionData?.email}
              error={error}
              errorPrefix={t("reg.errorPrefix")}
            />
            <button type="submit" className="utrecht-button utrecht-button--primary-action">
              {t("referrer.login.submit")}
            </button>
          </Form>
        </>
      )}
      <Paragraph>
        <AppLink to="/verwijzers/registreren">{t("referrer.login.noAccount")}</AppLink>
      </Paragraph>
    </div>
  );
}
