import { useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize, can } from "../features/auth/permissions.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { myOpenTasks } from "../features/tasks/tasks.server.ts";
import { endOfWeek } from "../features/workspace/workspace.lists.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { useDates, useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-tasks";

/** My open tasks across my cases, soonest first, overdue ones flagged. */
export async function loader({ request, context }: Route.LoaderArgs) {
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
    const today = todayInAmsterdam(now);
    // From the home's counts: ?termijn=verlopen (past their date) or deze-week (today to Sunday).
    const term = new URL(request.url).searchParams.get("termijn");
    const filter = term === "verlopen" || term === "deze-week" ? term : null;
    const weekEnd = endOfWeek(today);
    const tasks = (await myOpenTasks(db, session.actor)).filter((task) =>
      filter === "verlopen"
        ? task.due_on < today
        : filter === "deze-week"
          ? task.due_on >= today && task.due_on <= weekEnd
          : true,
    );
    return { tasks, today, filter };
  });
}

export default function StaffTasks() {
  const t = useT();
  const { date } = useDates();
  const { tasks, today, filter } = useLoaderData<typeof loader>();
  const title =
    filter === "verlopen"
      ? t("tasks.filter.overdue")
      : filter === "deze-week"
        ? t("tasks.filter.week")
        : t("tasks.mine");
  return (
    <div>
      <PageTitle title={title} />
      <Heading level={1}>{title}</Heading>
      {filter ? (
        <Paragraph>
          <AppLink to="/medewerkers/taken">{t("tasks.filter.all")}</AppLink>
        </Paragraph>
      ) : null}
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
                  {date(task.due_on)} ({t("staff.cases.overdue")})
                </strong>
              ) : (
                date(task.due_on)
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
