import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import { confirmTotpChange, pendingTotpChange } from "../features/auth/account-changes.commands.server.ts";
import { codeForm } from "../features/auth/auth-forms.schema.ts";
import { authContext, currentSession, requireSession } from "../features/auth/auth-route.server.ts";
import { qrSvg } from "../features/auth/qr.server.ts";
import { recoveryCodesCookie } from "../features/auth/recovery-codes-cookie.server.ts";
import { totpUri } from "../features/auth/totp.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { ContentHtml } from "../ui/content-html.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-account-totp";

/**
 * The second step of changing the second factor: only within five minutes of the
 * re-authentication on the account page. The old authenticator stays valid until this succeeds.
 */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, config } = authContext(context);
    const secret = await pendingTotpChange(db, {
      userId: session.userId,
      reauthenticatedAt: session.reauthenticatedAt,
      now: new Date(),
      secret: config.appSecret,
    });
    if (!secret) throw redirect("/medewerkers/account?verlopen", 303);
    const uri = totpUri({ secret, accountName: session.email, issuer: "Herstel" });
    return { secret: secret.replace(/(.{4})/g, "$1 ").trim(), qr: await qrSvg(uri) };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, config, secure, origin } = authContext(context);
    const { token } = await currentSession(request, context);
    const parsed = parseForm(codeForm, await request.formData());
    const result = await confirmTotpChange(db, {
      userId: session.userId,
      sessionToken: token ?? "",
      reauthenticatedAt: session.reauthenticatedAt,
      code: parsed.ok ? parsed.data.code : "",
      origin,
      now: new Date(),
      secret: config.appSecret,
    });
    if (!result.ok && result.reason === "expired") throw redirect("/medewerkers/account?verlopen", 303);
    if (!result.ok) return data({ error: "auth.code.invalid" as const }, { status: 400 });
    // The new recovery codes are shown once, as after the first set-up.
    return redirect("/inloggen/herstelcodes", {
      status: 303,
      headers: { "Set-Cookie": recoveryCodesCookie(result.codes, config.appSecret, secure) },
    });
  });
}

export default function StaffAccountTotp() {
  const t = useT();
  const { secret, qr } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? t(actionData.error) : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("account.totp.newTitle")} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [{ field: "code", message: error }] : []} />
      <Heading level={1}>{t("account.totp.newTitle")}</Heading>
      <Paragraph>{t("account.totp.newIntro")}</Paragraph>
      <figure className="herstel-qr" aria-label={t("auth.setup.qrLabel")}>
        <ContentHtml html={qr} />
      </figure>
      <Paragraph>
        {t("auth.setup.manual")} <code data-testid="totp-secret">{secret}</code>
      </Paragraph>
      <Form method="post" noValidate>
        <CsrfField />
        <TextField
          name="code"
          type="text"
          label={t("auth.field.code")}
          required
          autoComplete="one-time-code"
          width="medium"
          error={error}
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("auth.setup.submit")}
        </button>
      </Form>
    </div>
  );
}
