import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import { codeForm } from "../features/auth/auth-forms.schema.ts";
import { authContext, currentSession } from "../features/auth/auth-route.server.ts";
import { PasskeyForm } from "../features/auth/components/passkey-form.tsx";
import { checkSecondFactor } from "../features/auth/login.commands.server.ts";
import { createSession, sessionCookie } from "../features/auth/session.server.ts";
import { staffPasskeys } from "../features/auth/staff-passkeys.server.ts";
import { DemoCode } from "../features/demo/components/demo-accounts.tsx";
import { demoCodeFor } from "../features/demo/demo-mode.server.ts";
import { appContext } from "../lib/app-context.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/login-code";

/** Only for a browser that gave the right password and has a second factor set up. */
async function requirePasswordStage(request: Request, context: Route.LoaderArgs["context"]) {
  const current = await currentSession(request, context);
  if (!current.session || !current.token) throw redirect("/inloggen", 303);
  if (current.session.secondFactorAt) throw redirect("/medewerkers", 303);
  if (!current.session.hasTotp) throw redirect("/inloggen/instellen", 303);
  return { session: current.session, token: current.token };
}

export async function loader({ request, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const { session } = await requirePasswordStage(request, context);
    const { db, config } = authContext(context);
    const passkey = {
      hasPasskey: (await staffPasskeys(db, session.userId)).length > 0,
      passkeyFailed: new URL(request.url).searchParams.get("passkey") === "mislukt",
    };
    // Demo mode only: a demo account's current code, so the demo needs no authenticator app.
    if (!context.get(appContext).services.demo.mode) return { demoCode: null, ...passkey };
    return { demoCode: (await demoCodeFor(db, session.userId, config.appSecret, new Date())) ?? null, ...passkey };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { session, token } = await requirePasswordStage(request, context);
    const { db, config, secure, origin } = authContext(context);
    const form = parseForm(codeForm, await request.formData());
    const code = form.ok ? form.data.code : "";
    const now = new Date();
    const result = await checkSecondFactor(db, {
      userId: session.userId,
      email: session.email,
      code,
      origin,
      now,
      secret: config.appSecret,
    });
    if (!result.ok) {
      const error: MessageKey =
        result.reason === "throttled"
          ? "auth.login.throttled"
          : result.reason === "reused"
            ? "auth.code.reused"
            : "auth.code.invalid";
      return data({ error }, { status: result.reason === "throttled" ? 429 : 401 });
    }
    // A new session id once the second factor is done (docs/security.md 10).
    const fresh = await createSession(db, {
      userId: session.userId,
      now,
      userAgent: request.headers.get("user-agent") ?? "",
      secondFactor: true,
      previousToken: token,
    });
    return redirect("/medewerkers", { status: 303, headers: { "Set-Cookie": sessionCookie(fresh, secure) } });
  });
}

export default function LoginCode() {
  const t = useT();
  const { demoCode, hasPasskey, passkeyFailed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData?.error ? t(actionData.error) : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("auth.code.title")} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [{ field: "code", message: error }] : []} />
      <Heading level={1}>{t("auth.code.title")}</Heading>
      {passkeyFailed ? <Paragraph role="alert">{t("passkey.notAccepted")}</Paragraph> : null}
      {hasPasskey ? (
        <PasskeyForm action="/inloggen/passkey" mode="get" intent="second-factor" label="staff.passkey.secondFactor" />
      ) : null}
      {demoCode ? <DemoCode code={demoCode} /> : null}
      <Form method="post" noValidate>
        <CsrfField />
        <TextField
          name="code"
          type="text"
          label={t("auth.field.code")}
          hint={t("auth.hint.code")}
          required
          autoComplete="one-time-code"
          width="medium"
          error={error}
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("auth.code.submit")}
        </button>
      </Form>
    </div>
  );
}
