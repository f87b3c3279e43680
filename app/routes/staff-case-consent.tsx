import { useActionData, useLoaderData } from "react-router";
import { getCaseFile } from "../features/cases/case.queries.server.ts";
import { loadSection, sectionAction } from "../features/cases/case-section.server.ts";
import { failedForm } from "../features/cases/case-sections.ts";
import { CaseConsents } from "../features/cases/components/case-file.tsx";
import { SectionNotices } from "../features/cases/components/section-notices.tsx";
import { consentIntents } from "../features/consent/consent.intents.server.ts";
import type { Route } from "./+types/staff-case-consent";

/** Consent: what each party consents to now (the latest record per purpose counts), and recording more. */
export async function loader(args: Route.LoaderArgs) {
  return loadSection(args, async ({ db, actor, found }) => {
    const file = await getCaseFile(db, actor, found.id);
    return {
      file: {
        ...file,
        activities: [],
        consents: file.consents.map((c) => ({ ...c, recorded_at: c.recorded_at.toISOString() })),
      },
    };
  });
}

export async function action(args: Route.ActionArgs) {
  return sectionAction(args, consentIntents);
}

export default function CaseConsentSection() {
  const c = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!c) return null;
  return (
    <>
      <SectionNotices result={result} />
      <CaseConsents file={c.file} failed={failedForm(result)} />
    </>
  );
}
