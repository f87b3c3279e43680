import { data, Form, useActionData, useLoaderData } from "react-router";
import { authContext } from "../features/auth/auth-route.server.ts";
import { signUpReferrer } from "../features/referrers/referrer-accounts.commands.server.ts";
import { looksLikeEmail, referrerSignUpForm } from "../features/referrers/referrer-forms.schema.ts";
import { loadLists } from "../features/registration/registration.queries.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useLocale, useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { AppLink } from "../ui/app-link.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { SelectField, TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/referrer-signup";

/** A referring professional asks for an account with their work e-mail address. */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => ({ types: (await loadLists(authContext(context).db)).referrer_type }));
}

const RESULT_TEXT = {
  link_sent: "referrer.signup.linkSent",
  awaiting_approval: "referrer.signup.awaitingApproval",
} as const satisfies Record<string, MessageKey>;

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { db, config, origin } = authContext(context);
    const form = parseForm(referrerSignUpForm, await request.formData());
    const values = form.ok ? form.data : { email: "", displayName: "" };
    const errors: Record<string, MessageKey> = {};
    if (!form.ok) for (const field of form.fields) errors[field] = "referrer.validation.invalid";
    if (!looksLikeEmail(values.email)) errors.email = "validation.email";
    if (!values.displayName) errors.displayName = "validation.required";
    const types = (await loadLists(db)).referrer_type.map((t) => t.code);
    if (values.referrerType && !types.includes(values.referrerType)) errors.referrerType = "validation.choose";
    if (Object.keys(errors).length > 0) return data({ errors, values, askOrganisation: false, done: null }, 400);
    const result = await signUpReferrer(db, {
      ...values,
      origin,
      now: new Date(),
      locale: context.get(requestStateContext).locale,
      publicUrl: config.publicUrl,
      appSecret: config.appSecret,
    });
    switch (result.status) {
      case "link_sent":
      case "awaiting_approval":
        return { errors: {}, values, askOrganisation: false, done: RESULT_TEXT[result.status] };
      case "needs_organisation": {
        const missing: Record<string, MessageKey> = {};
        if (values.organisationName !== undefined || values.referrerType !== undefined) {
          if (!values.organisationName) missing.organisationName = "validation.required";
          if (!values.referrerType) missing.referrerType = "validation.choose";
        }
        return data({ errors: missing, values, askOrganisation: true, done: null }, 400);
      }
      case "shared_domain":
        return data(
          { errors: { email: "referrer.signup.workAddress" }, values, askOrganisation: false, done: null },
          400,
        );
      case "throttled":
        return data({ errors: { email: "auth.login.throttled" }, values, askOrganisation: false, done: null }, 429);
      default:
        return data(
          { errors: { email: "referrer.signup.notPossible" }, values, askOrganisation: false, done: null },
          400,
        );
    }
  });
}

export default function ReferrerSignUp() {
  const t = useT();
  const locale = useLocale();
  const { types } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = (actionData?.errors ?? {}) as Record<string, MessageKey>;
  const values = (actionData?.values ?? {}) as Record<string, string | undefined>;
  const summary = Object.entries(errors).map(([field, key]) => ({ field, message: t(key) }));
  const error = (name: string) => (errors[name] ? t(errors[name]) : undefined);
  if (actionData?.done) {
    return (
      <div className="herstel-prose">
        <PageTitle title={t("referrer.signup.title")} />
        <Heading level={1}>{t("referrer.signup.title")}</Heading>
        <Paragraph role="status">{t(actionData.done)}</Paragraph>
      </div>
    );
  }
  return (
    <div className="herstel-prose">
      <PageTitle title={t("referrer.signup.title")} hasErrors={summary.length > 0} />
      <ErrorSummary title={t("reg.errorSummary")} errors={summary} />
      <Heading level={1}>{t("referrer.signup.title")}</Heading>
      <Paragraph>{t("referrer.signup.intro")}</Paragraph>
      <Form method="post" noValidate>
        <CsrfField />
        <TextField
          name="email"
          type="email"
          label={t("referrer.field.workEmail")}
          required
          autoComplete="email"
          value={values.email}
          error={error("email")}
          errorPrefix={t("reg.errorPrefix")}
        />
        <TextField
          name="displayName"
          type="text"
          label={t("referrer.field.name")}
          required
          autoComplete="name"
          value={values.displayName}
          error={error("displayName")}
          errorPrefix={t("reg.errorPrefix")}
        />
        <TextField
          name="jobTitle"
          type="text"
          label={t("referrer.field.jobTitle")}
          autoComplete="organization-title"
          value={values.jobTitle}
          error={error("jobTitle")}
          errorPrefix={t("reg.errorPrefix")}
        />
        {actionData?.askOrganisation ? (
          <>
            <Paragraph>{t("referrer.signup.newOrganisation")}</Paragraph>
            <TextField
              name="organisationName"
              type="text"
              label={t("referrer.field.organisationName")}
              required
              autoComplete="organization"
              value={values.organisationName}
              error={error("organisationName")}
              errorPrefix={t("reg.errorPrefix")}
            />
            <SelectField
              name="referrerType"
              label={t("referrer.field.referrerType")}
              required
              value={values.referrerType}
              choices={types.map((type) => ({
                value: type.code,
                label: locale === "en" ? type.label_en : type.label_nl,
              }))}
              placeholder={t("option.choose")}
              error={error("referrerType")}
              errorPrefix={t("reg.errorPrefix")}
            />
          </>
        ) : null}
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("referrer.signup.submit")}
        </button>
      </Form>
      <Paragraph>
        <AppLink to="/verwijzers/inloggen">{t("referrer.signup.haveAccount")}</AppLink>
      </Paragraph>
    </div>
  );
}
