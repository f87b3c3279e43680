import { describe, expect, it } from "vitest";
import { justiceFeedbackMissing } from "./justice-feedback.rules.ts";

describe("justice feedback", () => {
  it("needs both parties' consent and a pending criminal case", () => {
    expect(
      justiceFeedbackMissing({ registrantConsent: true, otherPartyConsent: true, casePhase: "prosecution_pending" }),
    ).toEqual([]);
    expect(
      justiceFeedbackMissing({ registrantConsent: true, otherPartyConsent: true, casePhase: "investigation" }),
    ).toEqual([]);
    expect(
      justiceFeedbackMissing({ registrantConsent: true, otherPartyConsent: false, casePhase: "investigation" }),
    ).toEqual(["other_party_consent_justice_feedback"]);
    expect(
      justiceFeedbackMissing({ registrantConsent: false, otherPartyConsent: false, casePhase: "after_verdict" }),
    ).toEqual([
      "registrant_consent_justice_feedback",
      "other_party_consent_justice_feedback",
      "criminal_case_not_pending",
    ]);
    expect(justiceFeedbackMissing({ registrantConsent: true, otherPartyConsent: true, casePhase: null })).toEqual([
      "criminal_case_not_pending",
    ]);
  });
});
