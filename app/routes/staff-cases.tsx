import { useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize, can } from "../features/auth/permissions.ts";
import { isOverdue, listCases } from "../features/cases/case.queries.server.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { withDomainErrors } from "../lib/errors.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-cases";

/** The cases of this mediator, or of this coordinator's regions, overdue first conversations flagged. */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const now = new Date();
    const allowed = can(session.actor, "case.list");
    await recordAudit(db, {
      actorId: session.userId,
      action: "case.list",
      result: allowed ? "allowed" : "denied",
      origin,
      at: now,
    });
    authorize(session.actor, "case.list");
    const today = todayInAmsterdam(now);
    const cases = await listCases(db, session.actor);
    return {
      cases: cases.map((c) => ({
        id: c.id,
        reference: c.reference,
        step: c.step,
        region: c.region,
        due: c.first_conversation_due,
        overdue: isOverdue(c.step, c.first_conversation_due, today),
        mediators: c.mediators,
      })),
    };
  });
}

export default function StaffCases() {
  const t = useT();
  const { cases } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageTitle title={t("staff.cases.title")} />
      <Heading level={1}>{t("staff.cases.title")}</Heading>
      {cases.length === 0 ? (
        <Paragraph>{t("staff.cases.empty")}</Paragraph>
      ) : (
        <DataTable
          headers={[
            t("staff.registrations.reference"),
            t("staff.cases.step"),
            t("staff.cases.region"),
            t("staff.cases.due"),
            t("staff.cases.mediators"),
          ]}
          rows={cases.map((c) => ({
            key: c.id,
            cells: [
              <AppLink key="ref" to={`/medewerkers/zaken/${c.id}`}>
                {c.reference}
              </AppLink>,
              t(`step.${c.step}` as MessageKey),
              c.region,
              c.overdue ? (
                <strong key="due" className="herstel-overdue">
                  {c.due} ({t("staff.cases.overdue")})
                </strong>
              ) : (
                c.due
              ),
              c.mediators.join(", "),
            ],
          }))}
        />
      )}
    </div>
  );
}
