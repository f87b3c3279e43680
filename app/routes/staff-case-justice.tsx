import { useActionData, useLoaderData } from "react-router";
import { loadSection, sectionAction } from "../features/cases/case-section.server.ts";
import { justiceIntents } from "../features/cases/closing.intents.server.ts";
import { CaseJustice } from "../features/cases/components/case-closing.tsx";
import { SectionNotices } from "../features/cases/components/section-notices.tsx";
import { justiceFeedbackState } from "../features/cases/justice-feedback.server.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import type { Route } from "./+types/staff-case-justice";

/** Justice feedback: only with both parties' consent while the criminal case is pending. */
export async function loader(args: Route.LoaderArgs) {
  return loadSection(args, async ({ db, actor, found }) => ({
    feedback: (await justiceFeedbackState(db, actor, found.id)) ?? { missing: [], sent: [] },
    today: todayInAmsterdam(new Date()),
  }));
}

export async function action(args: Route.ActionArgs) {
  return sectionAction(args, justiceIntents);
}

export default function CaseJusticeSection() {
  const c = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!c) return null;
  return (
    <>
      <SectionNotices result={result} />
      <CaseJustice feedback={c.feedback} today={c.today} />
    </>
  );
}
