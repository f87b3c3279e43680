import type { MessageKey } from "../../lib/i18n/i18n.ts";
import type { ContactConflict } from "../parties/components/case-people.tsx";

/**
 * The sections of a case, each a page of its own under /medewerkers/zaken/:id (so the back
 * button, bookmarks and a second tab work). The overview is the case's own address.
 */
export const CASE_SECTIONS = [
  { slug: "", label: "section.overview" },
  { slug: "partijen", label: "section.parties" },
  { slug: "instemming", label: "section.consent" },
  { slug: "activiteiten", label: "section.activities" },
  { slug: "risico", label: "section.risk" },
  { slug: "contact", label: "section.contact" },
  { slug: "terugkoppeling", label: "section.justice" },
  { slug: "afronding", label: "section.closing" },
  { slug: "bestanden", label: "section.files" },
  { slug: "tijdlijn", label: "section.timeline" },
] as const satisfies readonly { slug: string; label: MessageKey }[];

export type CaseSectionSlug = (typeof CASE_SECTIONS)[number]["slug"];

export function sectionPath(caseId: number, slug: CaseSectionSlug | "privacy" | "vragenlijsten"): string {
  return slug === "" ? `/medewerkers/zaken/${caseId}` : `/medewerkers/zaken/${caseId}/${slug}`;
}

/** Rows a section shows before the rest folds away ("show all"). */
export const SECTION_LIST_LIMIT = 10;

/**
 * What a section's action answers, one shape told apart by `kind`: saved; a form with fields
 * that need attention (what was typed comes back, so nothing is lost without JavaScript); a
 * refusal with its reason; a move refused for what is missing; a move that lost a race.
 */
export type SectionResult =
  | { kind: "saved" }
  | { kind: "moved"; to: string }
  | { kind: "fields"; intent: string; formId: string; fields: string[]; values: Record<string, string> }
  | { kind: "problem"; problem: string; intent: string; formId: string; values: Record<string, string> }
  | { kind: "missing"; missing: string[] }
  | { kind: "conflict"; by: string | null; at: string | null; step: string }
  | { kind: "contactConflict"; conflict: ContactConflict };

/** The form that came back with errors, as the section components read it. */
export function failedForm(result: SectionResult | undefined) {
  if (result?.kind === "fields") return result;
  if (result?.kind === "problem") return { ...result, fields: [] as string[] };
  return undefined;
}

/** Where a mediator records what a move still misses: the header links each missing item there. */
export const SECTION_OF_MISSING: Partial<Record<string, CaseSectionSlug>> = {
  first_conversation_not_held: "activiteiten",
  expectation_conversation_registrant: "activiteiten",
  expectation_conversation_other_party: "activiteiten",
  no_contact_recorded: "activiteiten",
  registrant_consent_processing: "instemming",
  registrant_consent_approach: "instemming",
  other_party_consent_processing: "instemming",
  registrant_consent_contact_form: "instemming",
  other_party_consent_contact_form: "instemming",
  other_party_unknown: "partijen",
  no_contact_form_chosen: "contact",
  risk_assessment_missing: "risico",
  risk_assessment_not_suitable: "risico",
  outcome_not_recorded: "afronding",
};
