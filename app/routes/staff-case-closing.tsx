import { useActionData, useLoaderData } from "react-router";
import { getCaseFile, noContactReasons } from "../features/cases/case.queries.server.ts";
import { caseMovesForLoaders, loadSection, sectionAction } from "../features/cases/case-section.server.ts";
import { failedForm } from "../features/cases/case-sections.ts";
import { closingIntents, moveCaseIntent } from "../features/cases/closing.intents.server.ts";
import { CaseAgreements } from "../features/cases/components/case-closing.tsx";
import { CaseOutcome } from "../features/cases/components/case-file.tsx";
import { CaseMoves } from "../features/cases/components/case-moves.tsx";
import { SectionNotices } from "../features/cases/components/section-notices.tsx";
import type { Route } from "./+types/staff-case-closing";

/**
 * Closing: the outcome, what the parties agreed may be shared, the aftercare referral, and the
 * moves that close (or reopen) the case, so a mediator can finish the case on one page.
 */
export async function loader(args: Route.LoaderArgs) {
  return loadSection(args, async ({ db, actor, found, locale, context }) => {
    const [file, moves, reasons] = await Promise.all([
      getCaseFile(db, actor, found.id),
      caseMovesForLoaders(context, db, actor, found.id),
      noContactReasons(db, locale),
    ]);
    return {
      file: { ...file, consents: [], activities: [] },
      moves: moves?.moves ?? [],
      version: moves?.version ?? 0,
      reasons,
      sharedAgreement: found.shared_agreement,
      aftercareReferral: found.aftercare_referral,
    };
  });
}

/** The outcome and the agreements; a move (its forms send no intent). */
export async function action(args: Route.ActionArgs) {
  return sectionAction(args, closingIntents, moveCaseIntent);
}

export default function CaseClosingSection() {
  const c = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!c) return null;
  return (
    <>
      <SectionNotices result={result} />
      <CaseOutcome file={c.file} failed={failedForm(result)} />
      <CaseAgreements sharedAgreement={c.sharedAgreement} aftercareReferral={c.aftercareReferral} />
      <CaseMoves moves={c.moves} version={c.version} reasons={c.reasons} />
    </>
  );
}
