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
    const disclosed = [...determined(unknown(), relations)].filter((name) => isSmall(value(name), threshold)).sort();
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
  const label = suppressedLabel(threshold);
  return {
    cells: counts.map((c, i) => (hidden.has(`part${i}`) ? label : c)),
    total: hidden.has("total") ? label : total,
  };
}
