import { useActionData, useLoaderData } from "react-router";
import { getCaseFile } from "../features/cases/case.queries.server.ts";
import { loadSection, sectionAction } from "../features/cases/case-section.server.ts";
import { failedForm } from "../features/cases/case-sections.ts";
import { CaseParties } from "../features/cases/components/case-file.tsx";
import { SectionNotices } from "../features/cases/components/section-notices.tsx";
import { CasePeople } from "../features/parties/components/case-people.tsx";
import { partiesIntents } from "../features/parties/parties.intents.server.ts";
import { getPeople } from "../features/parties/people.server.ts";
import type { Route } from "./+types/staff-case-parties";

/** Parties and contact details: the two parties, their contact details, the people around them. */
export async function loader(args: Route.LoaderArgs) {
  return loadSection(args, async ({ db, actor, found }) => {
    const [file, people] = await Promise.all([getCaseFile(db, actor, found.id), getPeople(db, actor, found.id)]);
    return { file: { ...file, consents: [], activities: [] }, people };
  });
}

export async function action(args: Route.ActionArgs) {
  return sectionAction(args, partiesIntents);
}

export default function CasePartiesSection() {
  const c = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!c) return null;
  const failed = failedForm(result);
  return (
    <>
      <SectionNotices result={result} />
      <CaseParties file={c.file} failed={failed} />
      <CasePeople
        parties={c.people.parties}
        persons={c.people.persons}
        failed={failed}
        conflict={result?.kind === "contactConflict" ? result.conflict : undefined}
      />
    </>
  );
}
