import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import { AccountError, confirmTotp, pendingTotpSecret } from "../features/auth/accounts.commands.server.ts";
import { codeForm } from "../features/auth/auth-forms.schema.ts";
import { authContext, currentSession } from "../features/auth/auth-route.server.ts";
import { qrSvg } from "../features/auth/qr.server.ts";
import { recoveryCodesCookie } from "../features/auth/recovery-codes-cookie.server.ts";
import { createSession, sessionCookie } from "../features/auth/session.server.ts";
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
import type { Route } from "./+types/login-setup";

/** TOTP set-up at first sign-in: only after the password, and only until it is confirmed. */
async function requireSetupStage(request: Request, context: Route.LoaderArgs["context"]) {
  const current = await currentSession(request, context);
  if (!current.session || !current.token) throw redirect("/inloggen", 303);
  if (current.session.hasTotp) throw redirect(current.session.secondFactorAt ? "/medewerkers" : "/inloggen/code", 303);
  return { session: current.session, token: current.token };
}

export async function loader({ request, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const { session } = await requireSetupStage(request, context);
    const { db, config } = authContext(context);
    const secret = await pendingTotpSecret(db, session.userId, config.appSecret);
    if (!secret) throw redirect("/inloggen/code", 303);
    const uri = totpUri({ secret, accountName: session.email, issuer: "Herstel" });
    return { secret: secret.replace(/(.{4})/g, "$1 ").trim(), qr: await qrSvg(uri) };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { session, token } = await requireSetupStage(request, context);
    const { db, config, secure, origin } = authContext(context);
    const form = parseForm(codeForm, await request.formData());
    const code = form.ok ? form.data.code.replace(/\s/g, "") : "";
    const now = new Date();
    try {
      const codes = await confirmTotp(db, { userId: session.userId, code, appSecret: config.appSecret, origin, now });
      const fresh = await createSession(db, {
        userId: session.userId,
        now,
        userAgent: request.headers.get("user-agent") ?? "",
        secondFactor: true,
        previousToken: token,
      });
      // The codes are shown once, on the next page; they travel there sealed in a short-lived cookie.
      const headers = new Headers();
      headers.append("Set-Cookie", sessionCookie(fresh, secure));
      headers.append("Set-Cookie", recoveryCodesCookie(codes, config.appSecret, secure));
      return redirect("/inloggen/herstelcodes", { status: 303, headers });
    } catch (error) {
      if (error instanceof AccountError) return data({ error: "auth.code.invalid" as const }, { status: 400 });
      throw error;
    }
  });
}

export default function LoginSetup() {
  const t = useT();
  const { secret, qr } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? t(actionData.error) : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("auth.setup.title")} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [{ field: "code", message: error }] : []} />
      <Heading level={1}>{t("auth.setup.title")}</Heading>
      <Paragraph>{t("auth.setup.intro")}</Paragraph>
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
