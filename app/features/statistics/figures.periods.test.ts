import { describe, expect, it } from "vitest";
import { splitPeriod } from "./figures.periods.ts";
import { percentile, percentileOfHistogram } from "./rounding.ts";

describe("splitPeriod", () => {
  it("cuts a period into days, months and years that cover it exactly once", () => {
    expect(splitPeriod({ from: "2025-01-01", to: "2025-12-31" })).toEqual({
      days: [],
      months: [],
      years: [["2025-01-01", "2026-01-01"]],
    });
    expect(splitPeriod({ from: "2024-03-15", to: "2024-09-30" })).toEqual({
      days: [["2024-03-15", "2024-03-31"]],
      months: [["2024-04-01", "2024-10-01"]],
      years: [],
    });
    expect(splitPeriod({ from: "2016-01-15", to: "2019-11-14" })).toEqual({
      days: [
        ["2016-01-15", "2016-01-31"],
        ["2019-11-01", "2019-11-14"],
      ],
      months: [
        ["2016-02-01", "2017-01-01"],
        ["2019-01-01", "2019-11-01"],
      ],
      years: [["2017-01-01", "2019-01-01"]],
    });
    expect(splitPeriod({ from: "2020-02-02", to: "2020-02-28" })).toEqual({
      days: [["2020-02-02", "2020-02-28"]],
      months: [],
      years: [],
    });
    expect(splitPeriod({ from: "2020-02-01", to: "2020-02-29" }).months).toEqual([["2020-02-01", "2020-03-01"]]);
    expect(splitPeriod({ from: "0001-01-01", to: "2026-06-30" })).toEqual({
      days: [],
      months: [["2026-01-01", "2026-07-01"]],
      years: [["0001-01-01", "2026-01-01"]],
    });
  });

  it("covers every day of random periods exactly once", () => {
    const day = (n: number) => new Date(Date.UTC(2015, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 300; i++) {
      const a = Math.floor(Math.random() * 2000);
      const from = day(a);
      const to = day(a + Math.floor(Math.random() * 900));
      const parts = splitPeriod({ from, to });
      const covered: string[] = [];
      for (const [d1, d2] of parts.days)
        for (let d = d1; d <= d2; d = day((Date.parse(d) - Date.UTC(2015, 0, 1)) / 86_400_000 + 1)) covered.push(d);
      for (const [m1, m2] of [...parts.months, ...parts.years])
        for (let d = m1; d < m2; d = day((Date.parse(d) - Date.UTC(2015, 0, 1)) / 86_400_000 + 1)) covered.push(d);
      covered.sort();
      const expected: string[] = [];
      for (let d = from; d <= to; d = day((Date.parse(d) - Date.UTC(2015, 0, 1)) / 86_400_000 + 1)) expected.push(d);
      expect(covered, `${from}…${to}`).toEqual(expected);
    }
  });
});

describe("percentileOfHistogram", () => {
  it("equals the percentile of the values written out", () => {
    for (let i = 0; i < 200; i++) {
      const values = Array.from({ length: 1 + Math.floor(Math.random() * 60) }, () => Math.floor(Math.random() * 30));
      const histogram = new Map<number, number>();
      for (const v of values) histogram.set(v, (histogram.get(v) ?? 0) + 1);
      for (const p of [0, 0.5, 0.9, 1])
        expect(percentileOfHistogram([...histogram.entries()], p)).toBe(percentile(values, p));
    }
    expect(percentileOfHistogram([], 0.5)).toBeUndefined();
  });
});
