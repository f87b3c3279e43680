import { Link, useActionData, useLoaderData } from "react-router";
import { taskIntents } from "../features/cases/activities.intents.server.ts";
import { noContactReasons } from "../features/cases/case.queries.server.ts";
import { caseMovesForLoaders, loadSection, sectionAction, timelineRow } from "../features/cases/case-section.server.ts";
import { failedForm, sectionPath } from "../features/cases/case-sections.ts";
import { moveCaseIntent } from "../features/cases/closing.intents.server.ts";
import { CaseMoves } from "../features/cases/components/case-moves.tsx";
import { SectionNotices } from "../features/cases/components/section-notices.tsx";
import { TimelineTable } from "../features/cases/components/timeline-table.tsx";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { CaseTasks } from "../features/tasks/components/case-tasks.tsx";
import { caseTasks } from "../features/tasks/tasks.server.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-case-overview";

/** Recent events the overview shows; the timeline section has them all. */
const RECENT_EVENTS = 5;

/** The case's overview: the moves it can make now (and what each still needs), its tasks, what happened last. */
export async function loader(args: Route.LoaderArgs) {
  return loadSection(args, async ({ db, actor, found, locale, context }) => {
    const [moves, tasks, reasons] = await Promise.all([
      caseMovesForLoaders(context, db, actor, found.id),
      caseTasks(db, actor, found.id),
      noContactReasons(db, locale),
    ]);
    return {
      caseId: found.id,
      moves: moves?.moves ?? [],
      version: moves?.version ?? 0,
      reasons,
      today: todayInAmsterdam(new Date()),
      owners: found.assignments.map((a) => ({ id: a.user_id, name: a.display_name })),
      tasks: tasks.map((task) => ({
        id: task.id,
        title: task.title,
        due_on: task.due_on,
        done: task.done_at !== null,
        owner: task.owner,
      })),
      events: found.events.slice(0, RECENT_EVENTS).map(timelineRow),
    };
  });
}

/** A move (its forms send no intent) or a task. */
export async function action(args: Route.ActionArgs) {
  return sectionAction(args, taskIntents, moveCaseIntent);
}

export default function CaseOverview() {
  const c = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  if (!c) return null;
  return (
    <>
      <SectionNotices result={result} />
      <CaseMoves moves={c.moves} version={c.version} reasons={c.reasons} />
      <CaseTasks
        tasks={c.tasks}
        owners={c.owners}
        today={c.today}
        formOpen={failedForm(result)?.intent === "task-add"}
      />
      <section aria-labelledby="recent">
        <Heading level={2} id="recent">
          {t("section.recent")}
        </Heading>
        {c.events.length === 0 ? <Paragraph>–</Paragraph> : <TimelineTable events={c.events} />}
        <Paragraph>
          <Link className="utrecht-link" to={sectionPath(c.caseId, "tijdlijn")}>
            {t("section.toTimeline")}
          </Link>
        </Paragraph>
      </section>
    </>
  );
}
