import { data, Link, redirect, useLoaderData } from "react-router";
import { authContext, currentSession } from "../features/auth/auth-route.server.ts";
import { clearRecoveryCodesCookie, readRecoveryCodes } from "../features/auth/recovery-codes-cookie.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/login-recovery-codes";

export async function loader({ request, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const { session } = await currentSession(request, context);
    if (!session?.secondFactorAt) throw redirect("/inloggen", 303);
    const { config, secure } = authContext(context);
    const codes = readRecoveryCodes(request, config.appSecret) ?? [];
    return data({ codes }, { headers: { "Set-Cookie": clearRecoveryCodesCookie(secure) } });
  });
}

export default function LoginRecoveryCodes() {
  const t = useT();
  const { codes } = useLoaderData<typeof loader>();
  return (
    <div className="herstel-prose">
      <PageTitle title={t("auth.recovery.title")} />
      <Heading level={1}>{t("auth.recovery.title")}</Heading>
      {codes.length > 0 ? (
        <>
          <Paragraph>{t("auth.recovery.intro")}</Paragraph>
          <ul className="herstel-recovery-codes" data-testid="recovery-codes">
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Link
        className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
        to="/medewerkers"
      >
        {t("auth.recovery.continue")}
      </Link>
    </div>
  );
}
