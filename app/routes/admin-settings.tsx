import { data, Form, useActionData, useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize, can } from "../features/auth/permissions.ts";
import { neutralSite, saveNeutralSite } from "../features/safe-exit/safe-exit.server.ts";
import { DEFAULT_NEUTRAL_SITE, neutralSiteForm, neutralSiteSchema } from "../features/safe-exit/safe-exit.ts";
import { saveCaseloadNorm } from "../features/workspace/workspace.commands.server.ts";
import { caseloadNorm } from "../features/workspace/workspace.queries.server.ts";
import { caseloadNormForm, caseloadNormSchema } from "../features/workspace/workspace.schema.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/admin-settings";

/** Site settings for administrators: the neutral site that "exit this page" leads to. */
async function requireSettingsAdmin(context: Route.LoaderArgs["context"]) {
  const session = requireSession(context);
  if (!can(session.actor, "settings.update")) {
    const { db, origin } = authContext(context);
    await recordAudit(db, {
      actorId: session.userId,
      action: "settings.update",
      result: "denied",
      origin,
      at: new Date(),
    });
  }
  authorize(session.actor, "settings.update");
  return session;
}

export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    await requireSettingsAdmin(context);
    const { db } = authContext(context);
    return { ...(await neutralSite(db)), caseloadNorm: await caseloadNorm(db) };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = await requireSettingsAdmin(context);
    const { db, origin } = authContext(context);
    const form = await request.formData();
    // The caseload norm of the coordinators' homes: a form of its own on this page.
    if (form.has("caseloadNorm")) {
      const fields = parseForm(caseloadNormForm, form);
      const parsed = caseloadNormSchema.safeParse(fields.ok ? fields.data.caseloadNorm : undefined);
      if (!parsed.success) {
        const typedNorm = typeof form.get("caseloadNorm") === "string" ? String(form.get("caseloadNorm")) : "";
        return data({ normError: "admin.settings.caseloadNormInvalid" as MessageKey, typedNorm }, { status: 400 });
      }
      await saveCaseloadNorm(db, { norm: parsed.data, actorId: session.userId, origin, now: new Date() });
      return data({ normSaved: true as const });
    }
    const typed = typeof form.get("neutralSite") === "string" ? String(form.get("neutralSite")) : "";
    const fields = parseForm(neutralSiteForm, form);
    const parsed = neutralSiteSchema.safeParse(fields.ok ? (fields.data.neutralSite ?? "") : undefined);
    if (!parsed.success) {
      const error = (parsed.error.issues[0]?.message ?? "safeExit.setting.invalid") as MessageKey;
      return data({ error, typed }, { status: 400 });
    }
    await saveNeutralSite(db, { url: parsed.data, actorId: session.userId, origin, now: new Date() });
    return data({ saved: true as const });
  });
}

export default function AdminSettings() {
  const t = useT();
  const { url, isDefault, caseloadNorm: norm } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? t(actionData.error) : undefined;
  const shown = actionData && "typed" in actionData ? actionData.typed : url;
  const normError = actionData && "normError" in actionData ? t(actionData.normError) : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("safeExit.setting.title")} hasErrors={Boolean(error || normError)} />
      <ErrorSummary
        title={t("reg.errorSummary")}
        errors={[
          ...(error ? [{ field: "neutralSite", message: error }] : []),
          ...(normError ? [{ field: "caseloadNorm", message: normError }] : []),
        ]}
      />
      <Heading level={1}>{t("safeExit.setting.title")}</Heading>
      {actionData && "saved" in actionData ? (
        <Paragraph role="status" className="herstel-panel">
          {t("safeExit.setting.saved")}
        </Paragraph>
      ) : null}
      <Heading level={2}>{t("safeExit.setting.heading")}</Heading>
      <Paragraph>{t("safeExit.setting.intro")}</Paragraph>
      <Paragraph>
        {isDefault
          ? t("safeExit.setting.default", { url: DEFAULT_NEUTRAL_SITE })
          : t("safeExit.setting.current", { url })}
      </Paragraph>
      <Form method="post" noValidate>
        <CsrfField />
        <TextField
          name="neutralSite"
          type="text"
          label={t("safeExit.setting.label")}
          hint={t("safeExit.setting.hint")}
          error={error}
          errorPrefix={t("reg.errorPrefix")}
          required
          value={shown}
          maxLength={500}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("safeExit.setting.save")}
        </button>
      </Form>
      <Heading level={2}>{t("admin.settings.caseloadNorm")}</Heading>
      {actionData && "normSaved" in actionData ? (
        <Paragraph role="status" className="herstel-panel">
          {t("admin.settings.caseloadNormSaved")}
        </Paragraph>
      ) : null}
      <Form method="post" noValidate>
        <CsrfField />
        <TextField
          name="caseloadNorm"
          type="text"
          label={t("admin.settings.caseloadNorm")}
          hint={t("admin.settings.caseloadNormHint")}
          error={normError}
          errorPrefix={t("reg.errorPrefix")}
          required
          value={actionData && "typedNorm" in actionData ? actionData.typedNorm : String(norm)}
          maxLength={3}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("admin.settings.save")}
        </button>
      </Form>
    </div>
  );
}
