import { data, Form, redirect, useActionData, useLoaderData, useSearchParams } from "react-router";
import { loginForm } from "../features/auth/auth-forms.schema.ts";
import { authContext, currentSession } from "../features/auth/auth-route.server.ts";
import { PasskeyForm } from "../features/auth/components/passkey-form.tsx";
import { checkPassword } from "../features/auth/login.commands.server.ts";
import { createSession, sessionCookie } from "../features/auth/session.server.ts";
import { DemoAccounts } from "../features/demo/components/demo-accounts.tsx";
import { demoAccounts } from "../features/demo/demo-mode.server.ts";
import { DEMO_PASSWORD } from "../features/demo/demo-seed.server.ts";
import { appContext } from "../lib/app-context.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/login";

export async function loader({ request, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const { session } = await currentSession(request, context);
    if (session?.secondFactorAt) throw redirect("/medewerkers", 303);
    // Demo mode only (embedded demo database, DEMO_DATA=on, not production): the accounts to try.
    if (!context.get(appContext).services.demo.mode) return { demo: null };
    const { db, config } = authContext(context);
    const accounts = await demoAccounts(db, config.appSecret);
    return { demo: { password: DEMO_PASSWORD, accounts: accounts.map((a) => ({ email: a.email, roles: a.roles })) } };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { db, config, secure, origin } = authContext(context);
    const form = parseForm(loginForm, await request.formData());
    // An unknown field or an oversized value is a failed sign-in like any other (counted, audited).
    const email = form.ok ? form.data.email : "";
    const password = form.ok ? form.data.password : "";
    const now = new Date();
    const demoMode = context.get(appContext).services.demo.mode;
    const result = await checkPassword(db, { email, password, origin, now, secret: config.appSecret, demoMode });
    if (!result.ok) {
      const error: MessageKey = LOGIN_ERRORS[result.reason];
      return data({ error, email }, { status: result.reason === "throttled" ? 429 : 401 });
    }
    const { token: previous } = await currentSession(request, context);
    const token = await createSession(db, {
      userId: result.userId,
      now,
      userAgent: request.headers.get("user-agent") ?? "",
      secondFactor: false,
      previousToken: previous,
    });
    const user = await db
      .selectFrom("staff_user")
      .select("totp_confirmed_at")
      .where("id", "=", result.userId)
      .executeTakeFirstOrThrow();
    return redirect(user.totp_confirmed_at ? "/inloggen/code" : "/inloggen/instellen", {
      status: 303,
      headers: { "Set-Cookie": sessionCookie(token, secure) },
    });
  });
}

const LOGIN_ERRORS = {
  invalid: "auth.login.invalid",
  throttled: "auth.login.throttled",
  demo_disabled: "auth.login.demoDisabled",
} as const satisfies Record<string, MessageKey>;

export default function Login() {
  const t = useT();
  const { demo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const error = actionData?.error ? t(actionData.error) : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("auth.login.title")} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [{ field: "email", message: error }] : []} />
      <Heading level={1}>{t("auth.login.title")}</Heading>
      {params.has("uitgelogd") ? <Paragraph role="status">{t("auth.loggedOut")}</Paragraph> : null}
      {params.get("passkey") === "mislukt" ? <Paragraph role="alert">{t("passkey.notAccepted")}</Paragraph> : null}
      <Paragraph>{t("auth.login.intro")}</Paragraph>
      <Form method="post" noValidate>
        <CsrfField />
        <TextField
          name="email"
          type="email"
          label={t("auth.field.email")}
          required
          autoComplete="username"
          value={actionData?.email}
          errorPrefix={t("reg.errorPrefix")}
        />
        <TextField
          name="password"
          type="password"
          label={t("auth.field.password")}
          required
          autoComplete="current-password"
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("auth.login.submit")}
        </button>
      </Form>
      <Paragraph>
        <AppLink to="/wachtwoord-vergeten">{t("auth.login.forgot")}</AppLink>
      </Paragraph>
      <PasskeyForm action="/inloggen/passkey" mode="get" intent="sign-in" label="staff.passkey.signIn">
        <Paragraph>{t("staff.passkey.signInIntro")}</Paragraph>
      </PasskeyForm>
      {demo ? <DemoAccounts password={demo.password} accounts={demo.accounts} /> : null}
    </div>
  );
}
