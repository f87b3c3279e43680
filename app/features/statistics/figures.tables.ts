import type { MessageKey, Translate } from "../../lib/i18n/i18n.ts";
import type { Figures, Rates, ShareTable } from "./figures.rules.ts";
import type { Labels } from "./figures.server.ts";
import { type Cell, cellText, isSmall, suppressCounts, suppressedLabel } from "./publication.ts";

/**
 * The figures as tables: one shape for the page, the annual report, CSV, XLSX and JSON, so that
 * every output shows the same numbers with the same definitions. With `publication`, small
 * counts are suppressed (publication.ts).
 */
export type TableValue = string | number | null;
export type StatTable = {
  id: string;
  title: string;
  definition: string;
  columns: string[];
  rows: TableValue[][];
  /** For a chart: which column holds the label and which the value (absent: no chart). */
  chart?: { kind: "bar" | "pie"; label: number; value: number; rows: number };
};

export type TableOptions = { publication: boolean; threshold: number };

const show = (cell: Cell): TableValue => (typeof cell === "number" ? cell : cell.suppressed);

function shareRows(
  table: ShareTable,
  label: (key: string) => string,
  options: TableOptions,
  extra: (index: number) => TableValue[] = () => [],
): TableValue[][] {
  const counts = table.rows.map((r) => r.count);
  const { cells } = options.publication
    ? suppressCounts(counts, table.total, options.threshold)
    : { cells: counts as Cell[] };
  return table.rows.map((r, i) => {
    const cell = cells[i] as Cell;
    return [label(r.key), show(cell), typeof cell === "number" ? r.percent : null, ...extra(i)];
  });
}

function totalRow(t: Translate, table: ShareTable, options: TableOptions, width: number): TableValue[] {
  const total: TableValue =
    options.publication && isSmall(table.total, options.threshold)
      ? cellText(suppressedLabel(options.threshold))
      : table.total;
  return [t("stats.total"), total, table.total > 0 ? 100 : null, ...Array(width - 3).fill(null)];
}

function rateRow(label: string, rate: Rates[keyof Rates], options: TableOptions): TableValue[] {
  const hide = (n: number) => options.publication && isSmall(n, options.threshold);
  const hidden = hide(rate.numerator) || hide(rate.denominator);
  const text = (n: number) => (hide(n) ? cellText(suppressedLabel(options.threshold)) : n);
  return [label, text(rate.numerator), text(rate.denominator), hidden ? null : rate.percent];
}

export function figureTables(f: Figures, t: Translate, labels: Labels, options: TableOptions): StatTable[] {
  const k = (key: string) => t(key as MessageKey);
  // Codes no longer in a list (or imported ones) show as themselves; "unknown" as words.
  const lookup = (map: Record<string, string>) => (key: string) =>
    map[key] ?? (key === "unknown" ? t("stats.unknown") : key);
  const count = t("stats.col.count");
  const percent = t("stats.col.percent");
  const small = (n: number): TableValue =>
    options.publication && isSmall(n, options.threshold) ? cellText(suppressedLabel(options.threshold)) : n;
  const shares = (
    id: string,
    table: ShareTable,
    label: (key: string) => string,
    chart: "bar" | "pie" = "bar",
  ): StatTable => ({
    id,
    title: k(`stats.${id}.title`),
    definition: k(`stats.${id}.def`),
    columns: [k(`stats.${id}.col`), count, percent],
    rows: [...shareRows(table, label, options), totalRow(t, table, options, 3)],
    chart: { kind: chart, label: 0, value: 1, rows: table.rows.length },
  });
  const rateTable = (id: string, rates: Rates): StatTable => ({
    id,
    title: k(`stats.${id}.title`),
    definition: k(`stats.${id}.def`),
    columns: [t("stats.col.denominator"), t("stats.col.withContact"), t("stats.col.of"), percent],
    rows: (["received", "closed", "agreed"] as const).map((d) =>
      rateRow(k(`stats.denominator.${d}`), rates[d], options),
    ),
  });
  return [
    {
      id: "summary",
      title: t("stats.summary.title"),
      definition: t("stats.summary.def"),
      columns: [t("stats.col.figure"), t("stats.col.thisPeriod"), t("stats.col.previousPeriod")],
      rows: [
        [t("stats.summary.received"), small(f.received), small(f.receivedPrevious)],
        [t("stats.summary.takenUp"), small(f.takenUp), small(f.takenUpPrevious)],
        [t("stats.summary.openAtEnd"), small(f.openAtEnd), null],
      ],
    },
    shares("channel", f.channel, (key) => k(`stats.channel.${key}`), "pie"),
    shares("referrerType", f.referrerType, lookup(labels.referrer)),
    shares("initiative", f.initiative, (key) => k(`stats.side.${key}`), "pie"),
    shares("role", f.role, (key) => k(`stats.role.${key}`)),
    {
      id: "offences",
      title: t("stats.offences.title"),
      definition: t("stats.offences.def"),
      columns: [t("stats.offences.col"), count, percent, t("stats.col.previousPeriod"), t("stats.col.change")],
      rows: [
        ...shareRows(f.offences, lookup(labels.offence), options, (i) => {
          const row = f.offences.rows[i];
          return row
            ? [small(row.previous), options.publication && isSmall(row.count, options.threshold) ? null : row.change]
            : [];
        }),
        [...totalRow(t, f.offences, options, 3), small(f.receivedPrevious), null],
      ],
      chart: { kind: "bar", label: 0, value: 1, rows: f.offences.rows.length },
    },
    {
      id: "sexualOffence",
      title: t("stats.sexualOffence.title"),
      definition: t("stats.sexualOffence.def"),
      columns: [t("stats.col.figure"), t("stats.col.value")],
      rows: [
        [t("stats.sexualOffence.count"), small(f.sexualOffence.count)],
        [t("stats.sexualOffence.share"), f.sexualOffence.percent],
        [t("stats.sexualOffence.previous"), small(f.sexualOffence.previous)],
        [t("stats.sexualOffence.change"), f.sexualOffence.change],
        ...(["received", "closed", "agreed"] as const).map((d) => [
          t("stats.sexualOffence.rate", { denominator: k(`stats.denominator.${d}`) }),
          rateRow("", f.sexualOffence.contact[d], options)[3] ?? null,
        ]),
      ],
    },
    rateTable("contact", f.contact),
    {
      id: "contactPerOffence",
      title: t("stats.contactPerOffence.title"),
      definition: t("stats.contactPerOffence.def"),
      columns: [
        t("stats.offences.col"),
        ...(["received", "closed", "agreed"] as const).map((d) => k(`stats.denominator.${d}`)),
      ],
      rows: f.contact.perOffence.map((o) => [
        lookup(labels.offence)(o.key),
        ...(["received", "closed", "agreed"] as const).map((d) => rateRow("", o.rates[d], options)[3] ?? null),
      ]),
    },
    {
      ...shares("forms", f.forms, (key) => k(`form.${key}`)),
      definition: t("stats.forms.def", { cases: f.forms.casesWithContact }),
    },
    shares("noContactReasons", f.noContactReasons, lookup(labels.reason)),
    {
      id: "durations",
      title: t("stats.durations.title"),
      definition: t("stats.durations.def"),
      columns: [t("stats.durations.col"), t("stats.col.cases"), t("stats.col.median"), t("stats.col.p90")],
      rows: f.durations.map((d) => {
        const hidden = options.publication && isSmall(d.n, options.threshold);
        return [k(`stats.durations.${d.step}`), small(d.n), hidden ? null : d.median, hidden ? null : d.p90];
      }),
    },
    {
      id: "perMediator",
      title: t("stats.perMediator.title"),
      definition: t("stats.perMediator.def"),
      columns: [t("stats.perMediator.col"), t("stats.col.cases")],
      rows: f.perMediator.map((m) => [t("stats.perMediator.label", { n: m.label }), small(m.count)]),
    },
  ];
}
