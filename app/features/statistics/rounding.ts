/**
 * Percentages that add up to 100 (largest-remainder method, also called Hamilton's method):
 * each share is first rounded down to a whole percent; the points still missing to reach 100
 * go, one each, to the shares with the largest remainders (ties: the larger count, then the
 * earlier position). With a total of 0 every share is 0.
 */
export function largestRemainder(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return counts.map(() => 0);
  // In whole numbers, so that equal remainders are equal (no floating-point noise in the ties).
  const floors = counts.map((n) => Math.floor((n * 100) / total));
  let missing = 100 - floors.reduce((sum, n) => sum + n, 0);
  const order = counts
    .map((n, index) => ({ index, remainder: (n * 100) % total, count: n }))
    .sort((a, b) => b.remainder - a.remainder || b.count - a.count || a.index - b.index);
  for (const { index } of order) {
    if (missing <= 0) break;
    floors[index] = (floors[index] ?? 0) + 1;
    missing--;
  }
  return floors;
}

/** A rate as a whole percent (half up); null when there is nothing to divide by. */
export function ratePercent(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator * 100) / denominator);
}

/** Change on the previous period as a whole percent; null when the previous count was 0. */
export function changePercent(current: number, previous: number): number | null {
  return previous === 0 ? null : Math.round(((current - previous) * 100) / previous);
}

/**
 * Percentile with linear interpolation between the nearest values (the definition of
 * PostgreSQL's percentile_cont); undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

/**
 * The same percentile from a histogram: [value, how many times] pairs, in any order. Gives
 * exactly what `percentile` gives on the values written out (the same interpolation).
 */
export function percentileOfHistogram(
  histogram: readonly (readonly [number, number])[],
  p: number,
): number | undefined {
  const sorted = histogram.filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const count = sorted.reduce((sum, [, n]) => sum + n, 0);
  if (count === 0) return undefined;
  const position = (count - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const at = (index: number) => {
    let seen = 0;
    for (const [value, n] of sorted) {
      seen += n;
      if (index < seen) return value;
    }
    throw new Error("percentile: index out of range");
  };
  const low = at(lower);
  const high = at(upper);
  return low + (high - low) * (position - lower);
}
