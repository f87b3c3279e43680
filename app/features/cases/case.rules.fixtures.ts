/** Test data for case.rules.test.ts: facts builders, the full step × move table, and arbitraries. */
import fc from "fast-check";
import {
  CASE_STEPS,
  type CaseFacts,
  type CaseStep,
  CONSENT_PURPOSES,
  CONTACT_FORMS,
  type ConsentPurpose,
  type ContactForm,
  type Missing,
  type Move,
  NO_CONTACT_REASONS,
  type PartyFacts,
} from "./case.rules.ts";

type Consents = PartyFacts["consents"];

export const VALID_REOPEN_REASON = "The registrant asked again after a year.";

function party(done: boolean, change: Partial<PartyFacts> = {}): PartyFacts {
  const base: PartyFacts = {
    known: done,
    expectationConversationHeld: done,
    consents: done ? { processing: true, approach_other_party: true, contact_form: true } : {},
    contactFormConsents: done ? ["letter_exchange", "conversation"] : [],
  };
  return { ...base, ...change, consents: { ...base.consents, ...change.consents } };
}

/** Changes to the facts; a party's changes are merged into it, consents one purpose at a time. */
export type FactChanges = Partial<Omit<CaseFacts, "parties">> & {
  registrant?: Partial<PartyFacts>;
  otherParty?: Partial<PartyFacts> | null;
};

/** A case at `step` in which everything any move asks for is done (a sexual-offence case, risk assessed). */
export function allDone(step: CaseStep, { registrant, otherParty, ...changes }: FactChanges = {}): CaseFacts {
  return {
    step,
    offenceCategory: "sexual_offence",
    mediatorCount: 1,
    conflictOfInterestDeclared: true,
    firstConversationHeld: true,
    registrantSide: "victim",
    parties: { registrant: party(true, registrant), otherParty: otherParty === null ? null : party(true, otherParty) },
    riskAssessment: { conclusion: "suitable", date: "2026-03-01" },
    chosenForms: ["letter_exchange"],
    contactActivities: 1,
    outcomeRecorded: true,
    closedFrom: step === "closed" ? "contact" : null,
    ...changes,
  };
}

/** A case at `step` in which nothing is done yet (a sexual-offence case, other party not known). */
export function nothingDone(step: CaseStep): CaseFacts {
  return {
    step,
    offenceCategory: "sexual_offence",
    mediatorCount: 0,
    conflictOfInterestDeclared: false,
    firstConversationHeld: false,
    registrantSide: "offender",
    parties: { registrant: party(false), otherParty: null },
    riskAssessment: null,
    chosenForms: [],
    contactActivities: 0,
    outcomeRecorded: false,
    closedFrom: null,
  };
}

/** Every move kind and advance target, each with valid input. */
export const MOVES = {
  "advance to registered": { kind: "advance", to: "registered" },
  "advance to taken_up": { kind: "advance", to: "taken_up" },
  "advance to first_conversation": { kind: "advance", to: "first_conversation" },
  "advance to approaching_other_party": { kind: "advance", to: "approaching_other_party" },
  "advance to preparing": { kind: "advance", to: "preparing" },
  "advance to contact": { kind: "advance", to: "contact" },
  "advance to closing": { kind: "advance", to: "closing" },
  "advance to aftercare": { kind: "advance", to: "aftercare" },
  "advance to closed": { kind: "advance", to: "closed" },
  "close without contact": { kind: "close_without_contact", reason: "other_party_declines" },
  "withdraw (registrant)": { kind: "withdraw", party: "registrant" },
  "withdraw (other party)": { kind: "withdraw", party: "other_party" },
  reopen: { kind: "reopen", reason: VALID_REOPEN_REASON },
} as const satisfies Record<string, Move>;
export type MoveLabel = keyof typeof MOVES;

/** An expected result: the step the move leads to, or exactly what is missing. */
export type Expected = CaseStep | Missing[];
/** [with everything done, with nothing done] */
type Row = Record<MoveLabel, [Expected, Expected]>;

const NN: Expected = ["not_next_step"];
const NO: Expected = ["not_open"];
const NC: Expected = ["not_closed"];
const HELD: Expected = ["contact_already_held"];
const ASSIGNMENT: Missing[] = ["mediator_not_assigned", "conflict_of_interest_not_declared"];
const APPROACH: Missing[] = [
  ...ASSIGNMENT,
  "first_conversation_not_held",
  "registrant_consent_processing",
  "registrant_consent_approach",
  "other_party_unknown",
];
const PREPARING: Missing[] = [...APPROACH, "other_party_consent_processing"];
const CONTACT: Missing[] = [
  ...PREPARING,
  "expectation_conversation_registrant",
  "expectation_conversation_other_party",
  "no_contact_form_chosen",
  "risk_assessment_missing",
];

/** The moves every open step refuses alike, and its exits; each step's row overrides what differs. */
function openRow(overrides: Partial<Row>): Row {
  return {
    "advance to registered": [NN, NN],
    "advance to taken_up": [NN, NN],
    "advance to first_conversation": [NN, NN],
    "advance to approaching_other_party": [NN, NN],
    "advance to preparing": [NN, NN],
    "advance to contact": [NN, NN],
    "advance to closing": [NN, NN],
    "advance to aftercare": [NN, NN],
    "advance to closed": [NN, NN],
    "close without contact": ["closed", "closed"],
    "withdraw (registrant)": ["closed", "closed"],
    "withdraw (other party)": ["closed", ["other_party_unknown"]],
    reopen: [NC, NC],
    ...overrides,
  };
}

/** Every step × every move: what happens with everything done, and with nothing done. */
export const TABLE: Record<CaseStep, Row> = {
  registered: openRow({ "advance to taken_up": ["taken_up", "taken_up"] }),
  taken_up: openRow({ "advance to first_conversation": ["first_conversation", ASSIGNMENT] }),
  first_conversation: openRow({ "advance to approaching_other_party": ["approaching_other_party", APPROACH] }),
  approaching_other_party: openRow({ "advance to preparing": ["preparing", PREPARING] }),
  preparing: openRow({ "advance to contact": ["contact", CONTACT] }),
  contact: openRow({
    "advance to closing": ["closing", ["no_contact_recorded"]],
    // Everything done includes a contact moment; with nothing done there is none yet.
    "close without contact": [HELD, "closed"],
  }),
  closing: openRow({
    "advance to aftercare": ["aftercare", ["outcome_not_recorded"]],
    "advance to closed": ["closed", ["outcome_not_recorded"]],
    "close without contact": [HELD, HELD],
  }),
  aftercare: openRow({
    "advance to closed": ["closed", "closed"],
    "close without contact": [HELD, HELD],
  }),
  closed: {
    "advance to registered": [NO, NO],
    "advance to taken_up": [NO, NO],
    "advance to first_conversation": [NO, NO],
    "advance to approaching_other_party": [NO, NO],
    "advance to preparing": [NO, NO],
    "advance to contact": [NO, NO],
    "advance to closing": [NO, NO],
    "advance to aftercare": [NO, NO],
    "advance to closed": [NO, NO],
    "close without contact": [NO, NO],
    "withdraw (registrant)": [NO, NO],
    "withdraw (other party)": [NO, NO],
    // Everything done: back where it was closed (contact); nothing known: back to taken up.
    reopen: ["contact", "taken_up"],
  },
};

const NOT_SUITABLE = { conclusion: "not_suitable", date: "2026-03-01" } as const;
const withdrawn = (side: "registrant" | "otherParty", purpose: ConsentPurpose): FactChanges => ({
  [side]: { consents: { [purpose]: false } },
});

export type ConditionCase = [name: string, change: FactChanges, result: Expected, to?: CaseStep];
/**
 * One condition at a time, per step: everything done but the change, then advancing to the next
 * step (or `to`) gives exactly the expected result.
 */
export const CONDITION_CASES: Partial<Record<CaseStep, ConditionCase[]>> = {
  taken_up: [
    ["no mediator assigned", { mediatorCount: 0 }, ["mediator_not_assigned"]],
    [
      "no conflict-of-interest declaration",
      { conflictOfInterestDeclared: false },
      ["conflict_of_interest_not_declared"],
    ],
  ],
  first_conversation: [
    ["the first conversation not held", { firstConversationHeld: false }, ["first_conversation_not_held"]],
    [
      "the registrant's processing consent withdrawn",
      withdrawn("registrant", "processing"),
      ["registrant_consent_processing"],
    ],
    [
      "the registrant never asked about approaching",
      { registrant: { consents: { approach_other_party: undefined } } },
      ["registrant_consent_approach"],
    ],
    ["the other party not on file", { otherParty: null }, ["other_party_unknown"]],
    ["the other party on file but not known", { otherParty: { known: false } }, ["other_party_unknown"]],
  ],
  approaching_other_party: [
    [
      "the other party's processing consent withdrawn",
      withdrawn("otherParty", "processing"),
      ["other_party_consent_processing"],
    ],
    // The brief's example: the registrant withdraws while the other party is being approached.
    [
      "the registrant's approach consent withdrawn",
      withdrawn("registrant", "approach_other_party"),
      ["registrant_consent_approach"],
    ],
    ["the mediator unassigned", { mediatorCount: 0 }, ["mediator_not_assigned"]],
  ],
  preparing: [
    [
      "no expectations conversation with the registrant",
      { registrant: { expectationConversationHeld: false } },
      ["expectation_conversation_registrant"],
    ],
    [
      "no expectations conversation with the other party",
      { otherParty: { expectationConversationHeld: false } },
      ["expectation_conversation_other_party"],
    ],
    ["no form chosen", { chosenForms: [] }, ["no_contact_form_chosen"]],
    [
      "the registrant consenting to one of two chosen forms",
      { chosenForms: ["letter_exchange", "conversation"], registrant: { contactFormConsents: ["conversation"] } },
      ["registrant_consent_contact_form"],
    ],
    [
      "a chosen form neither party consents to",
      { chosenForms: ["letter_exchange", "shuttle"] },
      ["registrant_consent_contact_form", "other_party_consent_contact_form"],
    ],
    [
      "the other party consenting to no form",
      { otherParty: { contactFormConsents: [] } },
      ["other_party_consent_contact_form"],
    ],
    [
      "the other party's contact-form consent withdrawn as a whole",
      withdrawn("otherParty", "contact_form"),
      ["other_party_consent_contact_form"],
    ],
    [
      "the registrant's approach consent withdrawn",
      withdrawn("registrant", "approach_other_party"),
      ["registrant_consent_approach"],
    ],
    [
      "the other party's processing consent withdrawn",
      withdrawn("otherParty", "processing"),
      ["other_party_consent_processing"],
    ],
    ["a sexual-offence case not risk-assessed", { riskAssessment: null }, ["risk_assessment_missing"]],
    [
      "a domestic-violence case not risk-assessed",
      { offenceCategory: "domestic_violence", riskAssessment: null },
      ["risk_assessment_missing"],
    ],
    ["a sexual-offence case assessed not suitable", { riskAssessment: NOT_SUITABLE }, ["risk_assessment_not_suitable"]],
    [
      "a traffic case assessed not suitable",
      { offenceCategory: "traffic", riskAssessment: NOT_SUITABLE },
      ["risk_assessment_not_suitable"],
    ],
    ["a violence case not risk-assessed", { offenceCategory: "violence", riskAssessment: null }, "contact"],
    [
      "a sexual-offence case suitable with conditions",
      { riskAssessment: { conclusion: "suitable_with_conditions", date: "2026-03-01" } },
      "contact",
    ],
  ],
  contact: [
    ["no contact moment recorded", { contactActivities: 0 }, ["no_contact_recorded"]],
    [
      "consents withdrawn after contact took place",
      { ...withdrawn("registrant", "approach_other_party"), otherParty: { contactFormConsents: [] } },
      "closing",
    ],
  ],
  closing: [
    ["the outcome not recorded", { outcomeRecorded: false }, ["outcome_not_recorded"]],
    ["the outcome not recorded", { outcomeRecorded: false }, ["outcome_not_recorded"], "closed"],
  ],
};

// Arbitraries for the property checks, biased towards work done so that later steps are reached.

const stepArb = fc.constantFrom(...CASE_STEPS);
const likely = fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 });
const consentArb = fc.oneof(
  { arbitrary: fc.constant(true), weight: 6 },
  { arbitrary: fc.constant(false), weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);
const consentsArb = fc.record(
  Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, consentArb])) as Record<ConsentPurpose, typeof consentArb>,
);
const formConsentsArb = fc.oneof(
  { arbitrary: fc.constant<ContactForm[]>([...CONTACT_FORMS]), weight: 3 },
  { arbitrary: fc.subarray([...CONTACT_FORMS]), weight: 2 },
);
const chosenFormsArb = fc.subarray([...CONTACT_FORMS], { maxLength: 2 });
const partyArb: fc.Arbitrary<PartyFacts> = fc.record({
  known: likely,
  expectationConversationHeld: likely,
  consents: consentsArb,
  contactFormConsents: formConsentsArb,
});
const riskArb = fc.option(
  fc.record({
    conclusion: fc.constantFrom("suitable", "suitable_with_conditions", "not_suitable"),
    date: fc.constant("2026-01-01"),
  }),
  { nil: null, freq: 3 },
);

export const factsArb: fc.Arbitrary<CaseFacts> = fc.record({
  step: stepArb,
  offenceCategory: fc.constantFrom("sexual_offence", "domestic_violence", "violence", "traffic", "other", ""),
  mediatorCount: fc.integer({ min: 0, max: 2 }),
  conflictOfInterestDeclared: likely,
  firstConversationHeld: likely,
  registrantSide: fc.constantFrom("victim", "offender"),
  parties: fc.record({ registrant: partyArb, otherParty: fc.option(partyArb, { nil: null, freq: 8 }) }),
  riskAssessment: riskArb,
  chosenForms: chosenFormsArb,
  contactActivities: fc.integer({ min: 0, max: 3 }),
  outcomeRecorded: likely,
  closedFrom: fc.option(stepArb, { nil: null }),
});

/** Moves with valid and invalid input alike (reasons of any kind, unknown parties and kinds). */
export const moveArb: fc.Arbitrary<Move> = fc.oneof(
  stepArb.map((to): Move => ({ kind: "advance", to })),
  fc
    .oneof(fc.constantFrom(...NO_CONTACT_REASONS), fc.string({ maxLength: 12 }))
    .map((reason) => ({ kind: "close_without_contact", reason }) as Move),
  fc.constantFrom("registrant", "other_party", "someone").map((party) => ({ kind: "withdraw", party }) as Move),
  fc
    .oneof(
      fc.constant(VALID_REOPEN_REASON),
      fc.string({ maxLength: 30 }),
      fc.string({ minLength: 1990, maxLength: 2010 }),
    )
    .map((reason): Move => ({ kind: "reopen", reason })),
  fc.constant({ kind: "jump" } as unknown as Move),
);

/** One thing recorded or withdrawn between moves: a fact of the case, or of one party. */
export type Change =
  | { case: Omit<FactChanges, "step" | "closedFrom" | "registrant" | "otherParty"> }
  | { party: "registrant" | "otherParty"; change: Partial<PartyFacts> };

export const changeArb: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ case: fc.record({ mediatorCount: fc.integer({ min: 0, max: 2 }) }) }),
  fc.record({ case: fc.record({ conflictOfInterestDeclared: likely }) }),
  fc.record({ case: fc.record({ firstConversationHeld: likely }) }),
  fc.record({ case: fc.record({ riskAssessment: riskArb }) }),
  fc.record({ case: fc.record({ chosenForms: chosenFormsArb }) }),
  fc.record({ case: fc.record({ contactActivities: fc.integer({ min: 0, max: 2 }) }) }),
  fc.record({ case: fc.record({ outcomeRecorded: likely }) }),
  fc.record({
    party: fc.constantFrom("registrant", "otherParty"),
    change: fc.oneof(
      fc.record({ known: likely }),
      fc.record({ expectationConversationHeld: likely }),
      fc.record({
        consents: fc.dictionary(fc.constantFrom(...CONSENT_PURPOSES), consentArb) as fc.Arbitrary<Consents>,
      }),
      fc.record({ contactFormConsents: formConsentsArb }),
    ),
  }),
);

/** The facts after `change`; a change to an other party not yet on file puts them on file. */
export function applyChange(f: CaseFacts, change: Change): CaseFacts {
  if ("case" in change) return { ...f, ...change.case };
  const current = f.parties[change.party] ?? party(false);
  const consents = { ...current.consents, ...change.change.consents };
  return { ...f, parties: { ...f.parties, [change.party]: { ...current, ...change.change, consents } } };
}
