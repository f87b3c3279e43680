import { data, Form, useActionData, useLoaderData, useSearchParams } from "react-router";
import { z } from "zod";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { PasskeyForm } from "../features/auth/components/passkey-form.tsx";
import { ReauthFields, reauthMessage } from "../features/auth/components/reauth-fields.tsx";
import { authorize } from "../features/auth/permissions.ts";
import { reauthenticate } from "../features/auth/reauth.server.ts";
import { recentlyReauthenticated, removeStaffPasskey, staffPasskeys } from "../features/auth/staff-passkeys.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useDateTimeFormat, useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-account-passkeys";

/**
 * A staff member's passkeys. Adding one asks for the password and a fresh code first (like every
 * change of how one signs in, SECURITY.md 12); the passkey can be made within five minutes.
 */
const reauthForm = z.strictObject({ currentPassword: z.string().max(1000), code: z.string().max(100) });
const removeForm = z.strictObject({ passkey: z.coerce.number().int().positive() });

export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    authorize(session.actor, "session.manage-own");
    const { db } = authContext(context);
    const passkeys = await staffPasskeys(db, session.userId);
    return {
      fresh: recentlyReauthenticated(session.reauthenticatedAt, new Date()),
      passkeys: passkeys.map((p) => ({
        id: p.id,
        label: p.label,
        created: p.created_at.toISOString(),
        lastUsed: p.last_used_at?.toISOString() ?? null,
      })),
    };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    authorize(session.actor, "session.manage-own");
    const { db, config, origin } = authContext(context);
    const formData = await request.formData();
    const now = new Date();
    if (formData.get("intent") === "remove") {
      const form = parseForm(removeForm, formData);
      if (!form.ok) throw routeError(ErrorCode.BadRequest);
      const removed = await removeStaffPasskey(db, { userId: session.userId, id: form.data.passkey, origin, now });
      if (!removed) throw routeError(ErrorCode.NotFound);
      const done: MessageKey = "staff.passkey.removed";
      return { done };
    }
    const parsed = parseForm(reauthForm, formData);
    if (!parsed.ok) throw routeError(ErrorCode.BadRequest);
    const result = await reauthenticate(db, {
      userId: session.userId,
      email: session.email,
      password: parsed.data.currentPassword,
      code: parsed.data.code,
      origin,
      now,
      secret: config.appSecret,
    });
    if (!result.ok) {
      const error: MessageKey = reauthMessage(result.field, result.reason);
      return data({ failure: { field: result.field, error } }, 400);
    }
    await db
      .updateTable("staff_session")
      .set({ reauthenticated_at: now })
      .where("id_hash", "=", session.idHash)
      .execute();
    return { reauthenticated: true };
  });
}

export default function StaffAccountPasskeys() {
  const t = useT();
  const formatDate = useDateTimeFormat();
  const { fresh, passkeys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const failure = actionData && "failure" in actionData ? actionData.failure : undefined;
  const error = failure ? { field: failure.field, message: t(failure.error) } : undefined;
  const outcome = params.get("passkey");
  return (
    <div className="herstel-prose">
      <PageTitle title={t("staff.passkey.heading")} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [error] : []} />
      <Heading level={1}>{t("staff.passkey.heading")}</Heading>
      {outcome === "toegevoegd" ? <Paragraph role="status">{t("staff.passkey.added")}</Paragraph> : null}
      {outcome === "mislukt" ? <Paragraph role="alert">{t("passkey.notAccepted")}</Paragraph> : null}
      {actionData && "done" in actionData && actionData.done ? (
        <Paragraph role="status">{t(actionData.done)}</Paragraph>
      ) : null}
      <Paragraph>{t("staff.passkey.intro")}</Paragraph>
      {passkeys.length === 0 ? (
        <Paragraph>{t("staff.passkey.none")}</Paragraph>
      ) : (
        <DataTable
          headers={[t("passkey.name"), t("passkey.created"), t("passkey.lastUsed"), t("staff.table.actions")]}
          rows={passkeys.map((p) => ({
            key: String(p.id),
            cells: [
              p.label,
              formatDate(p.created),
              p.lastUsed ? formatDate(p.lastUsed) : "–",
              <Form key="remove" method="post">
                <CsrfField />
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="passkey" value={p.id} />
                <button type="submit" className="utrecht-button utrecht-button--secondary-action">
                  {t("passkey.remove")}
                </button>
              </Form>,
            ],
          }))}
        />
      )}
      {fresh ? (
        <PasskeyForm action="/inloggen/passkey" mode="create" intent="register" label="staff.passkey.add" primary />
      ) : (
        <Form method="post" noValidate>
          <CsrfField />
          <input type="hidden" name="intent" value="reauth" />
          <ReauthFields idPrefix="passkey" error={error} />
          <button type="submit" className="utrecht-button utrecht-button--primary-action">
            {t("staff.passkey.add")}
          </button>
        </Form>
      )}
      <Paragraph>
        <AppLink to="/medewerkers/account">{t("account.title")}</AppLink>
      </Paragraph>
    </div>
  );
}
