import { useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize, can } from "../features/auth/permissions.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { myOpenTasks } from "../features/tasks/tasks.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-tasks";

/** My open tasks across my cases, soonest first, overdue ones flagged. */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const now = new Date();
    await recordAudit(db, {
      actorId: session.userId,
      action: "case.tasks",
      result: can(session.actor, "case.list") ? "allowed" : "denied",
      origin,
      at: now,
    });
    authorize(session.actor, "case.list");
    return { tasks: await myOpenTasks(db, session.actor), today: todayInAmsterdam(now) };
  });
}

export default function StaffTasks() {
  const t = useT();
  const { tasks, today } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageTitle title={t("tasks.mine")} />
      <Heading level={1}>{t("tasks.mine")}</Heading>
      {tasks.length === 0 ? (
        <Paragraph>{t("tasks.none")}</Paragraph>
      ) : (
        <DataTable
          headers={[t("tasks.what"), t("tasks.due"), t("staff.registrations.reference")]}
          rows={tasks.map((task) => ({
            key: task.id,
            cells: [
              task.title,
              task.due_on < today ? (
                <strong key="due" className="herstel-overdue">
                  {task.due_on} ({t("staff.cases.overdue")})
                </strong>
              ) : (
                task.due_on
              ),
              <AppLink key="case" to={`/medewerkers/zaken/${task.case_id}`}>
                {task.reference}
              </AppLink>,
            ],
          }))}
        />
      )}
    </div>
  );
}
