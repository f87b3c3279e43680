import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fact } from "../../testing/statistics-facts.ts";
import { computeFigures, type Fact, previousPeriod } from "./figures.rules.ts";

const YEAR_2025 = { from: "2025-01-01", to: "2025-12-31" };

const times = (n: number, f: Fact) => Array.from({ length: n }, () => f);

/**
 * A year whose true counts are known by construction: 10 registrations in 2025 (and 4 in 2024),
 * every one of them described below with what it must count as.
 */
const facts: Fact[] = [
  // Three cases with contact, closed in 2025: letter; letter and conversation; shuttle.
  fact({
    submitted_by: "referrer",
    referrer_type: "probation",
    registrant_side: "offender",
    registrant_role: "offender",
    received_on: "2025-01-10",
    taken_up_on: "2025-01-20",
    first_conversation_on: "2025-02-09",
    contact_on: "2025-04-10",
    closed_on: "2025-05-10",
    forms: ["letter_exchange"],
    both_agreed: true,
    lead_mediator_id: 7,
  }),
  fact({
    submitted_by: "referrer",
    referrer_type: "probation",
    registrant_side: "offender",
    registrant_role: "offender",
    offence_category: "sexual_offence",
    received_on: "2025-02-01",
    taken_up_on: "2025-02-11",
    first_conversation_on: "2025-03-03",
    contact_on: "2025-06-01",
    closed_on: "2025-07-01",
    forms: ["conversation", "letter_exchange"],
    both_agreed: true,
    lead_mediator_id: 7,
  }),
  fact({
    submitted_by: "referrer",
    referrer_type: "victim_support",
    received_on: "2025-03-01",
    taken_up_on: "2025-03-21",
    contact_on: "2025-05-01",
    closed_on: "2025-06-01",
    forms: ["shuttle"],
    both_agreed: true,
    lead_mediator_id: 8,
  }),
  // Three closed without contact: two declined (one after agreeing), one not suitable.
  fact({
    submitted_by: "referrer",
    referrer_type: "probation",
    registrant_side: "offender",
    registrant_role: "offender",
    offence_category: "sexual_offence",
    received_on: "2025-04-01",
    taken_up_on: "2025-04-11",
    closed_on: "2025-08-01",
    no_contact_reason: "other_party_declines",
    both_agreed: true,
    lead_mediator_id: 8,
  }),
  fact({
    submitted_by: "referrer",
    referrer_type: "probation",
    registrant_side: "offender",
    registrant_role: "offender",
    offence_category: "traffic",
    received_on: "2025-05-01",
    taken_up_on: "2025-05-11",
    closed_on: "2025-09-01",
    no_contact_reason: "other_party_declines",
    lead_mediator_id: 7,
  }),
  fact({
    submitted_by: "self",
    registrant_side: "offender",
    registrant_role: "offender",
    received_on: "2025-06-01",
    taken_up_on: "2025-06-11",
    closed_on: "2025-10-01",
    no_contact_reason: "not_suitable",
    lead_mediator_id: 7,
  }),
  // Two taken up and still open at the end of 2025.
  fact({
    submitted_by: "referrer",
    referrer_type: "victim_support",
    offence_category: "sexual_offence",
    received_on: "2025-11-01",
    taken_up_on: "2025-11-11",
    lead_mediator_id: 9,
  }),
  fact({
    submitted_by: "self",
    registrant_side: "offender",
    registrant_role: "relative",
    offence_category: "traffic",
    received_on: "2025-12-01",
    taken_up_on: "2025-12-11",
    lead_mediator_id: 9,
  }),
  // Two not taken up (yet).
  fact({ submitted_by: "self", received_on: "2025-12-20" }),
  fact({ submitted_by: "staff", registrant_side: "offender", registrant_role: "offender", received_on: "2025-12-30" }),
  // 2024: two sexual-offence and two violence registrations; one closed in 2025 with contact.
  ...times(2, fact({ received_on: "2024-05-01", offence_category: "sexual_offence" })),
  fact({ received_on: "2024-06-01" }),
  fact({
    received_on: "2024-10-01",
    taken_up_on: "2024-10-11",
    contact_on: "2025-01-15",
    closed_on: "2025-02-01",
    forms: ["video_message"],
    both_agreed: true,
    lead_mediator_id: 8,
  }),
  // Another region: never counted when region 1 is asked for.
  fact({
    region_id: 2,
    received_on: "2025-06-06",
    taken_up_on: "2025-06-07",
    closed_on: "2025-06-08",
    forms: ["group_conference"],
  }),
];

describe("the figures of a year with known counts", () => {
  const f = computeFigures(facts, YEAR_2025, 1);

  it("counts registrations received and taken up, against the year before", () => {
    expect([f.received, f.receivedPrevious, f.takenUp, f.takenUpPrevious]).toEqual([10, 4, 8, 1]);
    expect(f.previous).toEqual({ from: "2024-01-01", to: "2024-12-31" });
  });

  it("counts the channel, the referrer types, the initiative and the role", () => {
    expect(f.channel.rows).toEqual([
      { key: "referrer", count: 6, percent: 60 },
      { key: "self", count: 3, percent: 30 },
      { key: "staff", count: 1, percent: 10 },
    ]);
    expect(f.referrerType.rows).toEqual([
      { key: "probation", count: 4, percent: 67 },
      { key: "victim_support", count: 2, percent: 33 },
    ]);
    expect(f.initiative.rows).toEqual([
      { key: "victim", count: 3, percent: 30 },
      { key: "offender", count: 7, percent: 70 },
    ]);
    expect(f.role.rows.map((r) => [r.key, r.count])).toEqual([
      ["offender", 6],
      ["victim", 3],
      ["relative", 1],
    ]);
  });

  it("counts offences with their change, and the sexual offences on their own", () => {
    expect(f.offences.rows).toEqual([
      { key: "violence", count: 5, percent: 50, previous: 2, change: 150 },
      { key: "sexual_offence", count: 3, percent: 30, previous: 2, change: 50 },
      { key: "traffic", count: 2, percent: 20, previous: 0, change: null },
    ]);
    expect(f.sexualOffence).toMatchObject({ count: 3, percent: 30, previous: 2, change: 50 });
    // Sexual offences: 3 received, one with contact; 2 closed, one with contact; both agreed in both.
    expect(f.sexualOffence.contact).toEqual({
      received: { numerator: 1, denominator: 3, percent: 33 },
      closed: { numerator: 1, denominator: 2, percent: 50 },
      agreed: { numerator: 1, denominator: 2, percent: 50 },
    });
  });

  it("gives the contact rate with each of the three denominators", () => {
    // Received in 2025: 3 of 10 had contact. Closed in 2025: 7 (incl. one from 2024), 4 with
    // contact. Closed and both agreed: 5, of which 4 with contact.
    expect(f.contact.received).toEqual({ numerator: 3, denominator: 10, percent: 30 });
    expect(f.contact.closed).toEqual({ numerator: 4, denominator: 7, percent: 57 });
    expect(f.contact.agreed).toEqual({ numerator: 4, denominator: 5, percent: 80 });
    expect(f.contact.perOffence.find((o) => o.key === "traffic")?.rates.closed).toEqual({
      numerator: 0,
      denominator: 1,
      percent: 0,
    });
  });

  it("counts a case with several forms once for each form", () => {
    expect(f.forms.casesWithContact).toBe(4);
    expect(f.forms.rows).toEqual([
      { key: "conversation", count: 1, percent: 20 },
      { key: "letter_exchange", count: 2, percent: 40 },
      { key: "shuttle", count: 1, percent: 20 },
      { key: "video_message", count: 1, percent: 20 },
    ]);
    expect(f.forms.total).toBe(5);
  });

  it("counts the reasons for no contact, the durations, the mediators and the open cases", () => {
    expect(f.noContactReasons.rows).toEqual([
      { key: "other_party_declines", count: 2, percent: 67 },
      { key: "not_suitable", count: 1, percent: 33 },
    ]);
    // Received → taken up: 10, 10, 20, 10, 10, 10, 10, 10 days.
    expect(f.durations[0]).toEqual({ step: "taken_up", n: 8, median: 10, p90: 13 });
    // Received → first conversation: 30 and 30 days.
    expect(f.durations[1]).toEqual({ step: "first_conversation", n: 2, median: 30, p90: 30 });
    expect(f.durations[2]?.n).toBe(4);
    expect(f.durations[3]?.n).toBe(7);
    expect(f.perMediator).toEqual([
      { label: "1", count: 4 },
      { label: "2", count: 2 },
      { label: "3", count: 2 },
    ]);
    expect(f.openAtEnd).toBe(2);
  });
});

describe("figures on any generated data", () => {
  const date = fc
    .integer({ min: 0, max: 1000 })
    .map((d) => new Date(Date.UTC(2023, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
  const genFact = fc
    .record({
      received_on: date,
      submitted_by: fc.constantFrom("self", "referrer", "staff"),
      registrant_side: fc.constantFrom("victim", "offender", "unknown"),
      offence_category: fc.constantFrom("violence", "sexual_offence", "traffic"),
      forms: fc.subarray(["conversation", "letter_exchange", "shuttle"]),
      takenAfter: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
      closedAfter: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
      both_agreed: fc.boolean(),
      region_id: fc.constantFrom(1, 2),
    })
    .map((g) => {
      const plus = (from: string, n: number) =>
        new Date(Date.parse(`${from}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
      const taken = g.takenAfter === undefined ? null : plus(g.received_on, g.takenAfter);
      const closed = taken && g.closedAfter !== undefined ? plus(taken, g.closedAfter) : null;
      return fact({
        received_on: g.received_on,
        submitted_by: g.submitted_by,
        referrer_type: g.submitted_by === "referrer" ? "probation" : null,
        registrant_side: g.registrant_side,
        offence_category: g.offence_category,
        region_id: g.region_id,
        taken_up_on: taken,
        closed_on: closed,
        forms: closed ? g.forms : [],
        both_agreed: closed !== null && g.both_agreed,
        no_contact_reason: closed && g.forms.length === 0 ? "other" : null,
      });
    });

  it("agree with a plain recount, and every question's shares add up to 100", () => {
    fc.assert(
      fc.property(fc.array(genFact, { maxLength: 200 }), fc.constantFrom(undefined, 1), (generated, region) => {
        const f = computeFigures(generated, { from: "2024-01-01", to: "2024-12-31" }, region);
        const mine = generated.filter((g) => region === undefined || g.region_id === region);
        const received = mine.filter((g) => g.received_on.startsWith("2024"));
        expect(f.received).toBe(received.length);
        expect(f.contact.received.numerator).toBe(received.filter((g) => g.forms.length > 0).length);
        const closed = mine.filter((g) => g.closed_on?.startsWith("2024"));
        expect(f.contact.closed.denominator).toBe(closed.length);
        expect(f.contact.agreed.denominator).toBe(closed.filter((g) => g.both_agreed).length);
        for (const table of [f.channel, f.initiative, f.offences, f.forms, f.noContactReasons, f.referrerType]) {
          const sum = table.rows.reduce((a, r) => a + r.percent, 0);
          expect(sum).toBe(table.total > 0 ? 100 : 0);
          expect(table.rows.reduce((a, r) => a + r.count, 0)).toBe(table.total);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("compare with the same dates a year earlier, or as many years as a longer period needs", () => {
    expect(previousPeriod({ from: "2025-01-01", to: "2025-12-31" })).toEqual({ from: "2024-01-01", to: "2024-12-31" });
    expect(previousPeriod({ from: "2023-01-01", to: "2024-12-31" })).toEqual({ from: "2021-01-01", to: "2022-12-31" });
    // A quarter against the same quarter a year before, not the quarter just before.
    expect(previousPeriod({ from: "2025-01-01", to: "2025-03-31" })).toEqual({ from: "2024-01-01", to: "2024-03-31" });
    // A year from July: the year before it exactly, across 29 February.
    expect(previousPeriod({ from: "2024-07-01", to: "2025-06-30" })).toEqual({ from: "2023-07-01", to: "2024-06-30" });
    // February to its end, in and after a leap year.
    expect(previousPeriod({ from: "2025-02-01", to: "2025-02-28" })).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(previousPeriod({ from: "2024-02-01", to: "2024-02-29" })).toEqual({ from: "2023-02-01", to: "2023-02-28" });
    expect(previousPeriod({ from: "2024-03-15", to: "2025-04-30" })).toEqual({ from: "2022-03-15", to: "2023-04-30" });
  });
});
