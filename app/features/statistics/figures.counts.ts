import {
  type Duration,
  type Figures,
  FORM_ORDER,
  offenceFigures,
  type Period,
  previousPeriod,
  type Rate,
  type Rates,
  shareTable,
} from "./figures.rules.ts";
import { percentile, ratePercent } from "./rounding.ts";

/**
 * The annual figures from counts instead of facts: the database groups the period's facts by
 * exactly what each figure looks at (`loadFigureCounts` in figures.server.ts), so that a year of
 * a large service is a few hundred groups instead of a hundred thousand rows. The result must be
 * the same, number for number, as `computeFigures` on the facts themselves (figures.rules.ts,
 * where the definitions live); statistics-performance.int.test.ts checks that on both backends.
 * Each group stands for `n` facts; the shares, rates and percentiles are computed by the same
 * functions as there, on the same keys and values.
 */
export type FigureCounts = {
  /** Received in the period, by what the received figures look at; `contact`: forms recorded. */
  received: {
    submitted_by: string;
    /** `referrer_type`, or "unknown" when empty. */
    referrer_type: string;
    registrant_side: string;
    registrant_role: string;
    offence_category: string;
    contact: boolean;
    n: number;
  }[];
  /** Received in the previous period, by offence. */
  receivedPrevious: { offence_category: string; n: number }[];
  /** Taken up in the period, by lead mediator (null: none). */
  takenUp: { lead_mediator_id: number | null; n: number }[];
  takenUpPrevious: number;
  /** Closed in the period; `forms` only with contact, `reason` ("unknown" when empty) only without. */
  closed: {
    offence_category: string;
    contact: boolean;
    both_agreed: boolean | null;
    reason: string | null;
    forms: string[] | null;
    n: number;
  }[];
  /** Per step: [days from received, number of registrations] for the steps in the period. */
  durations: Record<Duration["step"], [number, number][]>;
  openAtEnd: number;
};

type Counted = { n: number };

const total = (groups: readonly Counted[]) => groups.reduce((sum, g) => sum + g.n, 0);

/** Each group's key once per fact it stands for: what the facts would give to `shareTable`. */
function expand<G extends Counted, K>(groups: readonly G[], key: (g: G) => K): K[] {
  const keys: K[] = [];
  for (const g of groups) for (let i = 0; i < g.n; i++) keys.push(key(g));
  return keys;
}

function rate(groups: readonly (Counted & { contact: boolean })[]): Rate {
  const numerator = total(groups.filter((g) => g.contact));
  const denominator = total(groups);
  return { numerator, denominator, percent: ratePercent(numerator, denominator) };
}

function rates(received: FigureCounts["received"], closed: FigureCounts["closed"]): Rates {
  return { received: rate(received), closed: rate(closed), agreed: rate(closed.filter((g) => g.both_agreed)) };
}

export function figuresFromCounts(counts: FigureCounts, period: Period): Figures {
  const previous = previousPeriod(period);
  const { received, closed } = counts;
  const withContact = closed.filter((g) => g.contact);

  const offenceNow = shareTable(expand(received, (g) => g.offence_category));
  const offenceBefore = new Map(counts.receivedPrevious.map((g) => [g.offence_category, g.n]));
  const ofOffence = (key: string) =>
    rates(
      received.filter((g) => g.offence_category === key),
      closed.filter((g) => g.offence_category === key),
    );

  const { perOffence, ...offences } = offenceFigures(
    offenceNow,
    offenceBefore,
    closed.map((g) => g.offence_category),
    ofOffence,
  );

  const duration = (step: Duration["step"]): Duration => {
    const values = expand(
      counts.durations[step].map(([days, n]) => ({ days, n })),
      (g) => g.days,
    );
    const median = percentile(values, 0.5);
    const p90 = percentile(values, 0.9);
    const tenth = (x: number | undefined) => (x === undefined ? null : Math.round(x * 10) / 10);
    return { step, n: values.length, median: tenth(median), p90: tenth(p90) };
  };

  return {
    period,
    previous,
    received: total(received),
    receivedPrevious: total(counts.receivedPrevious),
    takenUp: total(counts.takenUp),
    takenUpPrevious: counts.takenUpPrevious,
    channel: shareTable(
      expand(received, (g) => g.submitted_by),
      ["referrer", "self", "staff"],
    ),
    referrerType: shareTable(
      expand(
        received.filter((g) => g.submitted_by === "referrer"),
        (g) => g.referrer_type,
      ),
    ),
    initiative: shareTable(
      expand(received, (g) => g.registrant_side),
      ["victim", "offender", "unknown"],
    ),
    role: shareTable(expand(received, (g) => g.registrant_role)),
    ...offences,
    contact: { ...rates(received, closed), perOffence },
    forms: {
      ...shareTable(expand(withContact, (g) => g.forms ?? []).flat(), FORM_ORDER),
      casesWithContact: total(withContact),
    },
    noContactReasons: shareTable(
      expand(
        closed.filter((g) => !g.contact),
        (g) => g.reason ?? "unknown",
      ),
    ),
    durations: [duration("taken_up"), duration("first_conversation"), duration("contact"), duration("closed")],
    perMediator: counts.takenUp
      .filter((g) => g.lead_mediator_id !== null)
      .map((g) => g.n)
      .sort((a, b) => b - a)
      .map((count, i) => ({ label: String(i + 1), count })),
    openAtEnd: counts.openAtEnd,
  };
}
