import { Form, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { authContext } from "../features/auth/auth-route.server.ts";
import { organisationSettings, setColleaguesSeeReferrals } from "../features/referrers/referrer-referrals.server.ts";
import { requireReferrer } from "../features/referrers/referrer-route.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/referrer-organisation";

/** The organisation's contact person decides whether colleagues see each other's referrals. */
const settingsForm = z.strictObject({ colleaguesSee: z.enum(["yes", "no"]) });

async function contactPerson(context: Route.LoaderArgs["context"]) {
  const session = requireReferrer(context);
  const { db } = authContext(context);
  const settings = await organisationSettings(db, session.referrerId);
  if (!settings.isContactPerson) throw routeError(ErrorCode.Forbidden);
  return { session, db, settings };
}

export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const { settings } = await contactPerson(context);
    return { name: settings.name, colleaguesSee: settings.colleaguesSeeReferrals };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { session, db } = await contactPerson(context);
    const parsed = parseForm(settingsForm, await request.formData());
    if (!parsed.ok) throw routeError(ErrorCode.BadRequest);
    await setColleaguesSeeReferrals(db, session.referrerId, {
      value: parsed.data.colleaguesSee === "yes",
      origin: authContext(context).origin,
      now: new Date(),
    });
    return { saved: true };
  });
}

export default function ReferrerOrganisation() {
  const t = useT();
  const { name, colleaguesSee } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="herstel-prose">
      <PageTitle title={t("referrer.organisation.title")} />
      <Heading level={1}>{t("referrer.organisation.title")}</Heading>
      {actionData?.saved ? <Paragraph role="status">{t("referrer.organisation.saved")}</Paragraph> : null}
      <Paragraph>{t("referrer.organisation.intro", { name })}</Paragraph>
      <Paragraph>
        {colleaguesSee ? t("referrer.organisation.nowShared") : t("referrer.organisation.nowPrivate")}
      </Paragraph>
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="colleaguesSee" value={colleaguesSee ? "no" : "yes"} />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {colleaguesSee ? t("referrer.organisation.makePrivate") : t("referrer.organisation.makeShared")}
        </button>
      </Form>
    </div>
  );
}
