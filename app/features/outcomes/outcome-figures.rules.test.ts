import { describe, expect, it } from "vitest";
import {
  computeOutcomeFigures,
  meanInterval,
  type OutcomeFactRow,
  type QuestionInfo,
  tCdf,
  tQuantile,
} from "./outcome-figures.rules.ts";

/** A small seeded generator (mulberry32) and normal draws (Box–Muller), so runs repeat. */
function random(seed: number) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (mean: number, sd: number) =>
    mean + sd * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

describe("Student's t", () => {
  it("gives the textbook quantiles", () => {
    // Tables of t(0.975, df): 12.706, 4.303, 2.262, 2.045, 1.984; normal limit 1.960.
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.3027, 3);
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.2622, 3);
    expect(tQuantile(0.975, 29)).toBeCloseTo(2.0452, 3);
    expect(tQuantile(0.975, 100)).toBeCloseTo(1.984, 3);
    expect(tQuantile(0.975, 100000)).toBeCloseTo(1.96, 2);
    expect(tQuantile(0.025, 9)).toBeCloseTo(-2.2622, 3);
    expect(tCdf(0, 5)).toBeCloseTo(0.5, 10);
  });
});

describe("meanInterval", () => {
  it("computes the mean and the 95% interval of a known sample", () => {
    // 1..10: mean 5.5, s = 3.02765, se = 0.957427, t = 2.262157 → half width 2.16585.
    const r = meanInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.n).toBe(10);
    expect(r.mean).toBeCloseTo(5.5, 10);
    expect(r.low).toBeCloseTo(3.33415, 4);
    expect(r.high).toBeCloseTo(7.66585, 4);
  });

  it("covers the true mean about 95% of the time", () => {
    const { normal } = random(42);
    let covered = 0;
    const runs = 2000;
    for (let run = 0; run < runs; run++) {
      const sample = Array.from({ length: 12 }, () => normal(-1.5, 2));
      const r = meanInterval(sample);
      if (r.low <= -1.5 && -1.5 <= r.high) covered++;
    }
    // Binomial(2000, 0.95): sd ≈ 0.49 percentage points; 93.5–96.5% is three sd either side.
    expect(covered / runs).toBeGreaterThan(0.935);
    expect(covered / runs).toBeLessThan(0.965);
  });
});

const QUESTIONS: QuestionInfo[] = [
  { id: 1, questionnaireId: 1, version: 1, side: "victim", position: 1, code: "afraid", better: "lower" },
  { id: 2, questionnaireId: 1, version: 1, side: "victim", position: 2, code: "calm", better: "higher" },
  { id: 10, questionnaireId: 2, version: 1, side: "offender", position: 1, code: "guilt", better: "lower" },
];

/** People with a known change: fear drops by `drop` with contact and not at all without. */
function cohort(contact: number, noContact: number, drop: number): OutcomeFactRow[] {
  const rows: OutcomeFactRow[] = [];
  const person = (id: string, hadContact: boolean, before: number, after: number) => {
    const forms = hadContact ? ["letter_exchange"] : [];
    for (const [moment, score] of [
      ["before", before],
      ["after", after],
    ] as const) {
      rows.push({ person: id, side: "victim", hadContact, forms, moment, completed: true, questionId: 1, score });
    }
  };
  // Scores 6..9 before; the change is exactly -drop for every person with contact.
  for (let i = 0; i < contact; i++) person(`c${i}`, true, 6 + (i % 4), 6 + (i % 4) - drop);
  for (let i = 0; i < noContact; i++) person(`n${i}`, false, 6 + (i % 4), 6 + (i % 4));
  return rows;
}

describe("computeOutcomeFigures", () => {
  it("gives each group's mean change and hides groups under the minimum", () => {
    const f = computeOutcomeFigures(cohort(12, 9, 3), QUESTIONS, 10);
    const row = (group: string) =>
      f.changes.find((c) => c.questionId === 1 && c.comparison === "after" && c.group === group);
    expect(row("contact")).toMatchObject({ n: 12, mean: -3, low: -3, high: -3 });
    expect(row("letter_exchange")).toMatchObject({ n: 12, mean: -3 });
    // Nine people without contact: not shown at all, not even how many.
    expect(row("no_contact")).toMatchObject({ n: null, mean: null, low: null, high: null });
    expect(row("conversation")).toMatchObject({ n: null, mean: null });
    expect(f.responses.find((r) => r.side === "victim" && r.moment === "before")).toEqual({
      side: "victim",
      moment: "before",
      invited: 21,
      answered: 21,
      rate: 100,
    });
    // Nobody on the offender side: nothing shown.
    expect(f.responses.find((r) => r.side === "offender" && r.moment === "before")?.invited).toBeNull();
  });

  it("recovers generated true means within their intervals, and leaves out skipped and declined answers", () => {
    const { normal } = random(7);
    const rows: OutcomeFactRow[] = [];
    for (let i = 0; i < 400; i++) {
      const hadContact = i % 2 === 0;
      const trueChange = hadContact ? 2 : 0.5;
      const before = normal(4, 1.5);
      const after = before + normal(trueChange, 1);
      const base = { person: `p${i}`, side: "victim" as const, hadContact, forms: hadContact ? ["conversation"] : [] };
      rows.push({ ...base, moment: "before", completed: true, questionId: 2, score: before });
      // Every tenth person skipped the question afterwards; every tenth + 1 did not answer at all.
      if (i % 10 === 1) rows.push({ ...base, moment: "after", completed: false, questionId: null, score: null });
      else if (i % 10 === 3) rows.push({ ...base, moment: "after", completed: true, questionId: null, score: null });
      else rows.push({ ...base, moment: "after", completed: true, questionId: 2, score: after });
    }
    const f = computeOutcomeFigures(rows, QUESTIONS, 10);
    const contact = f.changes.find((c) => c.questionId === 2 && c.comparison === "after" && c.group === "contact");
    const none = f.changes.find((c) => c.questionId === 2 && c.comparison === "after" && c.group === "no_contact");
    // Those who skipped (i % 10 = 3) or did not answer (i % 10 = 1) are odd: all without contact.
    expect(contact?.n).toBe(200);
    expect(none?.n).toBe(200 - 80);
    expect(contact?.low ?? 99).toBeLessThanOrEqual(2);
    expect(contact?.high ?? -99).toBeGreaterThanOrEqual(2);
    expect(none?.low ?? 99).toBeLessThanOrEqual(0.5);
    expect(none?.high ?? -99).toBeGreaterThanOrEqual(0.5);
    const after = f.responses.find((r) => r.side === "victim" && r.moment === "after");
    expect(after).toMatchObject({ invited: 400, answered: 360, rate: 90 });
  });
});
