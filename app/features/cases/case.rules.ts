/**
 * The steps of a mediation case as a pure state machine (docs/domain.md, "The process").
 * `checkMove` decides whether a move may happen and, when not, names everything that is
 * missing at once; commands wrap it in I/O, pages show `availableMoves`.
 *
 * Moves and their conditions:
 * - advance: one step forward only; closing may skip aftercare (closing → closed).
 *   registered → taken_up: always (the intake desk takes up).
 *   → first_conversation: a mediator assigned and the no-conflict-of-interest declaration recorded.
 *   → approaching_other_party: first conversation held; the registrant consents to processing and to
 *     approaching the other party; the other party is known.
 *   → preparing: the other party consents to processing.
 *   → contact: expectations conversations with both; a form chosen; both consent to every chosen
 *     form; a risk assessment in RISK_REQUIRED_OFFENCES cases; never with a not-suitable conclusion.
 *   → closing: a contact moment recorded. closing → aftercare or closed: the outcome recorded.
 *   aftercare → closed: always.
 * - close_without_contact: from an open step before contact, or from contact while no contact
 *   moment is recorded; with a reason from NO_CONTACT_REASONS.
 * - withdraw: from any open step, to closed. reopen: a closed case, with a reason of 10–2000
 *   characters (trimmed).
 *
 * Rules decided where the brief was silent:
 * - Advancing re-checks the conditions of every step up to the target, as far as `contact`:
 *   a withdrawn consent anywhere blocks further progress towards contact. From `contact` on,
 *   each step checks only its own condition: closing and aftercare look back on contact that
 *   took place, and a later withdrawal must not keep a case from closing with its true outcome.
 * - A move that does not fit the current step (wrong step, wrong target, contact already held)
 *   is refused with that one structural code alone: its conditions would be meaningless.
 * - Reopening returns to `closedFrom` (or `taken_up` when unknown), but never to a step whose
 *   conditions no longer hold: it goes back to the furthest earlier step that may be entered.
 * - The other party can withdraw only once known (`other_party_unknown` otherwise).
 * - A party consents to a form when it is in `contactFormConsents`; an explicit `false` for the
 *   purpose `contact_form` withdraws them all.
 * - `availableMoves` checks without the reason the user has yet to give; `checkMove` checks it too.
 */

export const CASE_STEPS = [
  "registered",
  "taken_up",
  "first_conversation",
  "approaching_other_party",
  "preparing",
  "contact",
  "closing",
  "aftercare",
  "closed",
] as const;
export type CaseStep = (typeof CASE_STEPS)[number];
export const OPEN_STEPS = CASE_STEPS.filter((s) => s !== "closed") as Exclude<CaseStep, "closed">[];

export const CONTACT_FORMS = [
  "conversation",
  "letter_exchange",
  "shuttle",
  "video_message",
  "group_conference",
] as const;
export type ContactForm = (typeof CONTACT_FORMS)[number];

export const CONSENT_PURPOSES = [
  "processing",
  "approach_other_party",
  "share_information",
  "contact_form",
  "justice_feedback",
  "referrer_updates",
  "outcome_measurement",
  "outcome_in_case",
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** The reasons for no contact in docs/domain.md; the codes of list `no_contact_reason` (migration 0002). */
export const NO_CONTACT_REASONS = [
  "other_party_declines",
  "other_party_unreachable",
  "registrant_withdraws",
  "not_suitable",
  "no_contact_needed",
  "other",
] as const;
export type NoContactReason = (typeof NO_CONTACT_REASONS)[number];

/** Offence categories (codes of list `offence_category`) in which a risk assessment must precede contact. */
export const RISK_REQUIRED_OFFENCES = ["sexual_offence", "domestic_violence"] as const;

export const REOPEN_REASON_MIN = 10;
export const REOPEN_REASON_MAX = 2000;

export type PartyFacts = {
  known: boolean;
  expectationConversationHeld: boolean;
  /** true = given and not withdrawn; false = withdrawn (or refused); absent = never asked. */
  consents: Partial<Record<ConsentPurpose, boolean>>;
  /** The forms of contact this party consents to (given and not withdrawn). */
  contactFormConsents: ContactForm[];
};

export type RiskConclusion = "suitable" | "suitable_with_conditions" | "not_suitable";

/** Everything a decision about a move needs, as plain data. */
export type CaseFacts = {
  step: CaseStep;
  offenceCategory: string;
  mediatorCount: number;
  conflictOfInterestDeclared: boolean;
  /** The first conversation with the registrant. */
  firstConversationHeld: boolean;
  registrantSide: "victim" | "offender";
  parties: { registrant: PartyFacts; otherParty: PartyFacts | null };
  riskAssessment: { conclusion: RiskConclusion; date: string } | null;
  chosenForms: ContactForm[];
  /** Contact moments recorded: a conversation held, a letter passed on, a message carried, a video shown, a conference held. */
  contactActivities: number;
  outcomeRecorded: boolean;
  /** The step a closed case was closed from; null when unknown. */
  closedFrom: CaseStep | null;
};

export type WithdrawingParty = "registrant" | "other_party";

export type Move =
  | { kind: "advance"; to: CaseStep }
  | { kind: "close_without_contact"; reason: NoContactReason }
  | { kind: "withdraw"; party: WithdrawingParty }
  | { kind: "reopen"; reason: string };

/** What can be missing, in the stable order in which `checkMove` reports it. */
export const MISSING_CODES = [
  // The move does not fit the current step (or this machine): reported alone.
  "not_open", // the case is closed; only reopening applies
  "not_closed", // reopening needs a closed case
  "not_next_step", // advancing goes one step forward only (closing may skip aftercare)
  "contact_already_held", // closing without contact is impossible once contact took place
  "unknown_move", // a move kind this machine does not know
  "unknown_party", // the withdrawing party is neither registrant nor other_party
  // Conditions, in the order of the steps they guard.
  "mediator_not_assigned", // no mediator is assigned
  "conflict_of_interest_not_declared", // no recorded declaration of no conflict of interest
  "first_conversation_not_held", // the first conversation with the registrant has not taken place
  "registrant_consent_processing", // the registrant's consent to processing is not given (or withdrawn)
  "registrant_consent_approach", // the registrant's consent to approach the other party is not given (or withdrawn)
  "other_party_unknown", // the other party is not known
  "other_party_consent_processing", // the other party's consent to processing is not given (or withdrawn)
  "expectation_conversation_registrant", // no expectations conversation with the registrant
  "expectation_conversation_other_party", // no expectations conversation with the other party
  "no_contact_form_chosen", // no form of contact chosen
  "registrant_consent_contact_form", // the registrant does not consent to every chosen form
  "other_party_consent_contact_form", // the other party does not consent to every chosen form
  "risk_assessment_missing", // the offence requires a risk assessment and there is none
  "risk_assessment_not_suitable", // the risk assessment concluded: not suitable
  "no_contact_recorded", // no contact moment is recorded
  "outcome_not_recorded", // the outcome of the case is not recorded
  // Input given with the move.
  "reason_missing", // a reason is required
  "unknown_reason", // the no-contact reason is not one of NO_CONTACT_REASONS
  "reason_too_short", // the reopening reason is shorter than REOPEN_REASON_MIN (trimmed)
  "reason_too_long", // the reopening reason is longer than REOPEN_REASON_MAX (trimmed)
] as const;
export type Missing = (typeof MISSING_CODES)[number];

export type MoveCheck = { ok: true; to: CaseStep } | { ok: false; missing: Missing[] };

/** A move as the page offers it, before the user supplies a reason. */
export type MoveOption =
  | { kind: "advance"; to: CaseStep }
  | { kind: "close_without_contact" }
  | { kind: "withdraw"; party: WithdrawingParty }
  | { kind: "reopen" };
export type AvailableMove = { option: MoveOption; result: MoveCheck };

function stepIndex(step: CaseStep): number {
  return CASE_STEPS.indexOf(step);
}

function isOpen(step: CaseStep): boolean {
  return (OPEN_STEPS as readonly string[]).includes(step);
}

/** The step after `step` in the ordinary course; null after `closed` (or for an unknown step). */
export function nextStep(step: CaseStep): CaseStep | null {
  const i = stepIndex(step);
  return i >= 0 && i < CASE_STEPS.length - 1 ? (CASE_STEPS[i + 1] ?? null) : null;
}

/** Where advancing may go: the next step; from closing also straight to closed (aftercare is optional). */
function advanceTargets(step: CaseStep): CaseStep[] {
  const next = nextStep(step);
  if (next === null) return [];
  return step === "closing" ? [next, "closed"] : [next];
}

/** Which reason the page records when a party withdraws. */
export function withdrawalReason(party: WithdrawingParty): NoContactReason {
  return party === "registrant" ? "registrant_withdraws" : "other_party_declines";
}

function consented(party: PartyFacts | null, purpose: ConsentPurpose): boolean {
  return party?.consents?.[purpose] === true;
}

/** Every chosen form is among the party's form consents, unless the contact-form purpose as a whole was withdrawn. */
function consentsToForms(party: PartyFacts | null, forms: readonly ContactForm[]): boolean {
  if (party === null || party.consents?.contact_form === false) return false;
  const given = party.contactFormConsents ?? [];
  return forms.every((f) => given.includes(f));
}

/** The conditions of entering `step` itself, not those of the steps before it. */
function ownConditions(f: CaseFacts, step: CaseStep): Missing[] {
  const { registrant, otherParty } = f.parties;
  const m: Missing[] = [];
  switch (step) {
    case "first_conversation":
      // Assignment: at least one mediator, who declared no conflict of interest.
      if (!(f.mediatorCount >= 1)) m.push("mediator_not_assigned");
      if (!f.conflictOfInterestDeclared) m.push("conflict_of_interest_not_declared");
      break;
    case "approaching_other_party":
      // The mediator approaches someone known, on the registrant's behalf, with their consent.
      if (!f.firstConversationHeld) m.push("first_conversation_not_held");
      if (!consented(registrant, "processing")) m.push("registrant_consent_processing");
      if (!consented(registrant, "approach_other_party")) m.push("registrant_consent_approach");
      if (!(otherParty?.known === true)) m.push("other_party_unknown");
      break;
    case "preparing":
      if (!consented(otherParty, "processing")) m.push("other_party_consent_processing");
      break;
    case "contact": {
      // Both prepared, both consent to every chosen form, and risk assessed where required.
      if (!registrant.expectationConversationHeld) m.push("expectation_conversation_registrant");
      if (!(otherParty?.expectationConversationHeld === true)) m.push("expectation_conversation_other_party");
      const forms = f.chosenForms ?? [];
      if (forms.length === 0) m.push("no_contact_form_chosen");
      else {
        if (!consentsToForms(registrant, forms)) m.push("registrant_consent_contact_form");
        if (!consentsToForms(otherParty, forms)) m.push("other_party_consent_contact_form");
      }
      const riskRequired = (RISK_REQUIRED_OFFENCES as readonly string[]).includes(f.offenceCategory);
      if (riskRequired && f.riskAssessment == null) m.push("risk_assessment_missing");
      // A not-suitable conclusion blocks contact whatever the offence.
      if (f.riskAssessment?.conclusion === "not_suitable") m.push("risk_assessment_not_suitable");
      break;
    }
    case "closing":
      if (!(f.contactActivities >= 1)) m.push("no_contact_recorded");
      break;
    case "aftercare":
      if (!f.outcomeRecorded) m.push("outcome_not_recorded");
      break;
    default:
      // registered, taken_up (the intake desk takes up) and closed (guarded per source step) ask nothing.
      break;
  }
  return m;
}

/** The conditions of entering `step`: up to contact cumulative, so a withdrawal anywhere blocks progress. */
function entryConditions(f: CaseFacts, step: CaseStep): Missing[] {
  const i = stepIndex(step);
  if (i <= stepIndex("contact")) return CASE_STEPS.slice(0, i + 1).flatMap((s) => ownConditions(f, s));
  return ownConditions(f, step);
}

function inOrder(missing: Missing[]): Missing[] {
  return [...new Set(missing)].sort((a, b) => MISSING_CODES.indexOf(a) - MISSING_CODES.indexOf(b));
}

function result(to: CaseStep, missing: Missing[]): MoveCheck {
  return missing.length === 0 ? { ok: true, to } : { ok: false, missing: inOrder(missing) };
}

function refuse(code: Missing): MoveCheck {
  return { ok: false, missing: [code] };
}

function checkAdvance(f: CaseFacts, to: CaseStep): MoveCheck {
  if (!isOpen(f.step)) return refuse("not_open");
  if (!advanceTargets(f.step).includes(to)) return refuse("not_next_step");
  // closing → closed needs the outcome just like closing → aftercare; aftercare → closed needs nothing.
  if (to === "closed") return result(to, f.step === "closing" ? ownConditions(f, "aftercare") : []);
  return result(to, entryConditions(f, to));
}

/** Closing without contact fits every open step before contact, and contact itself while nothing was recorded. */
function closeWithoutContactFits(f: CaseFacts): Missing | null {
  if (!isOpen(f.step)) return "not_open";
  const i = stepIndex(f.step);
  const contact = stepIndex("contact");
  if (i > contact || (i === contact && f.contactActivities > 0)) return "contact_already_held";
  return null;
}

function reasonCodeProblems(reason: unknown): Missing[] {
  if (typeof reason !== "string" || reason.trim() === "") return ["reason_missing"];
  return (NO_CONTACT_REASONS as readonly string[]).includes(reason) ? [] : ["unknown_reason"];
}

function reopenReasonProblems(reason: unknown): Missing[] {
  const text = typeof reason === "string" ? reason.trim() : "";
  if (text === "") return ["reason_missing"];
  if (text.length < REOPEN_REASON_MIN) return ["reason_too_short"];
  if (text.length > REOPEN_REASON_MAX) return ["reason_too_long"];
  return [];
}

/**
 * Where reopening lands: back at `closedFrom` (taken_up when unknown), or, when that step's
 * conditions no longer hold (say a consent was withdrawn), the furthest earlier step that may be entered.
 */
function reopenTarget(f: CaseFacts): CaseStep {
  const from: CaseStep = f.closedFrom !== null && isOpen(f.closedFrom) ? f.closedFrom : "taken_up";
  for (let i = stepIndex(from); i > 0; i--) {
    const step = CASE_STEPS[i];
    if (step !== undefined && entryConditions(f, step).length === 0) return step;
  }
  return "registered";
}

/** The move's fit and conditions, without the reason the user still has to give. */
function checkOption(f: CaseFacts, option: MoveOption): MoveCheck {
  switch (option.kind) {
    case "advance":
      return checkAdvance(f, option.to);
    case "close_without_contact": {
      const misfit = closeWithoutContactFits(f);
      return misfit ? refuse(misfit) : { ok: true, to: "closed" };
    }
    case "withdraw":
      // Any party may stop at any moment; the other party only once known to us.
      if (!isOpen(f.step)) return refuse("not_open");
      if (option.party !== "registrant" && option.party !== "other_party") return refuse("unknown_party");
      return result(
        "closed",
        option.party === "other_party" && f.parties.otherParty?.known !== true ? ["other_party_unknown"] : [],
      );
    case "reopen":
      if (f.step !== "closed") return refuse("not_closed");
      return { ok: true, to: reopenTarget(f) };
    default:
      return refuse("unknown_move");
  }
}

const MISFITS: readonly Missing[] = [
  "not_open",
  "not_closed",
  "not_next_step",
  "contact_already_held",
  "unknown_move",
  "unknown_party",
];

/** Whether `move` may happen from `facts`; when not, everything that is missing, in MISSING_CODES order. */
export function checkMove(facts: CaseFacts, move: Move): MoveCheck {
  const base = checkOption(facts, move);
  // A move that does not fit is refused for that alone; otherwise problems with the reason join the conditions.
  if (!base.ok && base.missing.some((m) => MISFITS.includes(m))) return base;
  const input =
    move.kind === "close_without_contact"
      ? reasonCodeProblems(move.reason)
      : move.kind === "reopen"
        ? reopenReasonProblems(move.reason)
        : [];
  if (input.length === 0) return base;
  return { ok: false, missing: inOrder([...(base.ok ? [] : base.missing), ...input]) };
}

/**
 * The moves that fit the current step, each with its check (without the reason, which the page
 * asks for and `checkMove` validates on submit): advancing, closing without contact, either
 * party withdrawing; or, for a closed case, reopening.
 */
export function availableMoves(facts: CaseFacts): AvailableMove[] {
  const options: MoveOption[] = [];
  if (!isOpen(facts.step)) options.push({ kind: "reopen" });
  else {
    for (const to of advanceTargets(facts.step)) options.push({ kind: "advance", to });
    if (closeWithoutContactFits(facts) === null) options.push({ kind: "close_without_contact" });
    options.push({ kind: "withdraw", party: "registrant" }, { kind: "withdraw", party: "other_party" });
  }
  return options.map((option) => ({ option, result: checkOption(facts, option) }));
}

/** Why contact between the parties may not be recorded now. */
export type ContactRefusal = "not_in_contact_step" | "consent_missing";

/**
 * Contact between the parties (a letter, a message, a meeting) only in the step contact, and
 * only while both parties consent to that form of contact (a later withdrawal counts).
 */
export function checkContact(
  facts: Pick<CaseFacts, "step" | "parties">,
  form: ContactForm,
): { ok: true } | { ok: false; reason: ContactRefusal } {
  if (facts.step !== "contact") return { ok: false, reason: "not_in_contact_step" };
  const { registrant, otherParty } = facts.parties;
  if (!consentsToForms(registrant, [form]) || !consentsToForms(otherParty, [form]))
    return { ok: false, reason: "consent_missing" };
  return { ok: true };
}
