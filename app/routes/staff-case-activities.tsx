import { useActionData, useLoaderData } from "react-router";
import { activitiesIntents } from "../features/cases/activities.intents.server.ts";
import { getCaseFile } from "../features/cases/case.queries.server.ts";
import { loadSection, sectionAction } from "../features/cases/case-section.server.ts";
import { failedForm } from "../features/cases/case-sections.ts";
import { CaseActivities } from "../features/cases/components/case-file.tsx";
import { SectionNotices } from "../features/cases/components/section-notices.tsx";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import type { Route } from "./+types/staff-case-activities";

/** Activities and notes: conversations, calls, visits, notes (sealed ones for the assigned mediators only). */
export async function loader(args: Route.LoaderArgs) {
  return loadSection(args, async ({ db, actor, found }) => {
    const file = await getCaseFile(db, actor, found.id);
    return { file: { ...file, consents: [] }, today: todayInAmsterdam(new Date()) };
  });
}

export async function action(args: Route.ActionArgs) {
  return sectionAction(args, activitiesIntents);
}

export default function CaseActivitiesSection() {
  const c = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!c) return null;
  return (
    <>
      <SectionNotices result={result} />
      <CaseActivities file={c.file} today={c.today} failed={failedForm(result)} />
    </>
  );
}
