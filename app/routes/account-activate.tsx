import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import {
  AccountError,
  findLinkAccount,
  recordInvalidLink,
  setPasswordWithLink,
} from "../features/auth/accounts.commands.server.ts";
import { setPasswordForm } from "../features/auth/auth-forms.schema.ts";
import { authContext } from "../features/auth/auth-route.server.ts";
import { createSession, sessionCookie } from "../features/auth/session.server.ts";
import { isTokenShaped } from "../features/auth/tokens.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/account-activate";

/** Invitation (/account/activeren/:token) and password reset (/wachtwoord-herstellen/:token). */
function purposeOf(request: Request): "invite" | "reset" {
  return new URL(request.url).pathname.startsWith("/wachtwoord-herstellen") ? "reset" : "invite";
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const { db, origin } = authContext(context);
    const now = new Date();
    const account = isTokenShaped(params.token)
      ? await findLinkAccount(db, params.token, purposeOf(request), now)
      : undefined;
    if (!account) await recordInvalidLink(db, { purpose: purposeOf(request), origin, now });
    return { purpose: purposeOf(request), name: account?.display_name ?? null };
  });
}

export async function action({ request, params, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { db, secure, origin } = authContext(context);
    const form = parseForm(setPasswordForm, await request.formData());
    const password = form.ok ? form.data.password : "";
    const now = new Date();
    const purpose = purposeOf(request);
    try {
      const userId = await setPasswordWithLink(db, { token: params.token, purpose, password, origin, now });
      const token = await createSession(db, {
        userId,
        now,
        userAgent: request.headers.get("user-agent") ?? "",
        secondFactor: false,
      });
      const user = await db
        .selectFrom("staff_user")
        .select("totp_confirmed_at")
        .where("id", "=", userId)
        .executeTakeFirstOrThrow();
      // A reset never skips the second factor: the next step asks for it.
      return redirect(user.totp_confirmed_at ? "/inloggen/code" : "/inloggen/instellen", {
        status: 303,
        headers: { "Set-Cookie": sessionCookie(token, secure) },
      });
    } catch (error) {
      if (error instanceof AccountError && error.code === "password_policy") {
        return data({ error: `auth.password.${error.detail}` as MessageKey }, { status: 400 });
      }
      if (error instanceof AccountError) {
        await recordInvalidLink(db, { purpose, origin, now });
        return data({ error: "auth.link.invalid.title" as MessageKey }, { status: 400 });
      }
      throw error;
    }
  });
}

export default function AccountActivate() {
  const t = useT();
  const { purpose, name } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (name === null) {
    return (
      <div className="herstel-prose">
        <PageTitle title={t("auth.link.invalid.title")} />
        <Heading level={1}>{t("auth.link.invalid.title")}</Heading>
        <Paragraph>{t("auth.link.invalid.body")}</Paragraph>
      </div>
    );
  }
  const title = purpose === "invite" ? t("auth.activate.title") : t("auth.reset.title");
  const error = actionData?.error ? t(actionData.error) : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={title} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [{ field: "password", message: error }] : []} />
      <Heading level={1}>{title}</Heading>
      {purpose === "invite" ? <Paragraph>{t("auth.activate.intro", { name })}</Paragraph> : null}
      <Form method="post" noValidate>
        <CsrfField />
        <TextField
          name="password"
          type="password"
          label={t("auth.field.newPassword")}
          hint={t("auth.hint.newPassword")}
          required
          autoComplete="new-password"
          error={error}
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {purpose === "invite" ? t("auth.activate.submit") : t("auth.reset.submit")}
        </button>
      </Form>
    </div>
  );
}
