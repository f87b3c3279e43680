/**
 * Small counts in figures published outside the service (exports marked "publication"): a
 * count from 1 to threshold − 1 is shown as "<threshold" (default "<5"), and so is whatever
 * could reveal it.
 *
 * The figures are one set of linked tables: the same count appears in several tables (the
 * registrations received are the total of the channel, initiative, role and offence tables; the
 * cases closed split into those with and without contact, and the latter into reasons), and some
 * counts follow from others without being printed (the registrations without contact are the
 * received minus those with contact). Suppression therefore works on named quantities and the
 * relations between them (a total is the sum of its parts), for the whole set at once:
 * - primary: every count from 1 to threshold − 1 is hidden; 0 is shown (it reveals no one);
 * - secondary: as long as the numbers still shown, with the relations, determine a small count
 *   that is hidden or not printed (solved as a system of linear equations, not only one table
 *   at a time), one more shown count of a relation that involves it is hidden: the smallest
 *   non-zero one;
 * - the same for bounds: "<5" tells the reader 1 to 4, so two such cells that add up to 8 are
 *   both 4 (`pinned`); a count hidden only to protect another is shown as "x", not as "<5"
 *   (it is not small, and "<5" would be untrue);
 * - a hidden count is hidden wherever it appears; a percentage, rate or change is shown only
 *   when every count it is computed from is shown (table builder, figures.tables.ts).
 */
export type Cell = number | { suppressed: string };

export function isSmall(count: number, threshold: number): boolean {
  return count > 0 && count < threshold;
}

export function suppressedLabel(threshold: number): { suppressed: string } {
  return { suppressed: `<${threshold}` };
}

/** The mark of a count hidden to protect a small one: it is not small itself. */
export const PROTECTING_LABEL = { suppressed: "x" };

/** How a hidden count is shown: "<5" when it is small, "x" when it only protects another. */
export function hiddenLabel(value: number, threshold: number): { suppressed: string } {
  return isSmall(value, threshold) ? suppressedLabel(threshold) : PROTECTING_LABEL;
}

export function cellText(cell: Cell): string {
  return typeof cell === "number" ? String(cell) : cell.suppressed;
}

/** A named count; `printed: false` for one that follows from others but is never shown. */
export type Quantity = { value: number; printed: boolean };
/** The total is the sum of the parts. */
export type Relation = { total: string; parts: readonly string[] };

const EPSILON = 1e-9;

/**
 * The unknown quantities that the known ones determine through the relations: Gaussian
 * elimination of the equations (total − Σ parts = 0) on the unknowns; an unknown is determined
 * when a row of the reduced system has it as its only unknown.
 */
export function determined(unknown: ReadonlySet<string>, relations: readonly Relation[]): Set<string> {
  const columns = [...unknown];
  const index = new Map(columns.map((name, i) => [name, i]));
  const rows: number[][] = [];
  for (const r of relations) {
    const row = new Array<number>(columns.length).fill(0);
    let any = false;
    const add = (name: string, coefficient: number) => {
      const i = index.get(name);
      if (i !== undefined) {
        row[i] = (row[i] ?? 0) + coefficient;
        any = true;
      }
    };
    add(r.total, 1);
    for (const p of r.parts) add(p, -1);
    if (any) rows.push(row);
  }
  let pivotRow = 0;
  for (let c = 0; c < columns.length && pivotRow < rows.length; c++) {
    let best = -1;
    for (let r = pivotRow; r < rows.length; r++)
      if (
        Math.abs(rows[r]?.[c] ?? 0) > EPSILON &&
        (best === -1 || Math.abs(rows[r]?.[c] ?? 0) > Math.abs(rows[best]?.[c] ?? 0))
      )
        best = r;
    if (best === -1) continue;
    [rows[pivotRow], rows[best]] = [rows[best] as number[], rows[pivotRow] as number[]];
    const pivot = rows[pivotRow] as number[];
    const scale = pivot[c] as number;
    for (let k = 0; k < pivot.length; k++) pivot[k] = (pivot[k] as number) / scale;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as number[];
      const factor = row[c] as number;
      if (r === pivotRow || Math.abs(factor) <= EPSILON) continue;
      for (let k = 0; k < row.length; k++) row[k] = (row[k] as number) - factor * (pivot[k] as number);
    }
    pivotRow++;
  }
  const found = new Set<string>();
  for (const row of rows) {
    const nonZero = row.flatMap((v, i) => (Math.abs(v) > EPSILON ? [i] : []));
    if (nonZero.length === 1) found.add(columns[nonZero[0] as number] as string);
  }
  return found;
}

/**
 * The sensitive quantities (small, and hidden or not printed) that the reader can pin to one
 * value by bounds: a printed count is known; "<threshold" says 1 to threshold − 1; "x" (hidden
 * to protect another) says threshold or more; one not printed is 0 or more. Each relation
 * narrows its members' ranges (a total lies between the sums of its parts' bounds, a part
 * between the total's bounds minus the others'), repeated until nothing changes. So two cells
 * "<5" that add up to 8 are both 4, and this finds it.
 */
export function pinned(
  quantities: ReadonlyMap<string, Quantity>,
  relations: readonly Relation[],
  hidden: ReadonlySet<string>,
  threshold: number,
): string[] {
  const bounds = new Map<string, [number, number]>();
  for (const [name, q] of quantities) {
    if (q.printed && !hidden.has(name)) bounds.set(name, [q.value, q.value]);
    else if (q.printed) bounds.set(name, isSmall(q.value, threshold) ? [1, threshold - 1] : [threshold, Infinity]);
    else bounds.set(name, q.value === 0 ? [0, 0] : [0, Infinity]);
  }
  const of = (name: string) => bounds.get(name) ?? [0, Infinity];
  for (let round = 0, changed = true; changed && round < 100; round++) {
    changed = false;
    const narrow = (name: string, lo: number, hi: number) => {
      const [a, b] = of(name);
      const next: [number, number] = [Math.max(a, lo), Math.min(b, hi)];
      if (next[0] !== a || next[1] !== b) {
        bounds.set(name, next);
        changed = true;
      }
    };
    for (const r of relations) {
      const parts = r.parts.map(of);
      narrow(
        r.total,
        parts.reduce((sum, [lo]) => sum + lo, 0),
        parts.reduce((sum, [, hi]) => sum + hi, 0),
      );
      const [totalLo, totalHi] = of(r.total);
      r.parts.forEach((name, i) => {
        const others = parts.filter((_, j) => j !== i);
        narrow(
          name,
          totalLo - others.reduce((sum, [, hi]) => sum + hi, 0),
          totalHi - others.reduce((sum, [lo]) => sum + lo, 0),
        );
      });
    }
  }
  return [...quantities]
    .filter(([name, q]) => isSmall(q.value, threshold) && (!q.printed || hidden.has(name)))
    .filter(([name]) => of(name)[0] === of(name)[1])
    .map(([name]) => name);
}

/**
 * Which printed quantities are hidden in a publication (see the rules at the top). A printed
 * count is known to the reader unless hidden; one not printed is unknown, unless it is 0.
 */
export function suppressLinked(
  quantities: ReadonlyMap<string, Quantity>,
  relations: readonly Relation[],
  threshold: number,
): Set<string> {
  const value = (name: string) => quantities.get(name)?.value ?? 0;
  const printed = (name: string) => quantities.get(name)?.printed ?? false;
  const hidden = new Set(
    [...quantities].flatMap(([name, q]) => (q.printed && isSmall(q.value, threshold) ? [name] : [])),
  );
  const unknown = () =>
    new Set([...quantities.keys()].filter((name) => (printed(name) ? hidden.has(name) : value(name) !== 0)));
  const candidates = (among: readonly Relation[]) =>
    among
      .flatMap((r) => [...r.parts, r.total])
      .filter((name) => printed(name) && !hidden.has(name) && value(name) > 0)
      .sort((a, b) => value(a) - value(b) || a.localeCompare(b));
  for (;;) {
    const disclosed = [
      ...new Set([
        ...[...determined(unknown(), relations)].filter((name) => isSmall(value(name), threshold)),
        ...pinned(quantities, relations, hidden, threshold),
      ]),
    ].sort();
    const first = disclosed[0];
    if (first === undefined) return hidden;
    const next =
      candidates(relations.filter((r) => r.total === first || r.parts.includes(first)))[0] ?? candidates(relations)[0];
    // Nothing printed is left to hide: the count follows from zeros and hidden counts only.
    if (next === undefined) return hidden;
    hidden.add(next);
  }
}

/** Counts of one table with its total, as they may be published on their own. */
export function suppressCounts(
  counts: readonly number[],
  total: number,
  threshold: number,
): { cells: Cell[]; total: Cell } {
  const quantities = new Map<string, Quantity>([["total", { value: total, printed: true }]]);
  counts.forEach((c, i) => {
    quantities.set(`part${i}`, { value: c, printed: true });
  });
  const hidden = suppressLinked(quantities, [{ total: "total", parts: counts.map((_, i) => `part${i}`) }], threshold);
  return {
    cells: counts.map((c, i) => (hidden.has(`part${i}`) ? hiddenLabel(c, threshold) : c)),
    total: hidden.has("total") ? hiddenLabel(total, threshold) : total,
  };
}
