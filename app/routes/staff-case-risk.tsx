import { useActionData, useLoaderData } from "react-router";
import { getCaseFile, getRiskAnswers } from "../features/cases/case.queries.server.ts";
import { loadSection, sectionAction } from "../features/cases/case-section.server.ts";
import { failedForm } from "../features/cases/case-sections.ts";
import { CaseRisk } from "../features/cases/components/case-file.tsx";
import { SectionNotices } from "../features/cases/components/section-notices.tsx";
import { riskIntents } from "../features/cases/risk.intents.server.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import type { Route } from "./+types/staff-case-risk";

/** Risk and suitability: the assessment (required for sexual and domestic-violence offences). */
export async function loader(args: Route.LoaderArgs) {
  return loadSection(args, async ({ db, actor, found }) => {
    const [file, answers] = await Promise.all([getCaseFile(db, actor, found.id), getRiskAnswers(db, actor, found.id)]);
    return { file: { ...file, consents: [], activities: [] }, answers, today: todayInAmsterdam(new Date()) };
  });
}

export async function action(args: Route.ActionArgs) {
  return sectionAction(args, riskIntents);
}

export default function CaseRiskSection() {
  const c = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!c) return null;
  return (
    <>
      <SectionNotices result={result} />
      <CaseRisk file={c.file} answers={c.answers} today={c.today} failed={failedForm(result)} />
    </>
  );
}
