import { data, Form, useActionData, useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { decideAccessRequest, listPendingGrants } from "../features/auth/access-grants.commands.server.ts";
import { mayApprove } from "../features/auth/access-grants.rules.ts";
import { grantDecisionForm } from "../features/auth/admin-forms.schema.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { ReauthFields, reauthMessage } from "../features/auth/components/reauth-fields.tsx";
import { authorize, can } from "../features/auth/permissions.ts";
import { listRegions } from "../features/auth/users.queries.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useDates, useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/admin-access-grants";

/** Access to cases that waits for a second administrator: approve or reject. */
async function requireAdmin(context: Route.LoaderArgs["context"], permission: "user.list" | "user.update") {
  const session = requireSession(context);
  if (!can(session.actor, permission)) {
    const { db, origin } = authContext(context);
    await recordAudit(db, { actorId: session.userId, action: permission, result: "denied", origin, at: new Date() });
  }
  authorize(session.actor, permission);
  return session;
}

export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = await requireAdmin(context, "user.list");
    const { db } = authContext(context);
    const grants = await listPendingGrants(db);
    return {
      grants: grants.map((g) => ({ ...g, mayApprove: mayApprove(session.userId, g) })),
      regions: await listRegions(db),
    };
  });
}

const DECISION_MESSAGES: Record<"not_found" | "four_eyes", MessageKey> = {
  not_found: "grants.notFound",
  four_eyes: "grants.fourEyes",
};

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = await requireAdmin(context, "user.update");
    const { db, config, origin } = authContext(context);
    const parsed = parseForm(grantDecisionForm, await request.formData());
    if (!parsed.ok) return data({ error: "grants.notFound" as MessageKey, requestId: 0 }, { status: 400 });
    const result = await decideAccessRequest(db, {
      actor: { userId: session.userId, email: session.email },
      requestId: parsed.data.requestId,
      decision: parsed.data.decision,
      reauth: {
        password: parsed.data.currentPassword ?? "",
        code: parsed.data.code ?? "",
        origin,
        now: new Date(),
        secret: config.appSecret,
      },
    });
    if (result.ok)
      return data({
        done: (parsed.data.decision === "approved" ? "grants.approved" : "grants.rejected") as MessageKey,
      });
    const error = "field" in result ? reauthMessage(result.field, result.reason) : DECISION_MESSAGES[result.reason];
    return data({ error, requestId: parsed.data.requestId }, { status: result.reason === "four_eyes" ? 403 : 400 });
  });
}

export default function AdminAccessGrants() {
  const t = useT();
  const { grants, regions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? t(actionData.error) : undefined;
  const regionName = (id: number) => regions.find((r) => r.id === id)?.name ?? String(id);
  const { dateTime } = useDates();
  return (
    <div>
      <PageTitle title={t("grants.title")} hasErrors={Boolean(error)} />
      <ErrorSummary
        title={t("reg.errorSummary")}
        errors={
          error
            ? [
                {
                  field: `grant-${actionData && "requestId" in actionData ? actionData.requestId : 0}-currentPassword`,
                  message: error,
                },
              ]
            : []
        }
      />
      <Heading level={1}>{t("grants.title")}</Heading>
      <Paragraph>{t("grants.intro")}</Paragraph>
      {actionData && "done" in actionData ? (
        <Paragraph role="status" className="herstel-panel">
          {t(actionData.done)}
        </Paragraph>
      ) : null}
      {grants.length === 0 ? (
        <Paragraph>{t("grants.none")}</Paragraph>
      ) : (
        <DataTable
          headers={[
            t("grants.for"),
            t("grants.what"),
            t("grants.requestedBy"),
            t("grants.requestedAt"),
            t("staff.table.actions"),
          ]}
          rows={grants.map((g) => ({
            key: g.id,
            cells: [
              g.userName,
              [...g.roles.map((r) => t(`staff.role.${r}`)), ...g.regionIds.map(regionName)].join(", "),
              g.requestedByName,
              dateTime(g.requestedAt),
              <div key="decide" className="herstel-prose">
                {g.mayApprove ? (
                  <Form method="post" noValidate>
                    <CsrfField />
                    <input type="hidden" name="requestId" value={g.id} />
                    <input type="hidden" name="decision" value="approved" />
                    <ReauthFields idPrefix={`grant-${g.id}`} />
                    <button type="submit" className="utrecht-button utrecht-button--primary-action">
                      {t("grants.approve")}
                    </button>
                  </Form>
                ) : (
                  <Paragraph>{t("grants.fourEyes")}</Paragraph>
                )}
                <Form method="post">
                  <CsrfField />
                  <input type="hidden" name="requestId" value={g.id} />
                  <input type="hidden" name="decision" value="rejected" />
                  <button
                    type="submit"
                    className="utrecht-button utrecht-button--secondary-action"
                    aria-label={`${t("grants.reject")}: ${g.userName}`}
                  >
                    {t("grants.reject")}
                  </button>
                </Form>
              </div>,
            ],
          }))}
        />
      )}
    </div>
  );
}
