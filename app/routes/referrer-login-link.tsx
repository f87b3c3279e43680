import { data, Form, redirect, useActionData } from "react-router";
import { authContext } from "../features/auth/auth-route.server.ts";
import { redeemLoginLink } from "../features/referrers/referrer-accounts.commands.server.ts";
import { currentReferrerSession } from "../features/referrers/referrer-route.server.ts";
import { createReferrerSession, referrerSessionCookie } from "../features/referrers/referrer-session.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/referrer-login-link";

/**
 * The link from the sign-in e-mail. Opening it changes nothing (mail scanners open links too);
 * the button uses it, once, and starts a session that still needs the code.
 */
export function loader() {
  return null;
}

export async function action({ request, params, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { db, secure, origin } = authContext(context);
    const now = new Date();
    const result = await redeemLoginLink(db, { token: params.token, origin, now });
    if (!result.ok) return data({ invalid: true }, 400);
    const { token: previous } = await currentReferrerSession(request, context);
    const token = await createReferrerSession(db, {
      referrerId: result.referrerId,
      now,
      userAgent: request.headers.get("user-agent") ?? "",
      secondFactor: false,
      previousToken: previous,
    });
    return redirect(result.hasTotp ? "/verwijzers/inloggen/code" : "/verwijzers/inloggen/instellen", {
      status: 303,
      headers: { "Set-Cookie": referrerSessionCookie(token, secure) },
    });
  });
}

export default function ReferrerLoginLink() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  return (
    <div className="herstel-prose">
      <PageTitle title={t("referrer.link.title")} hasErrors={Boolean(actionData?.invalid)} />
      <Heading level={1}>{t("referrer.link.title")}</Heading>
      {actionData?.invalid ? (
        <>
          <Paragraph role="alert">{t("referrer.link.invalid")}</Paragraph>
          <Paragraph>
            <AppLink to="/verwijzers/inloggen">{t("referrer.link.again")}</AppLink>
          </Paragraph>
        </>
      ) : (
        <Form method="post">
          <CsrfField />
          <Paragraph>{t("referrer.link.intro")}</Paragraph>
          <button type="submit" className="utrecht-button utrecht-button--primary-action">
            {t("referrer.link.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}
