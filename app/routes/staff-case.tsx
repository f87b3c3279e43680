import { useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { getCase } from "../features/cases/case.queries.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useDateTimeFormat, useT } from "../lib/i18n/i18n-react.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-case";

/**
 * One case. Which cases a person may open is decided by row-level security (assigned mediator,
 * coordinator of the region): a case out of scope looks the same as one that does not exist (404),
 * and every attempt is audited.
 */
export async function loader({ params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const now = new Date();
    authorize(session.actor, "case.list");
    const id = /^\d{1,15}$/.test(params.id) ? Number(params.id) : undefined;
    const found = id === undefined ? undefined : await getCase(db, session.actor, id);
    await recordAudit(db, {
      actorId: session.userId,
      action: "case.read",
      objectType: "case",
      objectId: params.id.slice(0, 40),
      result: found ? "allowed" : "denied",
      reason: found ? undefined : "not_found_or_out_of_scope",
      origin,
      at: now,
    });
    if (!found) throw routeError(ErrorCode.NotFound);
    return {
      reference: found.reference,
      step: found.step,
      region: found.region,
      takenUpAt: found.taken_up_at.toISOString(),
      due: found.first_conversation_due,
      mediators: found.assignments.map((a) => a.display_name),
      events: found.events.map((e) => ({ id: e.id, at: e.occurred_at.toISOString(), kind: e.kind, actor: e.actor })),
    };
  });
}

export default function StaffCase() {
  const t = useT();
  const formatDate = useDateTimeFormat();
  const c = useLoaderData<typeof loader>();
  return (
    <div className="herstel-prose">
      <PageTitle title={t("staff.case.title", { reference: c.reference })} />
      <Heading level={1}>{t("staff.case.title", { reference: c.reference })}</Heading>
      <dl className="herstel-summary-list">
        {[
          [t("staff.cases.step"), t(`step.${c.step}` as MessageKey)],
          [t("staff.cases.region"), c.region],
          [t("staff.cases.mediators"), c.mediators.join(", ")],
          [t("staff.case.takenUp"), formatDate(c.takenUpAt)],
          [t("staff.cases.due"), c.due],
        ].map(([key, value]) => (
          <div key={key} className="herstel-summary-list__row">
            <dt className="herstel-summary-list__key">{key}</dt>
            <dd className="herstel-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      <Heading level={2}>{t("staff.case.timeline")}</Heading>
      {c.events.length === 0 ? (
        <Paragraph>–</Paragraph>
      ) : (
        <DataTable
          headers={[t("staff.history.when"), t("staff.history.who"), t("staff.history.what")]}
          rows={c.events.map((e) => ({
            key: e.id,
            cells: [formatDate(e.at), e.actor ?? t("staff.history.unknown"), t(`event.${e.kind}` as MessageKey)],
          }))}
        />
      )}
    </div>
  );
}
