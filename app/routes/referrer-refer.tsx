import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import { authContext } from "../features/auth/auth-route.server.ts";
import { parseReferral, referClient } from "../features/referrers/referrer-referrals.server.ts";
import { detailsOf, requireReferrer } from "../features/referrers/referrer-route.server.ts";
import { referrerSteps } from "../features/referrers/referrer-steps.ts";
import { RegistrationField } from "../features/registration/components/registration-field.tsx";
import { forPath } from "../features/registration/registration.fields.ts";
import { loadLists } from "../features/registration/registration.queries.server.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { withDomainErrors } from "../lib/errors.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/referrer-refer";

/**
 * Referring a client: the public referral form's questions and rules (including the client's
 * consent), with the organisation and the professional filled in from the account.
 */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireReferrer(context);
    return {
      lists: await loadLists(authContext(context).db),
      referrer: {
        organisationName: session.organisationName,
        displayName: session.displayName,
        email: session.email,
        jobTitle: session.jobTitle,
      },
    };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireReferrer(context);
    const { db, origin } = authContext(context);
    const now = new Date();
    const form = await request.formData();
    const details = detailsOf(session);
    const parsed = parseReferral([...form.entries()], details, await loadLists(db), todayInAmsterdam(now));
    if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
    const made = await referClient(db, details, {
      answers: parsed.answers,
      locale: context.get(requestStateContext).locale,
      origin,
      now,
    });
    return redirect(`/verwijzers?verwezen=${made.reference}`, 303);
  });
}

export default function ReferrerRefer() {
  const t = useT();
  const { lists, referrer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = (actionData?.errors ?? {}) as Record<string, MessageKey>;
  const values = actionData?.values ?? {};
  const summary = Object.entries(errors).map(([field, key]) => ({ field, message: t(key) }));
  return (
    <div className="herstel-prose">
      <PageTitle title={t("referrer.refer.title")} hasErrors={summary.length > 0} />
      <ErrorSummary title={t("reg.errorSummary")} errors={summary} />
      <Heading level={1}>{t("referrer.refer.title")}</Heading>
      <Paragraph>{t("referrer.refer.intro")}</Paragraph>
      <dl className="herstel-summary" data-testid="referrer-details">
        <dt>{t("reg.field.organisationName")}</dt>
        <dd>{referrer.organisationName}</dd>
        <dt>{t("reg.field.referrerName")}</dt>
        <dd>{referrer.displayName}</dd>
        {referrer.jobTitle ? (
          <>
            <dt>{t("reg.field.referrerFunction")}</dt>
            <dd>{referrer.jobTitle}</dd>
          </>
        ) : null}
        <dt>{t("reg.field.referrerEmail")}</dt>
        <dd>{referrer.email}</dd>
      </dl>
      <Form method="post" noValidate>
        <CsrfField />
        {referrerSteps().map((step) => (
          <section key={step.id} aria-labelledby={`refer-${step.id}`}>
            <Heading level={2} id={`refer-${step.id}`}>
              {t(forPath(step.title, "referral"))}
            </Heading>
            {step.fields.map((spec) => (
              <RegistrationField
                key={spec.name}
                spec={spec}
                path="referral"
                lists={lists}
                values={values}
                errors={errors}
              />
            ))}
          </section>
        ))}
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("referrer.refer.submit")}
        </button>
      </Form>
    </div>
  );
}
