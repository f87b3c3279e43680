import { Form, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { authContext } from "../features/auth/auth-route.server.ts";
import { isScope } from "../features/partner-api/api-keys.rules.ts";
import {
  createContactApiKey,
  listContactApiKeys,
  revokeContactApiKey,
} from "../features/partner-api/contact-keys.server.ts";
import { createWebhook, listWebhooks, revokeWebhook } from "../features/partner-api/webhooks.server.ts";
import { inviteColleague } from "../features/referrers/referrer-invitations.server.ts";
import { organisationSettings, setColleaguesSeeReferrals } from "../features/referrers/referrer-referrals.server.ts";
import { requireReferrer } from "../features/referrers/referrer-route.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useDateTimeFormat, useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { CsrfField } from "../ui/csrf-field.tsx";
import { TextField } from "../ui/form-field.tsx";
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
    const { session, db, settings } = await contactPerson(context);
    const by = { referrerId: session.referrerId };
    const keys = await listContactApiKeys(db, session.referrerId);
    const hooks = await listWebhooks(db, by, settings.organisationId);
    return {
      name: settings.name,
      colleaguesSee: settings.colleaguesSeeReferrals,
      keys: keys.map((k) => ({
        id: k.id,
        label: k.label,
        prefix: k.prefix,
        scopes: k.scopes,
        created: k.created_at.toISOString(),
        revoked: k.revoked_at !== null,
      })),
      webhooks: hooks.map((w) => ({ id: w.id, url: w.url, revoked: w.revoked_at !== null })),
    };
  });
}

/** The contact person's API keys and webhook endpoints (ADR 0029): made here, shown once. */
const keyForm = z.strictObject({
  label: z.string().trim().min(1).max(100),
  scopes: z.array(z.string()).or(z.string()),
});
const idForm = z.strictObject({ id: z.coerce.number().int().positive() });
const webhookForm = z.strictObject({ url: z.string().trim().min(1).max(500) });
const inviteForm = z.strictObject({
  email: z.string().trim().min(3).max(254),
  displayName: z.string().trim().min(1).max(200),
});

const INVITE_TEXT = {
  invited: "referrer.invite.sent",
  wrong_domain: "referrer.invite.wrongDomain",
  exists: "referrer.invite.exists",
  not_contact_person: "referrer.invite.wrongDomain",
} as const satisfies Record<string, MessageKey>;

async function partnerAction(context: Route.ActionArgs["context"], intent: string, formData: FormData) {
  const { session, db, settings } = await contactPerson(context);
  const { origin, config } = authContext(context);
  const now = new Date();
  const by = { referrerId: session.referrerId };
  if (intent === "key-create") {
    const form = parseForm(keyForm, formData);
    const scopes = form.ok ? [form.data.scopes].flat().filter(isScope) : [];
    if (!form.ok || scopes.length === 0) {
      const error: MessageKey = "referrer.keys.invalid";
      return { error };
    }
    const made = await createContactApiKey(db, session.referrerId, {
      organisationId: settings.organisationId,
      label: form.data.label,
      scopes,
      origin,
      now,
    });
    return { newKey: made.key };
  }
  if (intent === "invite") {
    const form = parseForm(inviteForm, formData);
    if (!form.ok) {
      const error: MessageKey = "referrer.invite.invalid";
      return { error };
    }
    const outcome = await inviteColleague(db, session.referrerId, {
      email: form.data.email,
      displayName: form.data.displayName,
      origin,
      now,
      locale: context.get(requestStateContext).locale,
      publicUrl: config.publicUrl,
    });
    return outcome === "invited" ? { invited: INVITE_TEXT.invited } : { error: INVITE_TEXT[outcome] };
  }
  if (intent === "webhook-create") {
    const form = parseForm(webhookForm, formData);
    const made = form.ok
      ? await createWebhook(db, by, {
          organisationId: settings.organisationId,
          url: form.data.url,
          origin,
          now,
          appSecret: config.appSecret,
          allowLoopbackHttp: config.webhooksAllowLoopbackHttp,
        })
      : undefined;
    if (!made?.ok) {
      const error: MessageKey = "referrer.webhooks.invalid";
      return { error };
    }
    return { newSecret: made.secret };
  }
  const form = parseForm(idForm, formData);
  if (!form.ok) throw routeError(ErrorCode.BadRequest);
  const done =
    intent === "key-revoke"
      ? await revokeContactApiKey(db, session.referrerId, { id: form.data.id, origin, now })
      : await revokeWebhook(db, by, { id: form.data.id, origin, now });
  if (!done) throw routeError(ErrorCode.NotFound);
  return { revoked: true };
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const formData = await request.formData();
    const intent = String(formData.get("intent") ?? "");
    if (["invite", "key-create", "key-revoke", "webhook-create", "webhook-revoke"].includes(intent)) {
      return partnerAction(context, intent, formData);
    }
    const { session, db } = await contactPerson(context);
    const parsed = parseForm(settingsForm, formData);
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
  const { name, colleaguesSee, keys, webhooks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formatDate = useDateTimeFormat();
  return (
    <div className="herstel-prose">
      <PageTitle title={t("referrer.organisation.title")} />
      <Heading level={1}>{t("referrer.organisation.title")}</Heading>
      {actionData && "saved" in actionData ? (
        <Paragraph role="status">{t("referrer.organisation.saved")}</Paragraph>
      ) : null}
      {actionData && "error" in actionData && actionData.error ? (
        <Paragraph role="alert">{t(actionData.error)}</Paragraph>
      ) : null}
      {actionData && "revoked" in actionData ? <Paragraph role="status">{t("referrer.keys.revoked")}</Paragraph> : null}
      {actionData && "invited" in actionData && actionData.invited ? (
        <Paragraph role="status">{t(actionData.invited)}</Paragraph>
      ) : null}
      {actionData && "newKey" in actionData ? (
        <div className="herstel-panel" role="status">
          <Paragraph>{t("referrer.keys.shownOnce")}</Paragraph>
          <Paragraph>
            <code data-testid="new-api-key">{actionData.newKey}</code>
          </Paragraph>
        </div>
      ) : null}
      {actionData && "newSecret" in actionData ? (
        <div className="herstel-panel" role="status">
          <Paragraph>{t("referrer.webhooks.shownOnce")}</Paragraph>
          <Paragraph>
            <code data-testid="new-webhook-secret">{actionData.newSecret}</code>
          </Paragraph>
        </div>
      ) : null}
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

      <Heading level={2}>{t("referrer.invite.title")}</Heading>
      <Paragraph>{t("referrer.invite.intro")}</Paragraph>
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="intent" value="invite" />
        <TextField
          name="email"
          type="email"
          label={t("referrer.field.workEmail")}
          required
          errorPrefix={t("reg.errorPrefix")}
        />
        <TextField
          name="displayName"
          type="text"
          label={t("referrer.invite.name")}
          required
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" className="utrecht-button utrecht-button--secondary-action">
          {t("referrer.invite.submit")}
        </button>
      </Form>

      <Heading level={2}>{t("referrer.keys.title")}</Heading>
      <Paragraph>{t("referrer.keys.intro")}</Paragraph>
      <ul data-testid="api-keys">
        {keys.map((k) => (
          <li key={k.id}>
            {k.label} (herstel_pk_{k.prefix}_…, {k.scopes.join(", ")}, {formatDate(k.created)})
            {k.revoked ? ` — ${t("referrer.keys.isRevoked")}` : null}
            {k.revoked ? null : (
              <Form method="post" className="herstel-inline-form">
                <CsrfField />
                <input type="hidden" name="intent" value="key-revoke" />
                <input type="hidden" name="id" value={k.id} />
                <button
                  type="submit"
                  className="utrecht-button utrecht-button--secondary-action"
                  aria-label={t("referrer.keys.revokeNamed", { label: k.label })}
                >
                  {t("referrer.keys.revoke")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="intent" value="key-create" />
        <TextField
          name="label"
          type="text"
          label={t("referrer.keys.label")}
          required
          width="medium"
          errorPrefix={t("reg.errorPrefix")}
        />
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend">{t("referrer.keys.scopes")}</legend>
          <label className="utrecht-form-label utrecht-form-label--checkbox">
            <input type="checkbox" name="scopes" value="referrals:write" /> {t("referrer.keys.scopeWrite")}
          </label>
          <br />
          <label className="utrecht-form-label utrecht-form-label--checkbox">
            <input type="checkbox" name="scopes" value="referrals:read-status" /> {t("referrer.keys.scopeRead")}
          </label>
        </fieldset>
        <button type="submit" className="utrecht-button utrecht-button--secondary-action">
          {t("referrer.keys.create")}
        </button>
      </Form>

      <Heading level={2}>{t("referrer.webhooks.title")}</Heading>
      <Paragraph>{t("referrer.webhooks.intro")}</Paragraph>
      <ul data-testid="webhooks">
        {webhooks.map((w) => (
          <li key={w.id}>
            {w.url}
            {w.revoked ? ` — ${t("referrer.keys.isRevoked")}` : null}
            {w.revoked ? null : (
              <Form method="post" className="herstel-inline-form">
                <CsrfField />
                <input type="hidden" name="intent" value="webhook-revoke" />
                <input type="hidden" name="id" value={w.id} />
                <button type="submit" className="utrecht-button utrecht-button--secondary-action">
                  {t("referrer.webhooks.revoke")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="intent" value="webhook-create" />
        <TextField
          name="url"
          type="text"
          label={t("referrer.webhooks.url")}
          required
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" className="utrecht-button utrecht-button--secondary-action">
          {t("referrer.webhooks.create")}
        </button>
      </Form>
    </div>
  );
}
