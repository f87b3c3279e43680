import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { updateUserAccess } from "../features/auth/accounts.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize, can } from "../features/auth/permissions.ts";
import { ROLES } from "../features/auth/roles.ts";
import { listRegions, listUsers } from "../features/auth/users.queries.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ChoiceGroup } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/admin-user";

const accessSchema = z.object({
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  regions: z.array(z.coerce.number().int().positive()).max(50),
});

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
    await requireAdmin(context, "user.list");
    const { db } = authContext(context);
    const user = (await listUsers(db)).find((u) => String(u.id) === params.id);
    if (!user) throw routeError(ErrorCode.NotFound);
    return { user, regions: await listRegions(db), saved: new URL(request.url).searchParams.has("opgeslagen") };
  });
}

/** Replaces roles and regions of one account. */
export async function action({ request, params, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = await requireAdmin(context, "user.update");
    const { db, origin } = authContext(context);
    const userId = /^\d{1,15}$/.test(params.id) ? Number(params.id) : 0;
    const exists = await db.selectFrom("staff_user").select("id").where("id", "=", userId).executeTakeFirst();
    if (!exists) throw routeError(ErrorCode.NotFound);
    const form = await request.formData();
    const parsed = accessSchema.safeParse({ roles: form.getAll("roles"), regions: form.getAll("regions") });
    if (!parsed.success) return data({ error: true }, { status: 400 });
    const known = new Set((await listRegions(db)).map((r) => r.id));
    if (parsed.data.regions.some((r) => !known.has(r))) return data({ error: true }, { status: 400 });
    await updateUserAccess(db, {
      userId,
      roles: parsed.data.roles,
      regionIds: parsed.data.regions,
      actorId: session.userId,
      origin,
      now: new Date(),
    });
    return redirect(`/medewerkers/beheer/gebruikers/${userId}?opgeslagen`, 303);
  });
}

export default function AdminUser() {
  const t = useT();
  const { user, regions, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="herstel-prose">
      <PageTitle title={user.display_name} hasErrors={Boolean(actionData?.error)} />
      <AppLink className="herstel-back-link" to="/medewerkers/beheer/gebruikers">
        {t("staff.users.title")}
      </AppLink>
      <Heading level={1}>{user.display_name}</Heading>
      <Paragraph>
        {user.email} · {t(`staff.users.status.${user.status}`)}
      </Paragraph>
      {saved ? (
        <Paragraph role="status" className="herstel-panel">
          {t("staff.users.saved")}
        </Paragraph>
      ) : null}
      <Form method="post" noValidate>
        <CsrfField />
        <ChoiceGroup
          name="roles"
          type="checkbox"
          label={t("staff.users.roles")}
          values={user.roles}
          choices={ROLES.map((r) => ({ value: r, label: t(`staff.role.${r}`) }))}
          error={actionData?.error ? t("validation.unknownOption") : undefined}
          errorPrefix={t("reg.errorPrefix")}
        />
        <ChoiceGroup
          name="regions"
          type="checkbox"
          label={t("staff.users.regions")}
          values={user.regionIds.map(String)}
          choices={regions.map((r) => ({ value: String(r.id), label: r.name }))}
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("staff.users.save")}
        </button>
      </Form>
    </div>
  );
}
