/**
 * Small counts in figures published outside the service (exports marked "publication"): a
 * count from 1 to threshold − 1 is shown as "<threshold" (default "<5"), and so is whatever
 * could reveal it.
 *
 * Rules:
 * - primary: every count from 1 to threshold − 1 is suppressed; 0 is shown (it reveals no one);
 * - secondary: when a table shows its total and exactly one of its counts is suppressed, the
 *   smallest other non-zero count is suppressed too (otherwise total minus the rest gives it
 *   away); when the total itself is small, every count in the table is suppressed;
 * - a suppressed count has no percentage; percentages of the other rows stay as computed
 *   (they are shares of the true total, so they cannot be added back into a suppressed count
 *   more precisely than the count itself);
 * - a rate whose numerator or denominator is suppressed shows no percentage.
 */
export type Cell = number | { suppressed: string };

export function isSmall(count: number, threshold: number): boolean {
  return count > 0 && count < threshold;
}

export function suppressedLabel(threshold: number): { suppressed: string } {
  return { suppressed: `<${threshold}` };
}

/** Counts of one table (with its total) as they may be published. */
export function suppressCounts(
  counts: readonly number[],
  total: number,
  threshold: number,
): { cells: Cell[]; total: Cell } {
  const label = suppressedLabel(threshold);
  if (isSmall(total, threshold)) return { cells: counts.map((c) => (c === 0 ? 0 : label)), total: label };
  const hidden = new Set(counts.flatMap((c, i) => (isSmall(c, threshold) ? [i] : [])));
  if (hidden.size === 1) {
    let smallest = -1;
    counts.forEach((c, i) => {
      if (!hidden.has(i) && c > 0 && (smallest === -1 || c < (counts[smallest] ?? 0))) smallest = i;
    });
    if (smallest !== -1) hidden.add(smallest);
  }
  return { cells: counts.map((c, i) => (hidden.has(i) ? label : c)), total };
}

export function cellText(cell: Cell): string {
  return typeof cell === "number" ? String(cell) : cell.suppressed;
}
