import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allDone,
  applyChange,
  CONDITION_CASES,
  type ConditionCase,
  changeArb,
  type Expected,
  type FactChanges,
  factsArb,
  MOVES,
  type MoveLabel,
  moveArb,
  nothingDone,
  TABLE,
  VALID_REOPEN_REASON,
} from "./case.rules.fixtures.ts";
import {
  availableMoves,
  CASE_STEPS,
  type CaseFacts,
  type CaseStep,
  CONTACT_FORMS,
  checkContact,
  checkMove,
  MISSING_CODES,
  type Move,
  type MoveCheck,
  NO_CONTACT_REASONS,
  nextStep,
  OPEN_STEPS,
  RISK_REQUIRED_OFFENCES,
  withdrawalReason,
} from "./case.rules.ts";

function expected(e: Expected): MoveCheck {
  return typeof e === "string" ? { ok: true, to: e } : { ok: false, missing: e };
}

function describeExpected(e: Expected): string {
  return typeof e === "string" ? `leads to ${e}` : `is refused: ${e.join(", ")}`;
}

const advance = (to: CaseStep): Move => ({ kind: "advance", to });
const reopen = (reason: string): Move => ({ kind: "reopen", reason });

describe("every step × every move", () => {
  for (const step of CASE_STEPS) {
    for (const label of Object.keys(MOVES) as MoveLabel[]) {
      const [withAll, withNothing] = TABLE[step][label];
      it(`from ${step}, ${label} with everything done ${describeExpected(withAll)}`, () => {
        expect(checkMove(allDone(step), MOVES[label])).toEqual(expected(withAll));
      });
      it(`from ${step}, ${label} with nothing done ${describeExpected(withNothing)}`, () => {
        expect(checkMove(nothingDone(step), MOVES[label])).toEqual(expected(withNothing));
      });
    }
  }
});

describe("each condition on its own", () => {
  for (const [from, cases] of Object.entries(CONDITION_CASES) as [CaseStep, ConditionCase[]][]) {
    for (const [name, change, result, to = nextStep(from) as CaseStep] of cases) {
      it(`${from} → ${to} with ${name} ${describeExpected(result)}`, () => {
        expect(checkMove(allDone(from, change), advance(to))).toEqual(expected(result));
      });
    }
  }

  it("names everything missing at once, in the order of MISSING_CODES", () => {
    const facts = allDone("preparing", {
      mediatorCount: 0,
      chosenForms: ["group_conference"],
      riskAssessment: { conclusion: "not_suitable", date: "2026-03-01" },
      registrant: {
        expectationConversationHeld: false,
        consents: { processing: false, approach_other_party: undefined },
      },
    });
    expect(checkMove(facts, advance("contact"))).toEqual({
      ok: false,
      missing: [
        "mediator_not_assigned",
        "registrant_consent_processing",
        "registrant_consent_approach",
        "expectation_conversation_registrant",
        "registrant_consent_contact_form",
        "other_party_consent_contact_form",
        "risk_assessment_not_suitable",
      ],
    });
  });

  it("require a risk assessment exactly for the listed offences", () => {
    expect(RISK_REQUIRED_OFFENCES).toEqual(["sexual_offence", "domestic_violence"]);
  });
});

describe("closing without contact", () => {
  it.each(NO_CONTACT_REASONS)("accepts the reason %s", (reason) => {
    expect(checkMove(nothingDone("preparing"), { kind: "close_without_contact", reason })).toEqual({
      ok: true,
      to: "closed",
    });
  });

  it.each([
    ["an empty reason", "", ["reason_missing"]],
    ["a blank reason", "   ", ["reason_missing"]],
    ["an unknown reason code", "bored", ["unknown_reason"]],
  ])("refuses %s", (_name, reason, missing) => {
    const move = { kind: "close_without_contact", reason } as unknown as Move;
    expect(checkMove(allDone("approaching_other_party"), move)).toEqual({ ok: false, missing });
  });

  it("names only the misfit when the step does not allow it, whatever the reason", () => {
    const move = { kind: "close_without_contact", reason: "" } as unknown as Move;
    expect(checkMove(allDone("contact"), move)).toEqual({ ok: false, missing: ["contact_already_held"] });
    expect(checkMove(allDone("closed"), move)).toEqual({ ok: false, missing: ["not_open"] });
  });
});

describe("withdrawing", () => {
  it("records the reason the domain list (docs/domain.md) has for each party", () => {
    expect(withdrawalReason("registrant")).toBe("registrant_withdraws");
    expect(withdrawalReason("other_party")).toBe("other_party_declines");
  });

  it("refuses an unknown party", () => {
    const move = { kind: "withdraw", party: "referrer" } as unknown as Move;
    expect(checkMove(allDone("contact"), move)).toEqual({ ok: false, missing: ["unknown_party"] });
  });

  it("refuses the other party's withdrawal while the other party is not known", () => {
    const facts = allDone("preparing", { otherParty: { known: false } });
    expect(checkMove(facts, { kind: "withdraw", party: "other_party" })).toEqual({
      ok: false,
      missing: ["other_party_unknown"],
    });
  });
});

describe("reopening", () => {
  const closed = (closedFrom: CaseStep | null, changes: FactChanges = {}) =>
    allDone("closed", { closedFrom, ...changes });

  it.each([
    ["no reason", "", ["reason_missing"]],
    ["only spaces", "      \n   ", ["reason_missing"]],
    ["9 characters padded with spaces", "   123456789   ", ["reason_too_short"]],
    ["2001 characters", "x".repeat(2001), ["reason_too_long"]],
  ])("refuses %s", (_name, reason, missing) => {
    expect(checkMove(closed("preparing"), reopen(reason))).toEqual({ ok: false, missing });
  });

  it.each([
    ["10", "1234567890"],
    ["2000", "x".repeat(2000)],
  ])("accepts a reason of %s characters", (_n, reason) => {
    expect(checkMove(closed("preparing"), reopen(reason))).toEqual({ ok: true, to: "preparing" });
  });

  it("refuses an open case whatever the reason", () => {
    expect(checkMove(allDone("contact"), reopen(""))).toEqual({ ok: false, missing: ["not_closed"] });
  });

  it.each<[string, CaseFacts, CaseStep]>([
    ["the step it was closed from", closed("approaching_other_party"), "approaching_other_party"],
    ["registered when closed from there", closed("registered"), "registered"],
    ["aftercare when closed from there", closed("aftercare"), "aftercare"],
    ["taken up when the step is unknown", closed(null), "taken_up"],
    ["taken up when the recorded step is not an open step", closed("closed"), "taken_up"],
    [
      "first conversation when the registrant withdrew the approach consent",
      closed("approaching_other_party", { registrant: { consents: { approach_other_party: false } } }),
      "first_conversation",
    ],
    [
      "preparing when the other party no longer consents to the chosen form",
      closed("contact", { contactActivities: 0, otherParty: { contactFormConsents: [] } }),
      "preparing",
    ],
    [
      "approaching the other party when the other party withdrew the processing consent",
      closed("contact", { otherParty: { consents: { processing: false } } }),
      "approaching_other_party",
    ],
    ["taken up when no mediator is assigned any more", closed("preparing", { mediatorCount: 0 }), "taken_up"],
  ])("returns to %s", (_name, facts, to) => {
    expect(checkMove(facts, reopen(VALID_REOPEN_REASON))).toEqual({ ok: true, to });
  });
});

describe("nextStep", () => {
  it("follows the steps in order and ends at closed", () => {
    expect(CASE_STEPS.map(nextStep)).toEqual([...CASE_STEPS.slice(1), null]);
    expect(OPEN_STEPS).toEqual(CASE_STEPS.filter((s) => s !== "closed"));
  });
});

describe("availableMoves", () => {
  const optionsAt = (facts: CaseFacts) => availableMoves(facts).map((m) => m.option);

  it("offers advancing, closing without contact and withdrawing at an early step, with what is missing", () => {
    expect(availableMoves(nothingDone("taken_up"))).toEqual([
      {
        option: { kind: "advance", to: "first_conversation" },
        result: expected(TABLE.taken_up["advance to first_conversation"][1]),
      },
      { option: { kind: "close_without_contact" }, result: { ok: true, to: "closed" } },
      { option: { kind: "withdraw", party: "registrant" }, result: { ok: true, to: "closed" } },
      { option: { kind: "withdraw", party: "other_party" }, result: { ok: false, missing: ["other_party_unknown"] } },
    ]);
  });

  it("stops offering to close without contact once contact is recorded", () => {
    expect(optionsAt(allDone("contact", { contactActivities: 0 }))).toContainEqual({ kind: "close_without_contact" });
    expect(optionsAt(allDone("contact"))).not.toContainEqual({ kind: "close_without_contact" });
  });

  it("offers both exits from closing: aftercare or closed", () => {
    expect(optionsAt(allDone("closing"))).toEqual([
      { kind: "advance", to: "aftercare" },
      { kind: "advance", to: "closed" },
      { kind: "withdraw", party: "registrant" },
      { kind: "withdraw", party: "other_party" },
    ]);
  });

  it("offers only reopening for a closed case, showing where it goes", () => {
    expect(availableMoves(allDone("closed"))).toEqual([
      { option: { kind: "reopen" }, result: { ok: true, to: "contact" } },
    ]);
  });
});

/** The option as a move with valid input, as the page submits it. */
function asMove(option: ReturnType<typeof availableMoves>[number]["option"]): Move {
  if (option.kind === "close_without_contact") return { ...option, reason: "other" };
  if (option.kind === "reopen") return { ...option, reason: VALID_REOPEN_REASON };
  return option;
}

function contactAllowedBy(f: CaseFacts): boolean {
  const { registrant, otherParty } = f.parties;
  const riskRequired = (RISK_REQUIRED_OFFENCES as readonly string[]).includes(f.offenceCategory);
  return (
    f.chosenForms.length > 0 &&
    f.chosenForms.every(
      (form) => registrant.contactFormConsents.includes(form) && otherParty?.contactFormConsents.includes(form),
    ) &&
    f.riskAssessment?.conclusion !== "not_suitable" &&
    (!riskRequired || f.riskAssessment !== null)
  );
}

describe("properties", () => {
  it("never throws; a refusal always names something, without repeats, in MISSING_CODES order", () => {
    fc.assert(
      fc.property(factsArb, moveArb, (facts, move) => {
        const r = checkMove(facts, move);
        if (r.ok) return CASE_STEPS.includes(r.to);
        const order = r.missing.map((m) => MISSING_CODES.indexOf(m));
        return r.missing.length > 0 && order.every((i, k) => i >= 0 && (k === 0 || i > (order[k - 1] ?? -1)));
      }),
      { numRuns: 2000 },
    );
  });

  it("advances only to the next step, or from closing straight to closed", () => {
    fc.assert(
      fc.property(factsArb, moveArb, (facts, move) => {
        const r = checkMove(facts, move);
        if (!r.ok || move.kind !== "advance") return true;
        return r.to === nextStep(facts.step) || (facts.step === "closing" && r.to === "closed");
      }),
    );
  });

  it("enters contact only with both parties' consent to every chosen form, and never when not suitable", () => {
    let entered = 0;
    let refusedForForms = 0;
    fc.assert(
      fc.property(factsArb, (f) => {
        const facts = { ...f, step: "preparing" as const };
        const r = checkMove(facts, advance("contact"));
        if (r.ok) entered++;
        else if (r.missing.includes("other_party_consent_contact_form")) refusedForForms++;
        return !r.ok || contactAllowedBy(facts);
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: the generated facts reach both outcomes.
    expect(entered).toBeGreaterThan(10);
    expect(refusedForForms).toBeGreaterThan(10);
  });

  it("withdrawing a consent never allows a move that was refused", () => {
    fc.assert(
      fc.property(factsArb, moveArb, fc.boolean(), (facts, move, registrantSide) => {
        const side = registrantSide ? "registrant" : "otherParty";
        const p = facts.parties[side];
        if (p === null) return true;
        const consents = Object.fromEntries(Object.keys(p.consents).map((k) => [k, false]));
        const withdrawn = {
          ...facts,
          parties: { ...facts.parties, [side]: { ...p, consents, contactFormConsents: [] } },
        };
        return !checkMove(withdrawn, move).ok || checkMove(facts, move).ok;
      }),
    );
  });

  it("reopens only to a step that advancing could enter with the same facts, no later than where it was closed", () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const r = checkMove(facts, reopen(VALID_REOPEN_REASON));
        if (!r.ok || r.to === "registered") return true;
        const previous = CASE_STEPS[CASE_STEPS.indexOf(r.to) - 1] as CaseStep;
        const limit = facts.closedFrom && facts.closedFrom !== "closed" ? facts.closedFrom : "taken_up";
        return (
          checkMove({ ...facts, step: previous }, advance(r.to)).ok &&
          CASE_STEPS.indexOf(r.to) <= CASE_STEPS.indexOf(limit)
        );
      }),
    );
  });

  it("availableMoves agrees with checkMove for every option it offers", () => {
    fc.assert(
      fc.property(factsArb, (facts) =>
        availableMoves(facts).every((m) => {
          expect(checkMove(facts, asMove(m.option))).toEqual(m.result);
          return true;
        }),
      ),
    );
  });

  it("from any case reached by moves and changes, every move is decided and contact is entered only with consent", () => {
    const actionArb = fc.oneof(
      { arbitrary: changeArb.map((change) => ({ change })), weight: 2 },
      { arbitrary: fc.constant({ next: true }), weight: 4 },
      { arbitrary: moveArb.map((move) => ({ move })), weight: 1 },
    );
    let contactsEntered = 0;
    fc.assert(
      // Any facts can hold at registration: consents, mediators and the like are recorded at any time.
      fc.property(
        fc.oneof(fc.constant(allDone("registered")), factsArb),
        fc.array(actionArb, { minLength: 8, maxLength: 60 }),
        (start, actions) => {
          let facts: CaseFacts = { ...start, step: "registered", closedFrom: null };
          for (const action of actions) {
            if ("change" in action) {
              facts = applyChange(facts, action.change);
              continue;
            }
            const move = "move" in action ? action.move : advance(nextStep(facts.step) ?? "closed");
            const r = checkMove(facts, move);
            if (!r.ok) {
              expect(r.missing.length).toBeGreaterThan(0);
              continue;
            }
            if (r.to === "contact") {
              expect(contactAllowedBy(facts)).toBe(true);
              contactsEntered++;
            }
            facts = { ...facts, step: r.to, closedFrom: r.to === "closed" ? facts.step : facts.closedFrom };
          }
          expect(CASE_STEPS).toContain(facts.step);
        },
      ),
      { numRuns: 1000 },
    );
    // Not vacuous: many walks reach contact.
    expect(contactsEntered).toBeGreaterThan(50);
  });
});

/** Contact between the parties: only in the step contact, only while both consent to that form. */
describe("checkContact", () => {
  it("allows the chosen form in the step contact when both parties consent to it", () => {
    expect(checkContact(allDone("contact"), "letter_exchange")).toEqual({ ok: true });
  });

  it("refuses in every other step, whatever the consents", () => {
    for (const step of CASE_STEPS.filter((s) => s !== "contact"))
      expect(checkContact(allDone(step), "letter_exchange"), step).toEqual({
        ok: false,
        reason: "not_in_contact_step",
      });
  });

  it("refuses a form one of the parties has not consented to, or has withdrawn from", () => {
    for (const form of CONTACT_FORMS.filter((f) => f !== "letter_exchange" && f !== "conversation"))
      expect(checkContact(allDone("contact"), form), form).toEqual({ ok: false, reason: "consent_missing" });
    const withdrawn = allDone("contact", { otherParty: { contactFormConsents: [] } });
    expect(checkContact(withdrawn, "letter_exchange")).toEqual({ ok: false, reason: "consent_missing" });
    const registrantOnly = allDone("contact", { registrant: { contactFormConsents: ["shuttle"] } });
    expect(checkContact(registrantOnly, "letter_exchange")).toEqual({ ok: false, reason: "consent_missing" });
  });

  it("refuses while the other party is not known", () => {
    expect(checkContact(allDone("contact", { otherParty: null }), "letter_exchange")).toEqual({
      ok: false,
      reason: "consent_missing",
    });
  });

  it("refuses when the consent to contact forms as a whole was withdrawn", () => {
    const facts = allDone("contact", { registrant: { consents: { contact_form: false } } });
    expect(checkContact(facts, "letter_exchange")).toEqual({ ok: false, reason: "consent_missing" });
  });
});
