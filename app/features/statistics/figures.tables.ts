import type { MessageKey, Translate } from "../../lib/i18n/i18n.ts";
import type { Figures, Rate, Rates, ShareTable } from "./figures.rules.ts";
import type { Labels } from "./figures.server.ts";
import { cellText, hiddenLabel, isSmall, type Quantity, type Relation, suppressLinked } from "./publication.ts";

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

const rateKinds = ["received", "closed", "agreed"] as const;

/**
 * The counts of the figures as named quantities, with the relations between them, for the
 * suppression of a publication (publication.ts). Quantities not printed anywhere but following
 * from printed ones (those without contact, the cases without a lead mediator) are included, so
 * that a small one of them is protected too. A contact rate per offence over the registrations
 * received counts as printing its numerator: the offence's count is printed, and the percentage
 * times that count gives the numerator back.
 */
export function publishedQuantities(f: Figures): { quantities: Map<string, Quantity>; relations: Relation[] } {
  const quantities = new Map<string, Quantity>();
  const relations: Relation[] = [];
  const q = (name: string, value: number, printed = true) => {
    quantities.set(name, { value, printed });
    return name;
  };
  const partition = (total: string, prefix: string, table: ShareTable) =>
    relations.push({ total, parts: table.rows.map((r) => q(`${prefix}:${r.key}`, r.count)) });
  q("received", f.received);
  q("received.prev", f.receivedPrevious);
  q("takenUp", f.takenUp);
  q("takenUp.prev", f.takenUpPrevious);
  q("openAtEnd", f.openAtEnd);
  partition("received", "channel", f.channel);
  partition("received", "initiative", f.initiative);
  partition("received", "role", f.role);
  partition("received", "offence", f.offences);
  relations.push({
    total: "received.prev",
    parts: f.offences.rows.map((r) => q(`offence.prev:${r.key}`, r.previous)),
  });
  const referrers = f.channel.rows.find((r) => r.key === "referrer");
  if (referrers) partition("channel:referrer", "referrerType", f.referrerType);
  q("forms.total", f.forms.total);
  partition("forms.total", "forms", f.forms);
  // Every case with contact used at least one form, and no form more often than there were
  // such cases: the forms counted are the cases plus the extra forms of cases with several, and
  // each form's count is at most the cases.
  relations.push({
    total: "forms.total",
    parts: [
      q("closed.contact", f.contact.closed.numerator),
      q("forms.extra", f.forms.total - f.contact.closed.numerator, false),
    ],
  });
  for (const r of f.forms.rows)
    relations.push({
      total: "closed.contact",
      parts: [`forms:${r.key}`, q(`forms.without:${r.key}`, f.contact.closed.numerator - r.count, false)],
    });
  q("closed", f.contact.closed.denominator);
  q("closed.contact", f.contact.closed.numerator);
  q("closed.noContact", f.noContactReasons.total);
  relations.push({ total: "closed", parts: ["closed.contact", "closed.noContact"] });
  partition("closed.noContact", "noContact", f.noContactReasons);
  relations.push({
    total: "received",
    parts: [
      q("received.contact", f.contact.received.numerator),
      q("received.without", f.contact.received.denominator - f.contact.received.numerator, false),
    ],
  });
  relations.push({
    total: q("agreed", f.contact.agreed.denominator),
    parts: [
      q("agreed.contact", f.contact.agreed.numerator),
      q("agreed.without", f.contact.agreed.denominator - f.contact.agreed.numerator, false),
    ],
  });
  // The cases in which both agreed are some of the cases closed, with and without contact.
  relations.push({
    total: "closed",
    parts: ["agreed", q("closed.notAgreed", f.contact.closed.denominator - f.contact.agreed.denominator, false)],
  });
  relations.push({
    total: "closed.contact",
    parts: [
      "agreed.contact",
      q("closed.contactNotAgreed", f.contact.closed.numerator - f.contact.agreed.numerator, false),
    ],
  });
  relations.push({
    total: "closed.noContact",
    parts: [
      "agreed.without",
      q(
        "closed.noContactNotAgreed",
        f.noContactReasons.total - (f.contact.agreed.denominator - f.contact.agreed.numerator),
        false,
      ),
    ],
  });
  const perOffence = f.contact.perOffence.map(({ key, rates }) => {
    const offence = `offence:${key}`;
    if (!quantities.has(offence)) q(offence, rates.received.denominator, false);
    relations.push({
      total: offence,
      parts: [
        q(`received.contact:${key}`, rates.received.numerator),
        q(`received.without:${key}`, rates.received.denominator - rates.received.numerator, false),
      ],
    });
    return `received.contact:${key}`;
  });
  relations.push({ total: "received.contact", parts: perOffence });
  for (const d of f.durations)
    if (d.step === "first_conversation" || d.step === "contact") q(`durations:${d.step}`, d.n);
  // Cases per mediator are not published (see figureTables).
  return { quantities, relations };
}

/** The count cells of a figure set as they may be shown, and what follows from them. */
function cells(f: Figures, options: TableOptions) {
  const { quantities, relations } = publishedQuantities(f);
  const hidden = options.publication ? suppressLinked(quantities, relations, options.threshold) : new Set<string>();
  const shown = (name: string) => !hidden.has(name);
  return {
    shown,
    /** A count as printed: the number; "<5" when hidden as small, "x" when hidden to protect one. */
    cell: (name: string, value: number): TableValue =>
      shown(name) ? value : cellText(hiddenLabel(value, options.threshold)),
    /**
     * A rate whose counts are printed nowhere else (per offence, closed or with both agreeing):
     * a percentage only when neither those with contact nor those without are small.
     */
    ratio: (rate: Rate): number | null =>
      options.publication &&
      (isSmall(rate.numerator, options.threshold) || isSmall(rate.denominator - rate.numerator, options.threshold))
        ? null
        : rate.percent,
  };
}

export function figureTables(f: Figures, t: Translate, labels: Labels, options: TableOptions): StatTable[] {
  const k = (key: string) => t(key as MessageKey);
  // Codes no longer in a list (or imported ones) show as themselves; "unknown" as words.
  const lookup = (map: Record<string, string>) => (key: string) =>
    map[key] ?? (key === "unknown" ? t("stats.unknown") : key);
  const count = t("stats.col.count");
  const percent = t("stats.col.percent");
  const { shown, cell, ratio } = cells(f, options);
  const previousColumn = t("stats.col.previousPeriod", { from: f.previous.from, to: f.previous.to });
  /** Rows of a share table: a percentage only when the row and the table's total are shown. */
  const shareRows = (
    prefix: string,
    total: string,
    table: ShareTable,
    label: (key: string) => string,
    extra: (index: number) => TableValue[] = () => [],
  ): TableValue[][] => [
    ...table.rows.map((r, i) => {
      const name = `${prefix}:${r.key}`;
      return [label(r.key), cell(name, r.count), shown(name) && shown(total) ? r.percent : null, ...extra(i)];
    }),
  ];
  const totalRow = (total: string, table: ShareTable, width: number): TableValue[] => [
    t("stats.total"),
    cell(total, table.total),
    table.total > 0 && shown(total) ? 100 : null,
    ...Array(width - 3).fill(null),
  ];
  const shares = (
    id: string,
    prefix: string,
    total: string,
    table: ShareTable,
    label: (key: string) => string,
    chart: "bar" | "pie" = "bar",
  ): StatTable => ({
    id,
    title: k(`stats.${id}.title`),
    definition: k(`stats.${id}.def`),
    columns: [k(`stats.${id}.col`), count, percent],
    rows: [...shareRows(prefix, total, table, label), totalRow(total, table, 3)],
    chart: { kind: chart, label: 0, value: 1, rows: table.rows.length },
  });
  /** The three contact rates with their counts (names of numerator and denominator per rate). */
  const rateNames = {
    received: ["received.contact", "received"],
    closed: ["closed.contact", "closed"],
    agreed: ["agreed.contact", "agreed"],
  } as const;
  const rateRow = (rates: Rates, d: (typeof rateKinds)[number]): TableValue[] => {
    const [numerator, denominator] = rateNames[d];
    const rate = rates[d];
    return [
      k(`stats.denominator.${d}`),
      cell(numerator, rate.numerator),
      cell(denominator, rate.denominator),
      shown(numerator) && shown(denominator) ? rate.percent : null,
    ];
  };
  /** A rate of one offence: over the registrations received as the engine decided, else as a ratio. */
  const offenceRate = (key: string, rates: Rates, d: (typeof rateKinds)[number]): number | null =>
    d === "received" ? (shown(`received.contact:${key}`) ? ratio(rates.received) : null) : ratio(rates[d]);
  const sexual = "offence:sexual_offence";
  const sexualPrevious = "offence.prev:sexual_offence";
  return [
    {
      id: "summary",
      title: t("stats.summary.title"),
      definition: t("stats.summary.def"),
      columns: [t("stats.col.figure"), t("stats.col.thisPeriod"), previousColumn],
      rows: [
        [t("stats.summary.received"), cell("received", f.received), cell("received.prev", f.receivedPrevious)],
        [t("stats.summary.takenUp"), cell("takenUp", f.takenUp), cell("takenUp.prev", f.takenUpPrevious)],
        [t("stats.summary.openAtEnd"), cell("openAtEnd", f.openAtEnd), null],
      ],
    },
    shares("channel", "channel", "received", f.channel, (key) => k(`stats.channel.${key}`), "pie"),
    shares("referrerType", "referrerType", "channel:referrer", f.referrerType, lookup(labels.referrer)),
    shares("initiative", "initiative", "received", f.initiative, (key) => k(`stats.side.${key}`), "pie"),
    shares("role", "role", "received", f.role, (key) => k(`stats.role.${key}`)),
    {
      id: "offences",
      title: t("stats.offences.title"),
      definition: t("stats.offences.def"),
      columns: [t("stats.offences.col"), count, percent, previousColumn, t("stats.col.change")],
      rows: [
        ...shareRows("offence", "received", f.offences, lookup(labels.offence), (i) => {
          const row = f.offences.rows[i];
          if (!row) return [];
          const previous = `offence.prev:${row.key}`;
          return [cell(previous, row.previous), shown(`offence:${row.key}`) && shown(previous) ? row.change : null];
        }),
        [...totalRow("received", f.offences, 3), cell("received.prev", f.receivedPrevious), null],
      ],
      chart: { kind: "bar", label: 0, value: 1, rows: f.offences.rows.length },
    },
    {
      id: "sexualOffence",
      title: t("stats.sexualOffence.title"),
      definition: t("stats.sexualOffence.def"),
      columns: [t("stats.col.figure"), t("stats.col.value")],
      rows: [
        [t("stats.sexualOffence.count"), cell(sexual, f.sexualOffence.count)],
        [t("stats.sexualOffence.share"), shown(sexual) && shown("received") ? f.sexualOffence.percent : null],
        [t("stats.sexualOffence.previous"), cell(sexualPrevious, f.sexualOffence.previous)],
        [t("stats.sexualOffence.change"), shown(sexual) && shown(sexualPrevious) ? f.sexualOffence.change : null],
        ...rateKinds.map((d) => [
          t("stats.sexualOffence.rate", { denominator: k(`stats.denominator.${d}`) }),
          offenceRate("sexual_offence", f.sexualOffence.contact, d),
        ]),
      ],
    },
    {
      id: "contact",
      title: t("stats.contact.title"),
      definition: t("stats.contact.def"),
      columns: [t("stats.col.denominator"), t("stats.col.withContact"), t("stats.col.of"), percent],
      rows: rateKinds.map((d) => rateRow(f.contact, d)),
    },
    {
      id: "contactPerOffence",
      title: t("stats.contactPerOffence.title"),
      definition: t("stats.contactPerOffence.def"),
      columns: [t("stats.offences.col"), ...rateKinds.map((d) => k(`stats.denominator.${d}`))],
      rows: f.contact.perOffence.map((o) => [
        lookup(labels.offence)(o.key),
        ...rateKinds.map((d) => offenceRate(o.key, o.rates, d)),
      ]),
    },
    {
      ...shares("forms", "forms", "forms.total", f.forms, (key) => k(`form.${key}`)),
      definition: t("stats.forms.def", { cases: String(cell("closed.contact", f.forms.casesWithContact)) }),
    },
    shares("noContactReasons", "noContact", "closed.noContact", f.noContactReasons, lookup(labels.reason)),
    {
      id: "durations",
      title: t("stats.durations.title"),
      definition: t("stats.durations.def"),
      columns: [t("stats.durations.col"), t("stats.col.cases"), t("stats.col.median"), t("stats.col.p90")],
      rows: f.durations.map((d) => {
        const name = d.step === "taken_up" ? "takenUp" : d.step === "closed" ? "closed" : `durations:${d.step}`;
        const visible = shown(name);
        return [k(`stats.durations.${d.step}`), cell(name, d.n), visible ? d.median : null, visible ? d.p90 : null];
      }),
    },
    // The workload of each (unnamed) mediator is for the service itself. In a publication it is
    // left out: the rows are ranked, so a hidden count lies between its neighbours, and a small
    // team's counts point to people.
    ...(options.publication
      ? []
      : [
          {
            id: "perMediator",
            title: t("stats.perMediator.title"),
            definition: t("stats.perMediator.def"),
            columns: [t("stats.perMediator.col"), t("stats.col.cases")],
            rows: f.perMediator.map((m) => [t("stats.perMediator.label", { n: m.label }), m.count]),
          },
        ]),
  ];
}
