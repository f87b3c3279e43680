import type { Fact } from "../features/statistics/figures.rules.ts";

/** A registration fact for the figures' tests: received in March 2025 by the person themselves, nothing else yet. */
export function fact(overrides: Partial<Fact>): Fact {
  return {
    received_on: "2025-03-01",
    taken_up_on: null,
    submitted_by: "self",
    referrer_type: null,
    registrant_side: "victim",
    registrant_role: "victim",
    offence_category: "violence",
    region_id: 1,
    first_conversation_on: null,
    contact_on: null,
    forms: [],
    both_agreed: false,
    closed_on: null,
    no_contact_reason: null,
    lead_mediator_id: null,
    ...overrides,
  };
}
