import { data, Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { REGISTRATION_SUBMIT_LIMIT } from "../features/rate-limit/rate-limit.server.ts";
import { useAnswerText } from "../features/registration/components/registration-field.tsx";
import { submitRegistration } from "../features/registration/registration.commands.server.ts";
import { forPath, stepsFor } from "../features/registration/registration.fields.ts";
import { findDraft, findSubmitted, loadLists } from "../features/registration/registration.queries.server.ts";
import { submitSchema, todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { enforceRateLimit, registrationContext } from "../features/registration/registration-route.server.ts";
import { draftIdFrom } from "../features/registration/registration-session.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { AppLink } from "../ui/app-link.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { ConfirmCheckbox } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/registration-check";

export async function loader({ request, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const { db } = registrationContext(context);
    const id = draftIdFrom(request);
    const draft = await findDraft(db, id, new Date());
    if (!draft) {
      if (await findSubmitted(db, id)) throw redirect("/aanmelden/bevestiging", 303);
      throw redirect("/aanmelden?verlopen=1", 303);
    }
    return { path: draft.path, answers: draft.answers, lists: await loadLists(db) };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const now = new Date();
    await enforceRateLimit(context, REGISTRATION_SUBMIT_LIMIT, now);
    const { db, logger } = registrationContext(context);
    const form = await request.formData();
    const website = form.get("website");
    if (typeof website === "string" && website !== "") {
      // Only bots fill in the hidden field: store nothing and say so plainly.
      logger.warn("registration honeypot filled in");
      return data({ spam: true as const }, { status: 400 });
    }
    const parsed = submitSchema.safeParse({ privacyAgreed: form.get("privacyAgreed") ?? undefined });
    if (!parsed.success) return data({ error: "validation.privacyRequired" as MessageKey }, { status: 400 });
    const draftId = draftIdFrom(request);
    if (!draftId) return redirect("/aanmelden?verlopen=1", 303);
    const result = await submitRegistration(db, {
      draftId,
      locale: context.get(requestStateContext).locale,
      lists: await loadLists(db),
      today: todayInAmsterdam(now),
      now,
    });
    switch (result.status) {
      case "created":
        logger.info("registration received");
        return redirect("/aanmelden/bevestiging", 303);
      case "duplicate":
        return redirect("/aanmelden/bevestiging", 303);
      case "incomplete":
        return redirect(`/aanmelden/stap/${result.stepId}?terug=controle`, 303);
      case "missing":
        return redirect("/aanmelden?verlopen=1", 303);
    }
  });
}

export default function RegistrationCheck() {
  const { path, answers, lists } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const answerText = useAnswerText();
  if (actionData && "spam" in actionData) {
    return (
      <div className="herstel-prose">
        <PageTitle title={t("reg.spam.title")} />
        <Heading level={1}>{t("reg.spam.title")}</Heading>
        <Paragraph>{t("reg.spam.body")}</Paragraph>
        <AppLink to="/contact">{t("reg.start.phone")}</AppLink>
      </div>
    );
  }
  const error = actionData && "error" in actionData ? t(actionData.error) : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("reg.check.title")} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [{ field: "privacyAgreed", message: error }] : []} />
      <Heading level={1}>{t("reg.check.title")}</Heading>
      <Paragraph lead>{t("reg.check.intro")}</Paragraph>
      {stepsFor(path).map((step) => (
        <section key={step.id} aria-labelledby={`summary-${step.id}`}>
          <Heading level={2} id={`summary-${step.id}`}>
            {t(forPath(step.title, path))}
          </Heading>
          <dl className="herstel-summary-list">
            {step.fields.map((spec) => {
              const label = t(forPath(spec.label, path));
              return (
                <div key={spec.name} className="herstel-summary-list__row">
                  <dt className="herstel-summary-list__key">{label}</dt>
                  <dd className="herstel-summary-list__value">
                    {answerText(spec, answers[spec.name], lists) ?? t("reg.notGiven")}
                  </dd>
                  <dd className="herstel-summary-list__value">
                    <AppLink to={`/aanmelden/stap/${step.id}?terug=controle#${spec.name}`}>
                      {t("reg.change")}
                      <span className="herstel-visually-hidden"> {label}</span>
                    </AppLink>
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
      <Form method="post" noValidate>
        <CsrfField />
        <div className="herstel-honeypot" aria-hidden="true">
          <label htmlFor="website">{t("reg.check.honeypot")}</label>
          <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
        </div>
        <ConfirmCheckbox
          name="privacyAgreed"
          label={t("reg.check.privacy")}
          required
          error={error}
          errorPrefix={t("reg.errorPrefix")}
        >
          <Paragraph className="herstel-after-checkbox">
            <AppLink to="/privacy" target="_blank">
              {t("reg.check.privacyLink")}
            </AppLink>
          </Paragraph>
        </ConfirmCheckbox>
        <button
          type="submit"
          className="utrecht-button utrecht-button--primary-action"
          aria-disabled={navigation.state === "submitting" || undefined}
        >
          {t("reg.check.submit")}
        </button>
      </Form>
    </div>
  );
}
