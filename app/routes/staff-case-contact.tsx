import { useActionData, useLoaderData } from "react-router";
import { getCaseFile } from "../features/cases/case.queries.server.ts";
import { loadSection, sectionAction } from "../features/cases/case-section.server.ts";
import { failedForm } from "../features/cases/case-sections.ts";
import { CaseChosenForms } from "../features/cases/components/case-file.tsx";
import { SectionNotices } from "../features/cases/components/section-notices.tsx";
import { CaseContact } from "../features/letters/components/case-contact.tsx";
import { contactIntents } from "../features/letters/contact.intents.server.ts";
import { getContactRecords } from "../features/letters/contact-forms.server.ts";
import { getPeople } from "../features/parties/people.server.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import type { Route } from "./+types/staff-case-contact";

/** Contact between the parties: the forms chosen, and the record of each (letters, messages, meetings). */
export async function loader(args: Route.LoaderArgs) {
  return loadSection(args, async ({ db, actor, found, config }) => {
    const [file, contact, people] = await Promise.all([
      getCaseFile(db, actor, found.id),
      getContactRecords(db, actor, found.id),
      getPeople(db, actor, found.id),
    ]);
    return {
      caseId: found.id,
      step: found.step,
      file: { ...file, consents: [], activities: [] },
      expectationHeld: file.activities
        .filter((a) => a.kind === "expectation_conversation" && a.party_id !== null)
        .map((a) => a.party_id as number),
      contact,
      people,
      mediators: found.assignments.map((a) => ({ id: a.user_id, name: a.display_name })),
      uploadMaxMb: Math.floor(config.uploadMaxBytes / (1024 * 1024)),
      today: todayInAmsterdam(new Date()),
    };
  });
}

export async function action(args: Route.ActionArgs) {
  return sectionAction(args, contactIntents);
}

export default function CaseContactSection() {
  const c = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!c) return null;
  const failed = failedForm(result);
  return (
    <>
      <SectionNotices result={result} uploadMaxMb={c.uploadMaxMb} />
      <CaseChosenForms file={c.file} failed={failed} />
      <CaseContact
        caseId={c.caseId}
        uploadMaxMb={c.uploadMaxMb}
        failed={failed}
        contact={c.contact}
        parties={c.people.parties}
        persons={c.people.persons}
        chosenForms={c.file.chosenForms}
        mediators={c.mediators}
        expectationHeld={c.expectationHeld}
        step={c.step}
        today={c.today}
      />
    </>
  );
}
