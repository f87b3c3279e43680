import { data, Form, useActionData } from "react-router";
import { authContext, currentSession, requireSession } from "../features/auth/auth-route.server.ts";
import { changePassword } from "../features/auth/password-change.commands.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { withDomainErrors } from "../lib/errors.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-account";

export function loader({ context }: Route.LoaderArgs) {
  const session = requireSession(context);
  authorize(session.actor, "session.manage-own");
  return null;
}

const MESSAGES: Record<string, MessageKey> = {
  "currentPassword:invalid": "auth.login.invalid",
  "currentPassword:throttled": "auth.login.throttled",
  "code:invalid": "auth.code.invalid",
  "code:reused": "auth.code.reused",
  "code:throttled": "auth.login.throttled",
  "newPassword:too_short": "auth.password.too_short",
  "newPassword:too_long": "auth.password.too_long",
  "newPassword:common": "auth.password.common",
  "newPassword:contains_personal": "auth.password.contains_personal",
  "newPassword:invalid_characters": "auth.password.invalid_characters",
};

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    authorize(session.actor, "session.manage-own");
    const { db, config, origin } = authContext(context);
    const { token } = await currentSession(request, context);
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? "").slice(0, 1000);
    const result = await changePassword(db, {
      userId: session.userId,
      email: session.email,
      sessionToken: token ?? "",
      currentPassword: text("currentPassword"),
      code: text("code"),
      newPassword: text("newPassword"),
      origin,
      now: new Date(),
      secret: config.appSecret,
    });
    if (!result.ok) {
      return data(
        { field: result.field, error: MESSAGES[`${result.field}:${result.reason}`] ?? "auth.code.invalid" },
        { status: 400 },
      );
    }
    return data({ done: true as const });
  });
}

export default function StaffAccount() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const error =
    actionData && "error" in actionData ? { field: actionData.field, message: t(actionData.error) } : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("staff.account.title")} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [error] : []} />
      <Heading level={1}>{t("staff.account.title")}</Heading>
      {actionData && "done" in actionData ? (
        <Paragraph role="status" className="herstel-panel">
          {t("staff.account.changed")}
        </Paragraph>
      ) : null}
      <Paragraph>{t("staff.account.intro")}</Paragraph>
      <Form method="post" noValidate>
        <CsrfField />
        <TextField
          name="currentPassword"
          type="password"
          label={t("staff.account.current")}
          required
          autoComplete="current-password"
          error={error?.field === "currentPassword" ? error.message : undefined}
          errorPrefix={t("reg.errorPrefix")}
        />
        <TextField
          name="code"
          type="text"
          label={t("auth.field.code")}
          hint={t("auth.hint.code")}
          required
          autoComplete="one-time-code"
          width="medium"
          error={error?.field === "code" ? error.message : undefined}
          errorPrefix={t("reg.errorPrefix")}
        />
        <TextField
          name="newPassword"
          type="password"
          label={t("auth.field.newPassword")}
          hint={t("auth.hint.newPassword")}
          required
          autoComplete="new-password"
          error={error?.field === "newPassword" ? error.message : undefined}
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("staff.account.submit")}
        </button>
      </Form>
    </div>
  );
}
