import {
  type Duration,
  type Figures,
  FORM_ORDER,
  offenceFigures,
  type Period,
  previousPeriod,
  type Rate,
  type Rates,
  shareTableOfCounts,
} from "./figures.rules.ts";
import { percentileOfHistogram, ratePercent } from "./rounding.ts";

/**
 * The annual figures from counts instead of facts: the database counts the period's facts by
 * each value a figure looks at (`loadFigureCounts` in figures.server.ts: whole months and years
 * from the rollup of migration 0036, the days of partial months from the facts), so that even
 * twenty years are a few thousand counts. The result must be the same, number for number, as
 * `computeFigures` on the facts themselves (figures.rules.ts, where the definitions live);
 * statistics-performance.int.test.ts and statistics-rollup.int.test.ts check that on both
 * backends. The shares, rates and percentiles are computed by the same functions as there.
 *
 * Every part is a list of [key, count]; the keys are those of `statistics_fact_parts` (0036).
 */
export type KeyCounts = [string[], number][];

export type FigureCounts = {
  /** Received in the period: by channel, referrer type (of referrers), side and role: [[value], n]. */
  channel: KeyCounts;
  referrer: KeyCounts;
  side: KeyCounts;
  role: KeyCounts;
  /** Received in the period by [offence, contact ("true"/"false")]. */
  offence: KeyCounts;
  /** Received in the previous period by [offence, contact]. */
  offencePrevious: KeyCounts;
  /** Taken up in the period by [lead mediator id, "" for none]. */
  takenUp: KeyCounts;
  takenUpPrevious: number;
  /** Closed in the period by [offence, contact, both agreed ("true"/"false"/"" unknown)]. */
  closed: KeyCounts;
  /** The forms of the cases closed with contact, once each: [[form], n]. */
  closedForms: KeyCounts;
  /** The reasons of the cases closed without contact: [[reason], n]. */
  closedReasons: KeyCounts;
  /** Per step: [[days from received], number of registrations] for the steps in the period. */
  durations: Record<Duration["step"], KeyCounts>;
  openAtEnd: number;
};

const total = (counts: KeyCounts) => counts.reduce((sum, [, n]) => sum + n, 0);

/** Counts per the key's first value (or the value `pick` takes). */
function byKey(counts: KeyCounts, pick: (key: string[]) => string = (key) => key[0] ?? ""): Map<string, number> {
  const map = new Map<string, number>();
  for (const [key, n] of counts) map.set(pick(key), (map.get(pick(key)) ?? 0) + n);
  return map;
}

/** Of [offence, contact, …] counts: those with contact over all. */
function rate(counts: KeyCounts): Rate {
  const numerator = total(counts.filter(([key]) => key[1] === "true"));
  const denominator = total(counts);
  return { numerator, denominator, percent: ratePercent(numerator, denominator) };
}

function rates(received: KeyCounts, closed: KeyCounts): Rates {
  return { received: rate(received), closed: rate(closed), agreed: rate(closed.filter(([key]) => key[2] === "true")) };
}

export function figuresFromCounts(counts: FigureCounts, period: Period): Figures {
  const previous = previousPeriod(period);
  const { offence, closed } = counts;
  const ofOffence = (key: string) =>
    rates(
      offence.filter(([k]) => k[0] === key),
      closed.filter(([k]) => k[0] === key),
    );
  const { perOffence, ...offences } = offenceFigures(
    shareTableOfCounts(byKey(offence)),
    byKey(counts.offencePrevious),
    closed.map(([key]) => key[0] ?? ""),
    ofOffence,
  );

  const duration = (step: Duration["step"]): Duration => {
    const histogram = counts.durations[step].map(([key, n]) => [Number(key[0]), n] as const);
    // Days with one decimal: enough for a median, and free of floating-point noise.
    const tenth = (x: number | undefined) => (x === undefined ? null : Math.round(x * 10) / 10);
    return {
      step,
      n: total(counts.durations[step]),
      median: tenth(percentileOfHistogram(histogram, 0.5)),
      p90: tenth(percentileOfHistogram(histogram, 0.9)),
    };
  };

  return {
    period,
    previous,
    received: total(offence),
    receivedPrevious: total(counts.offencePrevious),
    takenUp: total(counts.takenUp),
    takenUpPrevious: counts.takenUpPrevious,
    channel: shareTableOfCounts(byKey(counts.channel), ["referrer", "self", "staff"]),
    referrerType: shareTableOfCounts(byKey(counts.referrer)),
    initiative: shareTableOfCounts(byKey(counts.side), ["victim", "offender", "unknown"]),
    role: shareTableOfCounts(byKey(counts.role)),
    ...offences,
    contact: { ...rates(offence, closed), perOffence },
    forms: {
      ...shareTableOfCounts(byKey(counts.closedForms), FORM_ORDER),
      casesWithContact: total(closed.filter(([key]) => key[1] === "true")),
    },
    noContactReasons: shareTableOfCounts(byKey(counts.closedReasons)),
    durations: [duration("taken_up"), duration("first_conversation"), duration("contact"), duration("closed")],
    perMediator: counts.takenUp
      .filter(([key]) => key[0] !== "")
      .map(([, n]) => n)
      .sort((a, b) => b - a)
      .map((count, i) => ({ label: String(i + 1), count })),
    openAtEnd: counts.openAtEnd,
  };
}
