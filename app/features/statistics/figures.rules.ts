import { changePercent, largestRemainder, percentile, ratePercent } from "./rounding.ts";

/**
 * The annual figures (docs/domain.md "What the service counts"), computed from one row per
 * registration (the view `registration_fact`). Pure: the same facts always give the same
 * figures, and tests feed generated facts whose true counts are known.
 *
 * Definitions (each is also written next to its number on the page, key `stats.def.*`):
 * - received: registrations received in the period; taken up: taken up in the period.
 * - channel, referrer type, initiative (side) and role: of the registrations received.
 * - offences: of the registrations received, with the previous period for the change.
 * - contact: a registration led to contact when at least one contact moment was recorded. Three
 *   rates, each with its own denominator: (1) the registrations received in the period; (2) the
 *   cases closed in the period; (3) the cases closed in the period in which both parties had
 *   agreed to a form of contact at some time (imported ones only when the file says so). A
 *   registration linked to another registration's case shares that case's contact, forms and
 *   agreement (view registration_fact, migration 0021); it is never taken up or closed itself. Numerators are those of each denominator that had contact.
 * - forms: of the cases closed in the period with contact; a case that used several forms counts
 *   once for each, and the shares are of all forms counted.
 * - reasons for no contact: of the cases closed in the period without contact.
 * - durations: days from received to taken up, first conversation, first contact and closing,
 *   each for the registrations whose step fell in the period; median and 90th percentile
 *   (linear interpolation).
 * - cases per mediator: cases taken up in the period, by lead mediator.
 * - open caseload: cases taken up by the end of the period and not closed by then.
 */
export type Fact = {
  received_on: string;
  taken_up_on: string | null;
  submitted_by: string;
  referrer_type: string | null;
  registrant_side: string;
  registrant_role: string;
  offence_category: string;
  region_id: number | null;
  first_conversation_on: string | null;
  contact_on: string | null;
  forms: readonly string[];
  /** Null: not known (an imported registration whose file did not say); counts as not agreed. */
  both_agreed: boolean | null;
  closed_on: string | null;
  no_contact_reason: string | null;
  lead_mediator_id: number | null;
};

export type Period = { from: string; to: string };
export type Share = { key: string; count: number; percent: number };
export type ShareTable = { rows: Share[]; total: number };
export type Rate = { numerator: number; denominator: number; percent: number | null };
export type Rates = { received: Rate; closed: Rate; agreed: Rate };
export type Duration = {
  step: "taken_up" | "first_conversation" | "contact" | "closed";
  n: number;
  median: number | null;
  p90: number | null;
};

export type Figures = {
  period: Period;
  previous: Period;
  received: number;
  receivedPrevious: number;
  takenUp: number;
  takenUpPrevious: number;
  channel: ShareTable;
  referrerType: ShareTable;
  initiative: ShareTable;
  role: ShareTable;
  offences: { rows: (Share & { previous: number; change: number | null })[]; total: number };
  sexualOffence: { count: number; percent: number; previous: number; change: number | null; contact: Rates };
  contact: Rates & { perOffence: { key: string; rates: Rates }[] };
  forms: ShareTable & { casesWithContact: number };
  noContactReasons: ShareTable;
  durations: Duration[];
  perMediator: { label: string; count: number }[];
  openAtEnd: number;
};

export const FORM_ORDER = ["conversation", "letter_exchange", "shuttle", "video_message", "group_conference"];
export const SEXUAL_OFFENCE = "sexual_offence";

const within = (date: string | null, p: Period) => date !== null && date >= p.from && date <= p.to;

/** Counts per key with shares adding up to 100; keys in the given order first, then by count. */
export function shareTable(keys: readonly string[], order: readonly string[] = []): ShareTable {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return shareTableOfCounts(counts, order);
}

/** The same from counts per key (keys with 0 are left out, as they never occur among keys). */
export function shareTableOfCounts(counts: ReadonlyMap<string, number>, order: readonly string[] = []): ShareTable {
  const sorted = [...counts.entries()]
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => {
      const ia = order.indexOf(a);
      const ib = order.indexOf(b);
      if (ia !== -1 || ib !== -1) return (ia === -1 ? 1e9 : ia) - (ib === -1 ? 1e9 : ib);
      return y - x || a.localeCompare(b);
    });
  const percents = largestRemainder(sorted.map(([, n]) => n));
  return {
    rows: sorted.map(([key, count], i) => ({ key, count, percent: percents[i] ?? 0 })),
    total: sorted.reduce((sum, [, n]) => sum + n, 0),
  };
}

function rate(rows: readonly Fact[]): Rate {
  const numerator = rows.filter((f) => f.forms.length > 0).length;
  return { numerator, denominator: rows.length, percent: ratePercent(numerator, rows.length) };
}

function rates(received: readonly Fact[], closed: readonly Fact[]): Rates {
  return { received: rate(received), closed: rate(closed), agreed: rate(closed.filter((f) => f.both_agreed)) };
}

function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The same day N years earlier; the last day of a month stays the last day (29 February too). */
function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const lastDay = (year: number) => new Date(Date.UTC(year, m, 0)).getUTCDate();
  const day = d === lastDay(y) ? lastDay(y - years) : Math.min(d, lastDay(y - years));
  return `${y - years}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * The period the change is measured against: the same dates one year earlier (the previous
 * year for a year, the same quarter a year before for a quarter), or as many whole years earlier
 * as a longer period needs not to overlap itself (2020–2022 against 2017–2019).
 */
export function previousPeriod(p: Period): Period {
  let years = 1;
  while (yearsBefore(p.to, years) >= p.from) years++;
  return { from: yearsBefore(p.from, years), to: yearsBefore(p.to, years) };
}

/**
 * The offence table with the change on the period before, the sexual offences on their own, and
 * the contact rates per offence: shared by computeFigures and the counting path of
 * figures.counts.ts. An offence with registrations only in the period before still has its row
 * (0 now, the change −100%), so that the column of the period before adds up to its total; the
 * contact rates cover every offence with registrations received or cases closed in the period.
 */
export function offenceFigures(
  now: ShareTable,
  before: ReadonlyMap<string, number>,
  closedOffences: Iterable<string>,
  contactOf: (key: string) => Rates,
): Pick<Figures, "offences" | "sexualOffence"> & { perOffence: Figures["contact"]["perOffence"] } {
  const sexual = now.rows.find((r) => r.key === SEXUAL_OFFENCE);
  const sexualBefore = before.get(SEXUAL_OFFENCE) ?? 0;
  const current = new Set(now.rows.map((r) => r.key));
  const goneSince = [...before]
    .filter(([key, n]) => n > 0 && !current.has(key))
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([key]) => ({ key, count: 0, percent: 0 }));
  const rows = [...now.rows, ...goneSince];
  const closedOnly = [...new Set(closedOffences)].filter((key) => !current.has(key)).sort();
  return {
    offences: {
      total: now.total,
      rows: rows.map((r) => {
        const previous = before.get(r.key) ?? 0;
        return { ...r, previous, change: changePercent(r.count, previous) };
      }),
    },
    sexualOffence: {
      count: sexual?.count ?? 0,
      percent: sexual?.percent ?? 0,
      previous: sexualBefore,
      change: changePercent(sexual?.count ?? 0, sexualBefore),
      contact: contactOf(SEXUAL_OFFENCE),
    },
    perOffence: [...now.rows.map((r) => r.key), ...closedOnly].map((key) => ({ key, rates: contactOf(key) })),
  };
}

export function computeFigures(all: readonly Fact[], period: Period, regionId?: number): Figures {
  const facts = regionId === undefined ? all : all.filter((f) => f.region_id === regionId);
  const previous = previousPeriod(period);
  const received = facts.filter((f) => within(f.received_on, period));
  const receivedBefore = facts.filter((f) => within(f.received_on, previous));
  const takenUp = facts.filter((f) => within(f.taken_up_on, period));
  const closed = facts.filter((f) => within(f.closed_on, period));
  const withContact = closed.filter((f) => f.forms.length > 0);

  const offenceNow = shareTable(received.map((f) => f.offence_category));
  const offenceBefore = new Map(
    shareTable(receivedBefore.map((f) => f.offence_category)).rows.map((r) => [r.key, r.count]),
  );
  const ofOffence = (key: string) =>
    rates(
      received.filter((f) => f.offence_category === key),
      closed.filter((f) => f.offence_category === key),
    );

  const { perOffence, ...offences } = offenceFigures(
    offenceNow,
    offenceBefore,
    closed.map((f) => f.offence_category),
    ofOffence,
  );

  const duration = (step: Duration["step"], end: (f: Fact) => string | null): Duration => {
    const values = facts.filter((f) => within(end(f), period)).map((f) => days(f.received_on, end(f) as string));
    const median = percentile(values, 0.5);
    const p90 = percentile(values, 0.9);
    // Days with one decimal: enough for a median, and free of floating-point noise.
    const tenth = (x: number | undefined) => (x === undefined ? null : Math.round(x * 10) / 10);
    return { step, n: values.length, median: tenth(median), p90: tenth(p90) };
  };

  const mediatorCounts = new Map<number, number>();
  for (const f of takenUp)
    if (f.lead_mediator_id !== null)
      mediatorCounts.set(f.lead_mediator_id, (mediatorCounts.get(f.lead_mediator_id) ?? 0) + 1);

  return {
    period,
    previous,
    received: received.length,
    receivedPrevious: receivedBefore.length,
    takenUp: takenUp.length,
    takenUpPrevious: facts.filter((f) => within(f.taken_up_on, previous)).length,
    channel: shareTable(
      received.map((f) => f.submitted_by),
      ["referrer", "self", "staff"],
    ),
    referrerType: shareTable(
      received.filter((f) => f.submitted_by === "referrer").map((f) => f.referrer_type ?? "unknown"),
    ),
    initiative: shareTable(
      received.map((f) => f.registrant_side),
      ["victim", "offender", "unknown"],
    ),
    role: shareTable(received.map((f) => f.registrant_role)),
    ...offences,
    contact: { ...rates(received, closed), perOffence },
    forms: {
      ...shareTable(
        withContact.flatMap((f) => [...f.forms]),
        FORM_ORDER,
      ),
      casesWithContact: withContact.length,
    },
    noContactReasons: shareTable(
      closed.filter((f) => f.forms.length === 0).map((f) => f.no_contact_reason ?? "unknown"),
    ),
    durations: [
      duration("taken_up", (f) => f.taken_up_on),
      duration("first_conversation", (f) => f.first_conversation_on),
      duration("contact", (f) => f.contact_on),
      duration("closed", (f) => f.closed_on),
    ],
    perMediator: [...mediatorCounts.values()]
      .sort((a, b) => b - a)
      .map((count, i) => ({ label: String(i + 1), count })),
    openAtEnd: facts.filter(
      (f) => f.taken_up_on !== null && f.taken_up_on <= period.to && (f.closed_on === null || f.closed_on > period.to),
    ).length,
  };
}
