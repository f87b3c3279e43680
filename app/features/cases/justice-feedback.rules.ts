/**
 * Justice feedback to the prosecutor or judge (docs/domain.md, "Closing"): only when both parties
 * consented to it, and only while the criminal case is still pending.
 */
export const PENDING_PHASES = ["investigation", "prosecution_pending"] as const;

export type FeedbackMissing =
  | "registrant_consent_justice_feedback"
  | "other_party_consent_justice_feedback"
  | "criminal_case_not_pending";

export function justiceFeedbackMissing(input: {
  registrantConsent: boolean;
  otherPartyConsent: boolean;
  casePhase: string | null;
}): FeedbackMissing[] {
  const missing: FeedbackMissing[] = [];
  if (!input.registrantConsent) missing.push("registrant_consent_justice_feedback");
  if (!input.otherPartyConsent) missing.push("other_party_consent_justice_feedback");
  if (!(PENDING_PHASES as readonly string[]).includes(input.casePhase ?? "")) missing.push("criminal_case_not_pending");
  return missing;
}
