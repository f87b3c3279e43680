import { data, Form, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { invitationMail, linkFor } from "../features/auth/account-emails.ts";
import {
  AccountError,
  deactivateUser,
  inviteUser,
  updateUserAccess,
} from "../features/auth/accounts.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize, can } from "../features/auth/permissions.ts";
import { ROLES } from "../features/auth/roles.ts";
import { listRegions, listUsers } from "../features/auth/users.queries.server.ts";
import { enqueueMail } from "../features/outbox/outbox.commands.server.ts";
import { DomainError, withDomainErrors } from "../lib/errors.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { AppLink } from "../ui/app-link.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { ChoiceGroup, TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/admin-users";

const accessSchema = z.object({
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  regions: z.array(z.coerce.number().int().positive()).max(50),
});
const inviteSchema = accessSchema.extend({
  email: z.email({ error: "validation.email" }).max(254),
  name: z.string().trim().min(1, { error: "validation.required" }).max(200),
});

async function requireAdmin(
  context: Route.LoaderArgs["context"],
  permission: "user.list" | "user.invite" | "user.update",
) {
  const session = requireSession(context);
  const { db, origin } = authContext(context);
  if (!can(session.actor, permission)) {
    await recordAudit(db, { actorId: session.userId, action: permission, result: "denied", origin, at: new Date() });
  }
  authorize(session.actor, permission);
  return session;
}

export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    await requireAdmin(context, "user.list");
    const { db } = authContext(context);
    return { users: await listUsers(db), regions: await listRegions(db) };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const form = await request.formData();
    const intent = form.get("intent");
    const { db, config, origin } = authContext(context);
    const now = new Date();
    if (intent === "invite") {
      const session = await requireAdmin(context, "user.invite");
      const parsed = inviteSchema.safeParse({
        email: form.get("email"),
        name: form.get("name"),
        roles: form.getAll("roles"),
        regions: form.getAll("regions"),
      });
      if (!parsed.success)
        return data(
          { error: (parsed.error.issues[0]?.message ?? "validation.required") as MessageKey },
          { status: 400 },
        );
      try {
        const { token } = await inviteUser(db, {
          email: parsed.data.email,
          displayName: parsed.data.name,
          roles: parsed.data.roles,
          regionIds: parsed.data.regions,
          actorId: session.userId,
          origin,
          now,
        });
        const mail = invitationMail(
          context.get(requestStateContext).locale,
          parsed.data.name,
          linkFor(config.publicUrl, "invite", token),
        );
        await enqueueMail(db, {
          kind: "account.invite",
          to: parsed.data.email.toLowerCase(),
          subject: mail.subject,
          text: mail.text,
          relatedType: "staff_user",
        });
        return data({ done: "staff.users.invited" as MessageKey, email: parsed.data.email });
      } catch (error) {
        if (error instanceof AccountError)
          return data({ error: "staff.users.emailTaken" as MessageKey }, { status: 400 });
        throw error;
      }
    }
    const session = await requireAdmin(context, "user.update");
    const userId = Number(form.get("userId"));
    if (!Number.isSafeInteger(userId) || userId <= 0) throw new DomainError("NOT_FOUND");
    if (intent === "deactivate") {
      await deactivateUser(db, { userId, actorId: session.userId, origin, now });
      return data({ done: "staff.users.deactivated" as MessageKey, email: "" });
    }
    const parsed = accessSchema.safeParse({ roles: form.getAll("roles"), regions: form.getAll("regions") });
    if (!parsed.success) return data({ error: "validation.unknownOption" as MessageKey }, { status: 400 });
    await updateUserAccess(db, {
      userId,
      roles: parsed.data.roles,
      regionIds: parsed.data.regions,
      actorId: session.userId,
      origin,
      now,
    });
    return data({ done: "staff.users.saved" as MessageKey, email: "" });
  });
}

export default function AdminUsers() {
  const t = useT();
  const { users, regions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? t(actionData.error) : undefined;
  const roleChoices = ROLES.map((r) => ({ value: r, label: t(`staff.role.${r}`) }));
  const regionChoices = regions.map((r) => ({ value: String(r.id), label: r.name }));
  return (
    <div>
      <PageTitle title={t("staff.users.title")} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [{ field: "email", message: error }] : []} />
      <Heading level={1}>{t("staff.users.title")}</Heading>
      {actionData && "done" in actionData ? (
        <Paragraph role="status" className="herstel-panel">
          {t(actionData.done, { email: actionData.email })}
        </Paragraph>
      ) : null}
      <DataTable
        headers={[
          t("staff.users.name"),
          t("staff.users.email"),
          t("staff.users.roles"),
          t("staff.users.status"),
          t("staff.table.actions"),
        ]}
        rows={users.map((u) => ({
          key: u.id,
          cells: [
            <AppLink key="name" to={`/medewerkers/beheer/gebruikers/${u.id}`}>
              {u.display_name}
            </AppLink>,
            u.email,
            u.roles.map((r) => t(`staff.role.${r}`)).join(", "),
            t(`staff.users.status.${u.status}`),
            u.status !== "deactivated" ? (
              <Form key="deactivate" method="post">
                <CsrfField />
                <input type="hidden" name="intent" value="deactivate" />
                <input type="hidden" name="userId" value={u.id} />
                <button
                  type="submit"
                  className="utrecht-button utrecht-button--secondary-action"
                  aria-label={`${t("staff.users.deactivate")}: ${u.display_name}`}
                >
                  {t("staff.users.deactivate")}
                </button>
              </Form>
            ) : null,
          ],
        }))}
      />
      <Heading level={2}>{t("staff.users.invite")}</Heading>
      <Form method="post" noValidate className="herstel-prose">
        <CsrfField />
        <input type="hidden" name="intent" value="invite" />
        <TextField
          name="name"
          type="text"
          label={t("staff.users.name")}
          required
          maxLength={200}
          errorPrefix={t("reg.errorPrefix")}
        />
        <TextField
          name="email"
          type="email"
          label={t("staff.users.email")}
          required
          maxLength={254}
          errorPrefix={t("reg.errorPrefix")}
        />
        <ChoiceGroup
          name="roles"
          type="checkbox"
          label={t("staff.users.roles")}
          values={[]}
          choices={roleChoices}
          errorPrefix={t("reg.errorPrefix")}
        />
        <ChoiceGroup
          name="regions"
          type="checkbox"
          label={t("staff.users.regions")}
          values={[]}
          choices={regionChoices}
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("staff.users.inviteSubmit")}
        </button>
      </Form>
    </div>
  );
}
