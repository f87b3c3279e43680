import { data, redirect, useActionData, useLoaderData } from "react-router";
import { changeOwnEmail, startTotpChange } from "../features/auth/account-changes.commands.server.ts";
import { emailChangeForm, passwordChangeForm, totpStartForm } from "../features/auth/auth-forms.schema.ts";
import { authContext, currentSession, requireSession } from "../features/auth/auth-route.server.ts";
import { EmailForm, PasswordForm, TotpForm } from "../features/auth/components/account-forms.tsx";
import { reauthMessage } from "../features/auth/components/reauth-fields.tsx";
import { changePassword } from "../features/auth/password-change.commands.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { AppLink } from "../ui/app-link.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-account";

/**
 * One's own account (docs/security.md 12): password, e-mail address and second factor, each only after
 * the current password and a fresh code. Changing any of them ends the other sessions.
 */
export function loader({ request, context }: Route.LoaderArgs) {
  const session = requireSession(context);
  authorize(session.actor, "session.manage-own");
  const params = new URL(request.url).searchParams;
  return { email: session.email, expired: params.has("verlopen") };
}

const PASSWORD_MESSAGES: Record<string, MessageKey> = {
  too_short: "auth.password.too_short",
  too_long: "auth.password.too_long",
  common: "auth.password.common",
  contains_personal: "auth.password.contains_personal",
  invalid_characters: "auth.password.invalid_characters",
};

type Intent = "password" | "email" | "totp";
type Failure = { intent: Intent; field: string; error: MessageKey };
const fail = (intent: Intent, field: string, error: MessageKey, status = 400) =>
  data({ failure: { intent, field, error } as Failure }, { status });

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    authorize(session.actor, "session.manage-own");
    const { db, config, origin } = authContext(context);
    const { token } = await currentSession(request, context);
    const form = await request.formData();
    const intent = form.get("intent") ?? "password";
    const base = {
      userId: session.userId,
      email: session.email,
      sessionToken: token ?? "",
      origin,
      now: new Date(),
      secret: config.appSecret,
    };
    if (intent === "email") {
      const parsed = parseForm(emailChangeForm, form);
      if (!parsed.ok) return fail("email", "newEmail", "validation.email");
      const result = await changeOwnEmail(db, {
        ...base,
        password: parsed.data.currentPassword,
        code: parsed.data.code,
        newEmail: parsed.data.newEmail,
        locale: context.get(requestStateContext).locale,
      });
      if (result.ok) return data({ done: "account.email.done" as MessageKey });
      if (result.field === "newEmail") return fail("email", "newEmail", "account.email.taken");
      return fail("email", result.field, reauthMessage(result.field, result.reason));
    }
    if (intent === "totp") {
      const parsed = parseForm(totpStartForm, form);
      if (!parsed.ok) return fail("totp", "currentPassword", "auth.login.invalid");
      const result = await startTotpChange(db, {
        ...base,
        password: parsed.data.currentPassword,
        code: parsed.data.code,
      });
      if (!result.ok) return fail("totp", result.field, reauthMessage(result.field, result.reason));
      return redirect("/medewerkers/account/tweede-factor", 303);
    }
    const parsed = intent === "password" ? parseForm(passwordChangeForm, form) : undefined;
    if (!parsed?.ok) return fail("password", "currentPassword", "auth.login.invalid");
    const result = await changePassword(db, { ...base, ...parsed.data });
    if (result.ok) return data({ done: "staff.account.changed" as MessageKey });
    const message =
      result.field === "newPassword"
        ? (PASSWORD_MESSAGES[result.reason] ?? "auth.password.too_short")
        : reauthMessage(result.field, result.reason);
    return fail("password", result.field, message);
  });
}

export default function StaffAccount() {
  const t = useT();
  const { email, expired } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData && "failure" in actionData ? actionData.failure : undefined;
  const error = failure ? { field: `${failure.intent}-${failure.field}`, message: t(failure.error) } : undefined;
  const errorFor = (intent: Intent) =>
    failure?.intent === intent ? { field: failure.field, message: t(failure.error) } : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("account.title")} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [error] : []} />
      <Heading level={1}>{t("account.title")}</Heading>
      {actionData && "done" in actionData ? (
        <Paragraph role="status" className="herstel-panel">
          {t(actionData.done)}
        </Paragraph>
      ) : null}
      {expired ? (
        <Paragraph role="status" className="herstel-panel">
          {t("account.totp.expired")}
        </Paragraph>
      ) : null}
      <PasswordForm error={errorFor("password")} />
      <EmailForm email={email} error={errorFor("email")} />
      <TotpForm error={errorFor("totp")} />
      <Heading level={2}>{t("staff.passkey.heading")}</Heading>
      <Paragraph>
        <AppLink to="/medewerkers/account/passkeys">{t("staff.passkey.add")}</AppLink>
      </Paragraph>
    </div>
  );
}
