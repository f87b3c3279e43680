import { data, Form, useActionData, useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { needsApproval, planAccessChange } from "../features/auth/access-grants.rules.ts";
import { invitationMail, linkFor } from "../features/auth/account-emails.ts";
import { AccountError, deactivateUser, inviteUser } from "../features/auth/accounts.commands.server.ts";
import { ACCESS_REPEATED, deactivateForm, inviteForm } from "../features/auth/admin-forms.schema.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { ReauthFields, reauthMessage } from "../features/auth/components/reauth-fields.tsx";
import { authorize, can } from "../features/auth/permissions.ts";
import { reauthenticate } from "../features/auth/reauth.server.ts";
import { ROLES } from "../features/auth/roles.ts";
import { listRegions, listUsers } from "../features/auth/users.queries.server.ts";
import { enqueueMail } from "../features/outbox/outbox.commands.server.ts";
import { DomainError, ErrorCode, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
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
      const parsed = parseForm(inviteForm, form, { repeated: ACCESS_REPEATED });
      if (!parsed.ok) return data({ error: inviteProblem(parsed.fields) }, { status: 400 });
      // Case access for the new account waits for a second administrator, like any grant.
      const plan = planAccessChange(
        { roles: [], regionIds: [] },
        { roles: parsed.data.roles, regionIds: parsed.data.regions },
      );
      if (needsApproval(plan)) {
        const checked = await reauthenticate(db, {
          userId: session.userId,
          email: session.email,
          password: parsed.data.currentPassword ?? "",
          code: parsed.data.code ?? "",
          origin,
          now,
          secret: config.appSecret,
        });
        if (!checked.ok) return data({ error: reauthMessage(checked.field, checked.reason) }, { status: 400 });
      }
      try {
        const { token } = await inviteUser(db, {
          email: parsed.data.email,
          displayName: parsed.data.name,
          roles: plan.addRoles,
          regionIds: [],
          requested: { roles: plan.requestRoles, regionIds: plan.requestRegionIds },
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
    const parsed = intent === "deactivate" ? parseForm(deactivateForm, form) : undefined;
    if (!parsed?.ok) throw new DomainError(ErrorCode.NotFound);
    if (parsed.data.userId === session.userId) {
      await recordAudit(db, {
        actorId: session.userId,
        action: "user.deactivate",
        objectType: "staff_user",
        objectId: session.userId,
        result: "denied",
        reason: "own_account",
        origin,
        at: now,
      });
      return data({ error: "grants.cannotDeactivateSelf" as MessageKey }, { status: 403 });
    }
    await deactivateUser(db, { userId: parsed.data.userId, actorId: session.userId, origin, now });
    return data({ done: "staff.users.deactivated" as MessageKey, email: "" });
  });
}

/** The first problem of an invitation, as one message. */
function inviteProblem(fields: string[]): MessageKey {
  if (fields.includes("email")) return "validation.email";
  if (fields.includes("name")) return "validation.required";
  return "validation.unknownOption";
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
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend">{t("grants.reauthLegend")}</legend>
          <Paragraph>{t("grants.reauthHint")}</Paragraph>
          <ReauthFields idPrefix="invite" required={false} />
        </fieldset>
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("staff.users.inviteSubmit")}
        </button>
      </Form>
    </div>
  );
}
