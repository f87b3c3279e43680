import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { changeUserAccess, listPendingGrants } from "../features/auth/access-grants.commands.server.ts";
import { ACCESS_REPEATED, accessForm } from "../features/auth/admin-forms.schema.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { ReauthFields, reauthMessage } from "../features/auth/components/reauth-fields.tsx";
import { authorize, can } from "../features/auth/permissions.ts";
import { ROLES } from "../features/auth/roles.ts";
import { listRegions, listUsers } from "../features/auth/users.queries.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { ChoiceGroup } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/admin-user";

async function requireAdmin(context: Route.LoaderArgs["context"], permission: "user.list" | "user.update") {
  const session = requireSession(context);
  if (!can(session.actor, permission)) {
    const { db, origin } = authContext(context);
    await recordAudit(db, { actorId: session.userId, action: permission, result: "denied", origin, at: new Date() });
  }
  authorize(session.actor, permission);
  return session;
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = await requireAdmin(context, "user.list");
    const { db } = authContext(context);
    const user = (await listUsers(db)).find((u) => String(u.id) === params.id);
    if (!user) throw routeError(ErrorCode.NotFound);
    const saved = new URL(request.url).searchParams.get("opgeslagen");
    return {
      user,
      own: user.id === session.userId,
      regions: await listRegions(db),
      pending: await listPendingGrants(db, { userId: user.id }),
      saved: saved === null ? undefined : saved === "wacht" ? "pending" : "saved",
    };
  });
}

type ActionError = { field: string; message: MessageKey };

/** Sets the roles and regions of one account: less at once, case access after a second administrator. */
export async function action({ request, params, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = await requireAdmin(context, "user.update");
    const { db, config, origin } = authContext(context);
    const userId = /^\d{1,15}$/.test(params.id) ? Number(params.id) : 0;
    const exists = await db.selectFrom("staff_user").select("id").where("id", "=", userId).executeTakeFirst();
    if (!exists) throw routeError(ErrorCode.NotFound);
    const parsed = parseForm(accessForm, await request.formData(), { repeated: ACCESS_REPEATED });
    if (!parsed.ok) return data({ error: { field: "roles", message: "validation.unknownOption" } as ActionError }, 400);
    const known = new Set((await listRegions(db)).map((r) => r.id));
    if (parsed.data.regions.some((r) => !known.has(r)))
      return data({ error: { field: "regions", message: "validation.unknownOption" } as ActionError }, 400);
    const result = await changeUserAccess(db, {
      actor: { userId: session.userId, email: session.email },
      userId,
      desired: { roles: parsed.data.roles, regionIds: parsed.data.regions },
      reauth: {
        password: parsed.data.currentPassword ?? "",
        code: parsed.data.code ?? "",
        origin,
        now: new Date(),
        secret: config.appSecret,
      },
    });
    if (!result.ok) {
      if ("field" in result)
        return data({ error: { field: result.field, message: reauthMessage(result.field, result.reason) } }, 400);
      return data({ error: { field: "roles", message: "grants.ownAccount" } as ActionError }, 403);
    }
    return redirect(`/medewerkers/beheer/gebruikers/${userId}?opgeslagen${result.pending ? "=wacht" : ""}`, 303);
  });
}

export default function AdminUser() {
  const t = useT();
  const { user, own, regions, pending, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData?.error ? { field: actionData.error.field, message: t(actionData.error.message) } : undefined;
  const regionName = (id: number) => regions.find((r) => r.id === id)?.name ?? String(id);
  return (
    <div className="herstel-prose">
      <PageTitle title={user.display_name} hasErrors={Boolean(error)} />
      <AppLink className="herstel-back-link" to="/medewerkers/beheer/gebruikers">
        {t("staff.users.title")}
      </AppLink>
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [error] : []} />
      <Heading level={1}>{user.display_name}</Heading>
      <Paragraph>
        {user.email} · {t(`staff.users.status.${user.status}`)}
      </Paragraph>
      {saved ? (
        <Paragraph role="status" className="herstel-panel">
          {t(saved === "pending" ? "grants.pendingSaved" : "staff.users.saved")}
        </Paragraph>
      ) : null}
      {pending.map((g) => (
        <Paragraph key={g.id} className="herstel-panel">
          {t("grants.pending")}:{" "}
          {[...g.roles.map((r) => t(`staff.role.${r}`)), ...g.regionIds.map(regionName)].join(", ")} (
          {g.requestedByName})
        </Paragraph>
      ))}
      {own ? (
        <Paragraph>{t("grants.ownAccount")}</Paragraph>
      ) : (
        <Form method="post" noValidate>
          <CsrfField />
          <ChoiceGroup
            name="roles"
            type="checkbox"
            label={t("staff.users.roles")}
            values={user.roles}
            choices={ROLES.map((r) => ({ value: r, label: t(`staff.role.${r}`) }))}
            error={error?.field === "roles" ? error.message : undefined}
            errorPrefix={t("reg.errorPrefix")}
          />
          <ChoiceGroup
            name="regions"
            type="checkbox"
            label={t("staff.users.regions")}
            values={user.regionIds.map(String)}
            choices={regions.map((r) => ({ value: String(r.id), label: r.name }))}
            error={error?.field === "regions" ? error.message : undefined}
            errorPrefix={t("reg.errorPrefix")}
          />
          <fieldset className="utrecht-form-fieldset">
            <legend className="utrecht-form-fieldset__legend">{t("grants.reauthLegend")}</legend>
            <Paragraph>{t("grants.reauthHint")}</Paragraph>
            <ReauthFields idPrefix="access" error={error} required={false} />
          </fieldset>
          <button type="submit" className="utrecht-button utrecht-button--primary-action">
            {t("staff.users.save")}
          </button>
        </Form>
      )}
    </div>
  );
}
