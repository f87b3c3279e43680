import type { Moment, Side } from "./outcome.rules.ts";

/**
 * "Helpt contact?": the change in each score from before contact to after and to follow-up,
 * for people whose case had contact and people whose case had none, and per form of contact,
 * with the mean change and its 95% confidence interval (Student's t), and the response rate at
 * each moment. Groups smaller than `minGroup` people are not shown. Pure: the facts come in,
 * numbers go out.
 */
export type OutcomeFactRow = {
  person: string;
  side: Side;
  hadContact: boolean;
  forms: readonly string[];
  moment: Moment;
  completed: boolean;
  questionId: number | null;
  score: number | null;
};

export type QuestionInfo = {
  id: number;
  questionnaireId: number;
  version: number;
  side: Side;
  position: number;
  code: string;
  better: "higher" | "lower";
};

export const COMPARISONS = ["after", "follow_up"] as const;
export type Comparison = (typeof COMPARISONS)[number];
export const FORM_GROUPS = ["conversation", "letter_exchange", "shuttle", "video_message", "group_conference"] as const;
export type Group = "contact" | "no_contact" | (typeof FORM_GROUPS)[number];
export const GROUPS: readonly Group[] = ["contact", "no_contact", ...FORM_GROUPS];

export type ChangeRow = {
  side: Side;
  questionId: number;
  questionnaireVersion: number;
  code: string;
  better: "higher" | "lower";
  comparison: Comparison;
  group: Group;
  /** Null when the group is too small to show. */
  n: number | null;
  mean: number | null;
  low: number | null;
  high: number | null;
};

export type ResponseRow = {
  side: Side;
  moment: Moment;
  invited: number | null;
  answered: number | null;
  /** Percentage answered, rounded; null when too small to show or nobody invited. */
  rate: number | null;
};

export type OutcomeFigures = { minGroup: number; changes: ChangeRow[]; responses: ResponseRow[] };

/** Mean, and the 95% confidence interval of the mean (t with n − 1 degrees of freedom). */
export function meanInterval(values: readonly number[]): { n: number; mean: number; low: number; high: number } {
  const n = values.length;
  if (n === 0) return { n, mean: Number.NaN, low: Number.NaN, high: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, low: Number.NaN, high: Number.NaN };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  const half = tQuantile(0.975, n - 1) * Math.sqrt(variance / n);
  return { n, mean, low: mean - half, high: mean + half };
}

/** The p-quantile of Student's t distribution with df degrees of freedom (bisection on the CDF). */
export function tQuantile(p: number, df: number): number {
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** P(T ≤ t) for Student's t with df degrees of freedom, through the regularised incomplete beta function. */
export function tCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  const tail = 0.5 * incompleteBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9).
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularised incomplete beta function I_x(a, b) (continued fraction, Lentz's method). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const tiny = 1e-300;
  let f = 1;
  let c = 1;
  let d = 0;
  for (let i = 0; i <= 400; i++) {
    const m = Math.floor(i / 2);
    let numerator: number;
    if (i === 0) numerator = 1;
    else if (i % 2 === 0) numerator = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    else numerator = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + numerator * d;
    if (Math.abs(d) < tiny) d = tiny;
    d = 1 / d;
    c = 1 + numerator / c;
    if (Math.abs(c) < tiny) c = tiny;
    const cd = c * d;
    f *= cd;
    if (Math.abs(1 - cd) < 1e-15) break;
  }
  return (front * (f - 1)) / a;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function inGroup(group: Group, hadContact: boolean, forms: readonly string[]): boolean {
  if (group === "contact") return hadContact;
  if (group === "no_contact") return !hadContact;
  return forms.includes(group);
}

/**
 * The figures from the facts of one cohort (the people whose case closed in the period).
 * Change = score at the later moment minus score before, per person who answered the question
 * at both moments (a skipped or "rather not say" answer leaves the person out of that question).
 */
export function computeOutcomeFigures(
  facts: readonly OutcomeFactRow[],
  questions: readonly QuestionInfo[],
  minGroup: number,
): OutcomeFigures {
  type Person = {
    side: Side;
    hadContact: boolean;
    forms: readonly string[];
    invited: Set<Moment>;
    answered: Set<Moment>;
    scores: Map<string, number>;
  };
  const people = new Map<string, Person>();
  for (const f of facts) {
    let p = people.get(f.person);
    if (!p) {
      p = {
        side: f.side,
        hadContact: f.hadContact,
        forms: f.forms,
        invited: new Set(),
        answered: new Set(),
        scores: new Map(),
      };
      people.set(f.person, p);
    }
    p.invited.add(f.moment);
    if (f.completed) p.answered.add(f.moment);
    if (f.completed && f.questionId !== null && f.score !== null) p.scores.set(`${f.moment}:${f.questionId}`, f.score);
  }
  const shown = (n: number) => n >= minGroup;

  const responses: ResponseRow[] = [];
  for (const side of ["victim", "offender"] as const) {
    for (const moment of ["before", "after", "follow_up"] as const) {
      let invited = 0;
      let answered = 0;
      for (const p of people.values()) {
        if (p.side !== side || !p.invited.has(moment)) continue;
        invited++;
        if (p.answered.has(moment)) answered++;
      }
      const ok = shown(invited);
      responses.push({
        side,
        moment,
        invited: ok ? invited : null,
        answered: ok ? answered : null,
        rate: ok && invited > 0 ? Math.round((answered / invited) * 100) : null,
      });
    }
  }

  const changes: ChangeRow[] = [];
  const ordered = [...questions].sort(
    (a, b) => a.side.localeCompare(b.side) * -1 || a.version - b.version || a.position - b.position,
  );
  for (const q of ordered) {
    for (const comparison of COMPARISONS) {
      for (const group of GROUPS) {
        const diffs: number[] = [];
        for (const p of people.values()) {
          if (p.side !== q.side || !inGroup(group, p.hadContact, p.forms)) continue;
          const before = p.scores.get(`before:${q.id}`);
          const later = p.scores.get(`${comparison}:${q.id}`);
          if (before !== undefined && later !== undefined) diffs.push(later - before);
        }
        const stats = meanInterval(diffs);
        const ok = shown(stats.n);
        changes.push({
          side: q.side,
          questionId: q.id,
          questionnaireVersion: q.version,
          code: q.code,
          better: q.better,
          comparison,
          group,
          n: ok ? stats.n : null,
          mean: ok ? round2(stats.mean) : null,
          low: ok ? round2(stats.low) : null,
          high: ok ? round2(stats.high) : null,
        });
      }
    }
  }
  return { minGroup, changes, responses };
}
