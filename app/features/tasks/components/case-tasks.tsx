import { Form } from "react-router";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { useDates } from "../../../lib/use-dates.ts";
import { CsrfField } from "../../../ui/csrf-field.tsx";
import { SelectField, TextField } from "../../../ui/form-field.tsx";
import { Heading } from "../../../ui/typography.tsx";
import { TASK_TITLE_MAX } from "../../cases/activities.schema.ts";
import { FoldedForm, FoldedTable } from "../../cases/components/folded.tsx";

/** Tasks the overview shows before the rest fold away (open ones first, by due date). */
const TASKS_SHOWN = 5;

type Task = { id: number; title: string; due_on: string; done: boolean; owner: string };

/** Tasks of a case: who does what by when; overdue ones stand out. */
export function CaseTasks({
  tasks,
  owners,
  today,
  formOpen,
}: {
  tasks: Task[];
  owners: { id: number; name: string }[];
  today: string;
  /** The add form came back refused: show it open. */
  formOpen: boolean;
}) {
  const t = useT();
  const { date } = useDates();
  const prefix = t("reg.errorPrefix");
  return (
    <section aria-labelledby="tasks">
      <Heading level={2} id="tasks">
        {t("tasks.title")}
      </Heading>
      <FoldedTable
        limit={TASKS_SHOWN}
        empty={t("tasks.noneOnCase")}
        headers={[t("tasks.what"), t("tasks.due"), t("tasks.owner"), t("staff.table.actions")]}
        rows={tasks.map((task) => ({
          key: task.id,
          cells: [
            task.done ? `${task.title} (${t("tasks.done")})` : task.title,
            !task.done && task.due_on < today ? (
              <strong key="due" className="herstel-overdue">
                {date(task.due_on)} ({t("staff.cases.overdue")})
              </strong>
            ) : (
              date(task.due_on)
            ),
            task.owner,
            task.done ? null : (
              <Form key="done" method="post" preventScrollReset>
                <CsrfField />
                <input type="hidden" name="intent" value="task-done" />
                <input type="hidden" name="taskId" value={task.id} />
                <button
                  type="submit"
                  className="utrecht-button utrecht-button--secondary-action"
                  aria-label={`${t("tasks.complete")}: ${task.title}`}
                >
                  {t("tasks.complete")}
                </button>
              </Form>
            ),
          ],
        }))}
      />
      <FoldedForm summary={t("tasks.add")} open={formOpen}>
        <Form method="post" preventScrollReset noValidate className="herstel-prose">
          <CsrfField />
          <input type="hidden" name="intent" value="task-add" />
          <TextField
            name="title"
            id="task-title"
            type="text"
            label={t("tasks.what")}
            required
            maxLength={TASK_TITLE_MAX}
            errorPrefix={prefix}
          />
          <TextField
            name="dueOn"
            id="task-due"
            type="date"
            label={t("tasks.due")}
            required
            value={today}
            width="narrow"
            errorPrefix={prefix}
          />
          <SelectField
            name="ownerId"
            id="task-owner"
            label={t("tasks.owner")}
            required
            choices={owners.map((o) => ({ value: String(o.id), label: o.name }))}
            placeholder={t("option.choose")}
            errorPrefix={prefix}
          />
          <button type="submit" className="utrecht-button utrecht-button--secondary-action">
            {t("tasks.add")}
          </button>
        </Form>
      </FoldedForm>
    </section>
  );
}
