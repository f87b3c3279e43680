import { data, Form, useActionData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { linkFor, resetMail } from "../features/auth/account-emails.ts";
import { RESET_VALID_MS } from "../features/auth/accounts.commands.server.ts";
import { authContext } from "../features/auth/auth-route.server.ts";
import { isThrottled, recordFailure } from "../features/auth/throttle.server.ts";
import { newToken } from "../features/auth/tokens.server.ts";
import { enqueueMail } from "../features/outbox/outbox.commands.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
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
    const email = String((await request.formData()).get("email") ?? "")
      .trim()
      .toLowerCase()
      .slice(0, 254);
    const now = new Date();
    if (await isThrottled(db, config.appSecret, email, origin, now)) return data({ sent: true });
    await recordFailure(db, config.appSecret, email, origin, now);
    const user = await db
      .selectFrom("staff_user")
      .select(["id", "status"])
      .where("email", "=", email)
      .executeTakeFirst();
    if (user?.status === "active") {
      await db.transaction().execute(async (trx) => {
        const { token, hash } = newToken();
        await trx
          .insertInto("auth_token")
          .values({
            token_hash: hash,
            user_id: user.id,
            purpose: "reset",
            created_at: now,
            expires_at: new Date(now.getTime() + RESET_VALID_MS),
          })
          .execute();
        const mail = resetMail(context.get(requestStateContext).locale, linkFor(config.publicUrl, "reset", token));
        await enqueueMail(trx, {
          kind: "account.reset",
          to: email,
          subject: mail.subject,
          text: mail.text,
          relatedType: "staff_user",
        });
        await recordAudit(trx, { actorId: user.id, action: "auth.reset_request", result: "allowed", origin, at: now });
      });
    }
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
