import { data, Form, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { SCOPES } from "../features/partner-api/api-keys.rules.ts";
import { createApiKey, listApiKeys, revokeApiKey } from "../features/partner-api/api-keys.server.ts";
import { listOrganisations } from "../features/referrers/referrer-organisations.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useDates, useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { ChoiceGroup, TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/admin-referrer-organisation";

/** One referring organisation: its partner API keys (made, shown once, revoked). */
const keyForm = z.strictObject({
  label: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(SCOPES)).min(1),
});
const revokeForm = z.strictObject({ key: z.coerce.number().int().positive() });

async function organisationOf(context: Route.LoaderArgs["context"], id: string) {
  const session = requireSession(context);
  const { db } = authContext(context);
  const organisation = (await listOrganisations(db, session.actor)).find((o) => String(o.id) === id);
  if (!organisation) throw routeError(ErrorCode.NotFound);
  return { session, db, organisation };
}

export async function loader({ params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const { session, db, organisation } = await organisationOf(context, params.id);
    const keys = (await listApiKeys(db, session.actor)).filter((k) => k.organisation_id === organisation.id);
    return {
      organisation: { id: organisation.id, name: organisation.name, status: organisation.status },
      keys: keys.map((k) => ({
        id: k.id,
        prefix: k.prefix,
        label: k.label,
        scopes: k.scopes,
        createdAt: k.created_at.toISOString(),
        revoked: k.revoked_at !== null,
      })),
    };
  });
}

export async function action({ request, params, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { session, db, organisation } = await organisationOf(context, params.id);
    const { origin } = authContext(context);
    const form = await request.formData();
    const now = new Date();
    if (form.get("intent") === "revoke") {
      const parsed = parseForm(revokeForm, form);
      if (!parsed.ok) throw routeError(ErrorCode.BadRequest);
      await revokeApiKey(db, session.actor, { id: parsed.data.key, origin, now });
      return { errors: {} as Record<string, MessageKey>, made: null, done: "partner.keys.revoked" as const };
    }
    const parsed = parseForm(keyForm, form, { repeated: ["scopes"] });
    if (!parsed.ok) {
      const errors: Record<string, MessageKey> = {};
      for (const field of parsed.fields)
        errors[field] = field === "scopes" ? "validation.chooseAtLeastOne" : "validation.required";
      return data({ errors, made: null, done: null }, 400);
    }
    const made = await createApiKey(db, session.actor, {
      organisationId: organisation.id,
      label: parsed.data.label,
      scopes: parsed.data.scopes,
      origin,
      now,
    });
    return { errors: {} as Record<string, MessageKey>, made: made.key, done: null };
  });
}

export default function AdminReferrerOrganisation() {
  const t = useT();
  const { organisation, keys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? {};
  const summary = Object.entries(errors).map(([field, key]) => ({ field, message: t(key) }));
  const { date } = useDates();
  return (
    <div className="herstel-prose">
      <PageTitle title={organisation.name} hasErrors={summary.length > 0} />
      <ErrorSummary title={t("reg.errorSummary")} errors={summary} />
      <Heading level={1}>{organisation.name}</Heading>
      {actionData?.done ? <Paragraph role="status">{t(actionData.done)}</Paragraph> : null}
      {actionData?.made ? (
        <div role="status">
          <Paragraph>{t("partner.keys.shownOnce")}</Paragraph>
          <pre>
            <code data-testid="new-api-key">{actionData.made}</code>
          </pre>
        </div>
      ) : null}
      <Heading level={2}>{t("partner.keys.title")}</Heading>
      <Paragraph>{t("partner.keys.intro")}</Paragraph>
      {keys.length === 0 ? (
        <Paragraph>{t("partner.keys.none")}</Paragraph>
      ) : (
        <table className="utrecht-table" data-testid="api-keys">
          <caption className="utrecht-table__caption">{t("partner.keys.title")}</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                {t("partner.keys.label")}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t("partner.keys.prefix")}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t("partner.keys.scopes")}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t("partner.keys.made")}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t("referrer.admin.status")}
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {keys.map((k) => (
              <tr key={k.id} className="utrecht-table__row">
                <td className="utrecht-table__cell">{k.label}</td>
                <td className="utrecht-table__cell">
                  <code>herstel_pk_{k.prefix}_…</code>
                </td>
                <td className="utrecht-table__cell">{k.scopes.join(", ")}</td>
                <td className="utrecht-table__cell">{date(k.createdAt)}</td>
                <td className="utrecht-table__cell">
                  {k.revoked ? (
                    t("partner.keys.isRevoked")
                  ) : (
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="key" value={k.id} />
                      <button
                        type="submit"
                        className="utrecht-button utrecht-button--secondary-action"
                        aria-label={t("partner.keys.revokeNamed", { label: k.label })}
                      >
                        {t("partner.keys.revoke")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {organisation.status === "approved" ? (
        <>
          <Heading level={2}>{t("partner.keys.add")}</Heading>
          <Form method="post" noValidate key={keys.length}>
            <CsrfField />
            <input type="hidden" name="intent" value="create" />
            <TextField
              name="label"
              type="text"
              label={t("partner.keys.label")}
              hint={t("partner.keys.labelHint")}
              required
              maxLength={100}
              error={errors.label ? t(errors.label) : undefined}
              errorPrefix={t("reg.errorPrefix")}
            />
            <ChoiceGroup
              name="scopes"
              type="checkbox"
              label={t("partner.keys.scopes")}
              required
              values={[]}
              choices={[
                { value: "referrals:write", label: t("partner.keys.scope.write") },
                { value: "referrals:read-status", label: t("partner.keys.scope.read") },
              ]}
              error={errors.scopes ? t(errors.scopes) : undefined}
              errorPrefix={t("reg.errorPrefix")}
            />
            <button type="submit" className="utrecht-button utrecht-button--primary-action">
              {t("partner.keys.addSubmit")}
            </button>
          </Form>
        </>
      ) : null}
    </div>
  );
}
