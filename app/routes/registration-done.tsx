import { useLoaderData } from "react-router";
import { findSubmitted } from "../features/registration/registration.queries.server.ts";
import { registrationContext } from "../features/registration/registration-route.server.ts";
import { CONFIRMATION_VISIBLE_MS, draftIdFrom } from "../features/registration/registration-session.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/registration-done";

export async function loader({ request, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const { db } = registrationContext(context);
    const found = await findSubmitted(db, draftIdFrom(request));
    // Shown for a limited time only: the next person on a shared computer should not see it.
    if (!found || Date.now() - found.received_at.getTime() > CONFIRMATION_VISIBLE_MS) return { reference: null };
    return { reference: found.reference };
  });
}

export default function RegistrationDone() {
  const { reference } = useLoaderData<typeof loader>();
  const t = useT();
  if (!reference) {
    return (
      <div className="herstel-prose">
        <PageTitle title={t("reg.done.title")} />
        <Heading level={1}>{t("reg.done.title")}</Heading>
        <Paragraph>{t("reg.done.gone")}</Paragraph>
        <AppLink to="/">{t("error.backHome")}</AppLink>
      </div>
    );
  }
  return (
    <div className="herstel-prose">
      <PageTitle title={t("reg.done.title")} />
      <div className="herstel-panel" role="status">
        <Heading level={1}>{t("reg.done.title")}</Heading>
        <Paragraph>{t("reg.done.reference")}</Paragraph>
        <p className="herstel-reference" data-testid="reference">
          {reference}
        </p>
        <Paragraph>{t("reg.done.keep")}</Paragraph>
      </div>
      <Heading level={2}>{t("reg.done.nextTitle")}</Heading>
      <ol className="utrecht-ordered-list">
        <li className="utrecht-ordered-list__item">{t("reg.done.next1")}</li>
        <li className="utrecht-ordered-list__item">{t("reg.done.next2")}</li>
        <li className="utrecht-ordered-list__item">{t("reg.done.next3")}</li>
      </ol>
      <Paragraph>{t("reg.done.email")}</Paragraph>
      <Paragraph>{t("reg.done.stop")}</Paragraph>
    </div>
  );
}
