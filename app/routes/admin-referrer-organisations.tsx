import { data, Form, useActionData, useLoaderData } from "react-router";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize, can } from "../features/auth/permissions.ts";
import { parseDomains } from "../features/referrers/referrer.rules.ts";
import { organisationDecisionForm, organisationForm } from "../features/referrers/referrer-forms.schema.ts";
import {
  createOrganisation,
  decideOrganisation,
  listOrganisations,
} from "../features/referrers/referrer-organisations.server.ts";
import { loadLists } from "../features/registration/registration.queries.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useLocale, useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { AppLink } from "../ui/app-link.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { SelectField, TextArea, TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/admin-referrer-organisations";

/** Staff keep the list of referring organisations; a coordinator approves those that signed up. */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db } = authContext(context);
    const organisations = await listOrganisations(db, session.actor);
    return {
      organisations: organisations.map((o) => ({ ...o, created_at: o.created_at.toISOString() })),
      types: (await loadLists(db)).referrer_type,
      mayApprove: can(session.actor, "referrer-organisation.approve"),
    };
  });
}

type Errors = Record<string, MessageKey>;

const DECIDED = {
  approve: "referrer.admin.approved",
  reject: "referrer.admin.rejected",
} as const satisfies Record<string, MessageKey>;

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    // Refused before the form is read: a role without the right learns nothing from validation.
    authorize(session.actor, "referrer-organisation.manage");
    const { db, origin, config } = authContext(context);
    const form = await request.formData();
    const now = new Date();
    if (form.get("intent") === "decide") {
      const parsed = parseForm(organisationDecisionForm, form);
      if (!parsed.ok) return data({ errors: { _form: "referrer.validation.invalid" } as Errors, values: {} }, 400);
      await decideOrganisation(db, session.actor, {
        ...parsed.data,
        origin,
        now,
        locale: context.get(requestStateContext).locale,
        publicUrl: config.publicUrl,
      });
      return { errors: {} as Errors, values: {}, done: DECIDED[parsed.data.decision] };
    }
    const parsed = parseForm(organisationForm, form);
    const values = parsed.ok ? parsed.data : { name: "", referrerType: "", domains: "" };
    const errors: Errors = {};
    if (!parsed.ok) errors._form = "referrer.validation.invalid";
    if (!values.name) errors.name = "validation.required";
    const types = (await loadLists(db)).referrer_type.map((t) => t.code);
    if (!types.includes(values.referrerType)) errors.referrerType = "validation.choose";
    const { domains, invalid } = parseDomains(values.domains);
    if (invalid.length > 0 || domains.length === 0) errors.domains = "referrer.admin.domainsInvalid";
    if (Object.keys(errors).length > 0) return data({ errors, values }, 400);
    const made = await createOrganisation(db, session.actor, {
      name: values.name,
      referrerType: values.referrerType,
      domains,
      origin,
      now,
    });
    if (!made.ok) return data({ errors: { domains: "referrer.admin.domainsInUse" } as Errors, values }, 400);
    const created: MessageKey = "referrer.admin.created";
    return { errors: {} as Errors, values: {}, done: created };
  });
}

const STATUS_TEXT = {
  pending: "referrer.admin.status.pending",
  approved: "referrer.admin.status.approved",
  rejected: "referrer.admin.status.rejected",
} as const satisfies Record<string, MessageKey>;

export default function AdminReferrerOrganisations() {
  const t = useT();
  const locale = useLocale();
  const { organisations, types, mayApprove } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = (actionData?.errors ?? {}) as Errors;
  const values = (actionData?.values ?? {}) as Record<string, string | undefined>;
  const summary = Object.entries(errors).map(([field, key]) => ({ field, message: t(key) }));
  const typeLabel = (code: string) => {
    const item = types.find((ty) => ty.code === code);
    return item ? (locale === "en" ? item.label_en : item.label_nl) : code;
  };
  const done = actionData && "done" in actionData ? actionData.done : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("referrer.admin.title")} hasErrors={summary.length > 0} />
      <ErrorSummary title={t("reg.errorSummary")} errors={summary} />
      <Heading level={1}>{t("referrer.admin.title")}</Heading>
      {done ? <Paragraph role="status">{t(done)}</Paragraph> : null}
      <Paragraph>{t("referrer.admin.intro")}</Paragraph>
      {organisations.length === 0 ? (
        <Paragraph>{t("referrer.admin.none")}</Paragraph>
      ) : (
        <table className="utrecht-table" data-testid="organisations">
          <caption className="utrecht-table__caption">{t("referrer.admin.caption")}</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                {t("referrer.field.organisationName")}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t("referrer.field.referrerType")}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t("referrer.admin.domains")}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t("referrer.admin.people")}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t("referrer.admin.status")}
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {organisations.map((o) => (
              <tr key={o.id} className="utrecht-table__row">
                <td className="utrecht-table__cell">
                  <AppLink
                    to={`/medewerkers/beheer/verwijzers/${o.id}`}
                    aria-label={t("referrer.admin.keys", { name: o.name })}
                  >
                    {o.name}
                  </AppLink>
                </td>
                <td className="utrecht-table__cell">{typeLabel(o.referrer_type)}</td>
                <td className="utrecht-table__cell">{o.email_domains.join(", ")}</td>
                <td className="utrecht-table__cell">{o.people}</td>
                <td className="utrecht-table__cell">
                  {t(STATUS_TEXT[o.status])}
                  {o.status === "pending" && mayApprove ? (
                    <Form method="post" className="herstel-inline-form">
                      <CsrfField />
                      <input type="hidden" name="intent" value="decide" />
                      <input type="hidden" name="id" value={o.id} />
                      <button
                        type="submit"
                        name="decision"
                        value="approve"
                        className="utrecht-button utrecht-button--primary-action"
                        aria-label={t("referrer.admin.approveNamed", { name: o.name })}
                      >
                        {t("referrer.admin.approve")}
                      </button>{" "}
                      <button
                        type="submit"
                        name="decision"
                        value="reject"
                        className="utrecht-button utrecht-button--secondary-action"
                        aria-label={t("referrer.admin.rejectNamed", { name: o.name })}
                      >
                        {t("referrer.admin.reject")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Heading level={2}>{t("referrer.admin.add")}</Heading>
      {/* A new key after each addition empties the form for the next organisation. */}
      <Form method="post" noValidate key={organisations.length}>
        <CsrfField />
        <input type="hidden" name="intent" value="create" />
        <TextField
          name="name"
          type="text"
          label={t("referrer.field.organisationName")}
          required
          value={values.name}
          error={errors.name ? t(errors.name) : undefined}
          errorPrefix={t("reg.errorPrefix")}
        />
        <SelectField
          name="referrerType"
          label={t("referrer.field.referrerType")}
          required
          value={values.referrerType}
          choices={types.map((ty) => ({ value: ty.code, label: locale === "en" ? ty.label_en : ty.label_nl }))}
          placeholder={t("option.choose")}
          error={errors.referrerType ? t(errors.referrerType) : undefined}
          errorPrefix={t("reg.errorPrefix")}
        />
        <TextArea
          name="domains"
          label={t("referrer.admin.domains")}
          hint={t("referrer.admin.domainsHint")}
          required
          value={values.domains}
          maxLength={2000}
          error={errors.domains ? t(errors.domains) : undefined}
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("referrer.admin.addSubmit")}
        </button>
      </Form>
    </div>
  );
}
