import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changePercent, largestRemainder, percentile, ratePercent } from "./rounding.ts";

describe("largest remainder", () => {
  it("gives the remaining points to the largest remainders", () => {
    expect(largestRemainder([1, 1, 1])).toEqual([34, 33, 33]);
    expect(largestRemainder([2, 1])).toEqual([67, 33]);
    // Three equal remainders of a third: the larger counts get the points (not floating-point noise).
    expect(largestRemainder([1, 4, 295])).toEqual([0, 1, 99]);
    expect(largestRemainder([1, 0, 6])).toEqual([14, 0, 86]);
    expect(largestRemainder([0, 0])).toEqual([0, 0]);
    expect(largestRemainder([5])).toEqual([100]);
  });

  it("always adds up to 100, each share less than one point from its exact value", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(100_000), { minLength: 1, maxLength: 30 }), (counts) => {
        const total = counts.reduce((a, b) => a + b, 0);
        fc.pre(total > 0);
        const shares = largestRemainder(counts);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(100);
        shares.forEach((share, i) => {
          expect(Math.abs(share - ((counts[i] ?? 0) * 100) / total)).toBeLessThan(1);
          if (counts[i] === 0) expect(share).toBe(0);
        });
      }),
    );
  });
});

describe("rates, changes and percentiles", () => {
  it("rounds half up and says when there is nothing to divide by", () => {
    expect(ratePercent(1, 8)).toBe(13);
    expect(ratePercent(0, 0)).toBeNull();
    expect(changePercent(15, 10)).toBe(50);
    expect(changePercent(3, 0)).toBeNull();
  });
  it("interpolates between the nearest values, like percentile_cont", () => {
    expect(percentile([], 0.5)).toBeUndefined();
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(91);
  });
});
