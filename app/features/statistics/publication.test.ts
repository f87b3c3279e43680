import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { suppressCounts } from "./publication.ts";

const hidden = { suppressed: "<5" };

describe("suppression of small counts in published figures", () => {
  it("hides counts from 1 to 4, and the smallest other count when only one was hidden", () => {
    // The 20 is hidden only to protect the 3: it shows as "x", not as "<5".
    expect(suppressCounts([60, 3, 20, 0], 83, 5)).toEqual({ cells: [60, hidden, { suppressed: "x" }, 0], total: 83 });
    expect(suppressCounts([60, 3, 2, 20], 85, 5)).toEqual({ cells: [60, hidden, hidden, 20], total: 85 });
    expect(suppressCounts([60, 20], 80, 5)).toEqual({ cells: [60, 20], total: 80 });
    expect(suppressCounts([3, 1], 4, 5)).toEqual({ cells: [hidden, hidden], total: hidden });
    expect(suppressCounts([9, 1], 10, 10)).toEqual({
      cells: [{ suppressed: "<10" }, { suppressed: "<10" }],
      total: 10,
    });
  });

  it("never shows a small count, and never leaves one hidden count that the total gives away", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(40), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 2, max: 10 }),
        (counts, t) => {
          const total = counts.reduce((a, b) => a + b, 0);
          const { cells, total: shownTotal } = suppressCounts(counts, total, t);
          cells.forEach((cell, i) => {
            if (typeof cell === "number") {
              expect(cell).toBe(counts[i]);
              expect(cell === 0 || cell >= t).toBe(true);
            }
          });
          const hiddenCount = cells.filter((c) => typeof c !== "number").length;
          if (typeof shownTotal === "number" && hiddenCount > 0) {
            // Either two or more are hidden, or the one hidden has no other non-zero cell to pair with
            // (then it equals the total minus zeros, and the total itself is not small).
            const others = counts.filter((c, i) => typeof cells[i] === "number" && c > 0).length;
            expect(hiddenCount >= 2 || others === 0).toBe(true);
          }
        },
      ),
    );
  });
});
