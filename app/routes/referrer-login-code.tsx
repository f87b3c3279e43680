import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import { authContext } from "../features/auth/auth-route.server.ts";
import { PasskeyForm } from "../features/auth/components/passkey-form.tsx";
import { qrSvg } from "../features/auth/qr.server.ts";
import { totpUri } from "../features/auth/totp.server.ts";
import { checkReferrerTotp, pendingReferrerTotp } from "../features/referrers/referrer-accounts.commands.server.ts";
import { referrerCodeForm } from "../features/referrers/referrer-forms.schema.ts";
import { currentReferrerSession } from "../features/referrers/referrer-route.server.ts";
import { createReferrerSession, referrerSessionCookie } from "../features/referrers/referrer-session.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { ContentHtml } from "../ui/content-html.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/referrer-login-code";

/**
 * The second step of a referrer's sign-in, after the e-mail link: set up an authenticator app
 * (first time, route id referrer-login-setup) or give its code (referrer-login-code).
 */
async function requireLinkStage(request: Request, context: Route.LoaderArgs["context"], setup: boolean) {
  const current = await currentReferrerSession(request, context);
  if (!current.session || !current.token) throw redirect("/verwijzers/inloggen", 303);
  if (current.session.secondFactorAt) throw redirect("/verwijzers", 303);
  // An account with a passkey or an app gives one of those; only a new account sets one up.
  const hasFactor = current.session.hasTotp || current.session.hasPasskey;
  if (setup && hasFactor) throw redirect("/verwijzers/inloggen/code", 303);
  if (!setup && !hasFactor) throw redirect("/verwijzers/inloggen/instellen", 303);
  return { session: current.session, token: current.token };
}

// Client-side navigations ask for "<path>.data": the step is in the path either way.
const isSetup = (request: Request) => /\/instellen(\.data)?$/.test(new URL(request.url).pathname);

export async function loader({ request, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const setup = isSetup(request);
    const { session } = await requireLinkStage(request, context, setup);
    const passkeyFailed = new URL(request.url).searchParams.get("passkey") === "mislukt";
    const methods = { hasTotp: session.hasTotp, hasPasskey: session.hasPasskey, passkeyFailed };
    if (!setup) return { setup: null, ...methods };
    const { db, config } = authContext(context);
    const secret = await pendingReferrerTotp(db, session.referrerId, config.appSecret);
    if (!secret) throw redirect("/verwijzers/inloggen/code", 303);
    const uri = totpUri({ secret, accountName: session.email, issuer: "Herstel verwijzers" });
    return { setup: { secret: secret.replace(/(.{4})/g, "$1 ").trim(), qr: await qrSvg(uri) }, ...methods };
  });
}

const CODE_ERRORS = {
  invalid: "auth.code.invalid",
  reused: "auth.code.reused",
  throttled: "auth.login.throttled",
} as const satisfies Record<string, MessageKey>;

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const setup = isSetup(request);
    const { session, token } = await requireLinkStage(request, context, setup);
    const { db, config, secure, origin } = authContext(context);
    const form = parseForm(referrerCodeForm, await request.formData());
    const now = new Date();
    const result = await checkReferrerTotp(db, {
      referrerId: session.referrerId,
      code: form.ok ? form.data.code : "",
      origin,
      now,
      appSecret: config.appSecret,
      confirm: setup,
    });
    if (!result.ok) return data({ error: CODE_ERRORS[result.reason] }, result.reason === "throttled" ? 429 : 400);
    // A new session id once the second factor is given (docs/security.md 10).
    const fresh = await createReferrerSession(db, {
      referrerId: session.referrerId,
      now,
      userAgent: request.headers.get("user-agent") ?? "",
      secondFactor: true,
      previousToken: token,
    });
    return redirect("/verwijzers", { status: 303, headers: { "Set-Cookie": referrerSessionCookie(fresh, secure) } });
  });
}

export default function ReferrerLoginCode() {
  const t = useT();
  const { setup, hasTotp, hasPasskey, passkeyFailed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData?.error ? t(actionData.error) : undefined;
  const title = setup ? t("auth.setup.title") : t("referrer.code.title");
  return (
    <div className="herstel-prose">
      <PageTitle title={title} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [{ field: "code", message: error }] : []} />
      <Heading level={1}>{title}</Heading>
      {passkeyFailed ? <Paragraph role="alert">{t("passkey.notAccepted")}</Paragraph> : null}
      {setup ? (
        <>
          <Paragraph>{t("referrer.setup.choose")}</Paragraph>
          <PasskeyForm
            action="/verwijzers/inloggen/passkey"
            mode="create"
            intent="register"
            label="referrer.passkey.create"
            primary
          >
            <Heading level={2}>{t("referrer.passkey.heading")}</Heading>
            <Paragraph>{t("referrer.passkey.createIntro")}</Paragraph>
          </PasskeyForm>
          <Heading level={2}>{t("referrer.setup.appHeading")}</Heading>
          <Paragraph>{t("referrer.setup.intro")}</Paragraph>
          <figure className="herstel-qr" aria-label={t("auth.setup.qrLabel")}>
            <ContentHtml html={setup.qr} />
          </figure>
          <Paragraph>
            {t("auth.setup.manual")} <code data-testid="totp-secret">{setup.secret}</code>
          </Paragraph>
        </>
      ) : hasPasskey ? (
        <PasskeyForm
          action="/verwijzers/inloggen/passkey"
          mode="get"
          intent="sign-in"
          label="referrer.passkey.use"
          primary
        >
          <Paragraph>{t("referrer.passkey.useIntro")}</Paragraph>
        </PasskeyForm>
      ) : null}
      {!setup && hasTotp ? <Paragraph>{t("referrer.code.intro")}</Paragraph> : null}
      {setup || hasTotp ? (
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
            {setup ? t("auth.setup.submit") : t("referrer.code.submit")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
