import * as echarts from "echarts";
import type { Translate } from "../../lib/i18n/i18n.ts";
import { cspSafeSvg } from "../statistics/charts.server.ts";
import type { StatTable } from "../statistics/figures.tables.ts";
import { type ChangeRow, COMPARISONS, type OutcomeFigures, type QuestionInfo } from "./outcome-figures.rules.ts";

/**
 * "Helpt contact?" as tables (the same shape as the other figures, so the page, the report and
 * the JSON show the same numbers with their definitions) and a chart per change table: the mean
 * change with its 95% interval, with and without contact. Groups under the minimum appear as
 * "fewer than 10" with no numbers.
 */
export type OutcomeTable = StatTable & { svg?: string | null };

const fmt = (x: number) => (x > 0 ? `+${x.toFixed(2)}` : x.toFixed(2));

export function outcomeTables(
  f: OutcomeFigures,
  questions: readonly (QuestionInfo & { text_nl: string; text_en: string })[],
  t: Translate,
  locale: "nl" | "en",
  periodLabel: string,
): OutcomeTable[] {
  const hidden = t("outcomes.hidden", { min: f.minGroup });
  const multipleVersions = new Set(questions.map((q) => `${q.side}:${q.version}`)).size > 2;
  const label = (row: ChangeRow) => {
    const q = questions.find((x) => x.id === row.questionId);
    const text = q ? (locale === "en" ? q.text_en : q.text_nl) : row.code;
    return multipleVersions ? `${text} (${t("outcomes.version", { version: row.questionnaireVersion })})` : text;
  };
  const tables: OutcomeTable[] = [
    {
      id: "outcomes-responses",
      title: t("outcomes.table.responses"),
      definition: t("outcomes.definition.responses", { period: periodLabel, min: f.minGroup }),
      columns: [
        `${t("outcomes.col.side")}, ${t("outcomes.col.moment").toLowerCase()}`,
        t("outcomes.col.invited"),
        t("outcomes.col.answered"),
        t("outcomes.col.rate"),
      ],
      rows: f.responses.map((r) => [
        `${t(`outcomes.side.${r.side}`)}, ${t(`outcomes.moment.${r.moment}`)}`,
        r.invited ?? hidden,
        r.answered ?? hidden,
        r.rate,
      ]),
    },
  ];
  for (const side of ["victim", "offender"] as const) {
    for (const comparison of COMPARISONS) {
      // Per form of contact, only the groups large enough to show; with and without contact always.
      const rows = f.changes.filter(
        (c) =>
          c.side === side &&
          c.comparison === comparison &&
          (c.group === "contact" || c.group === "no_contact" || c.n !== null),
      );
      if (rows.length === 0) continue;
      const table: OutcomeTable = {
        id: `outcomes-${side}-${comparison}`,
        title: t("outcomes.table.change", {
          side: t(`outcomes.side.${side}`),
          moment: t(`outcomes.moment.${comparison}`),
        }),
        definition: t("outcomes.definition.change", { period: periodLabel, min: f.minGroup }),
        columns: [
          `${t("outcomes.col.question")} — ${t("outcomes.col.group").toLowerCase()}`,
          t("outcomes.col.better"),
          t("outcomes.col.n"),
          t("outcomes.col.mean"),
          t("outcomes.col.interval"),
        ],
        rows: rows.map((r) => [
          `${label(r)} — ${t(`outcomes.group.${r.group}`)}`,
          t(`outcomes.better.${r.better}`),
          r.n ?? hidden,
          r.mean === null ? null : fmt(r.mean),
          r.low === null || r.high === null ? null : `${fmt(r.low)} … ${fmt(r.high)}`,
        ]),
      };
      table.svg = changeChart(rows, label, t);
      tables.push(table);
    }
  }
  return tables;
}

/** Mean change per question with its interval, for "with contact" and "without contact". */
function changeChart(rows: ChangeRow[], label: (row: ChangeRow) => string, t: Translate): string | null {
  const questionIds = [...new Set(rows.map((r) => r.questionId))];
  const groups = ["contact", "no_contact"] as const;
  const pick = (id: number, group: string) => rows.find((r) => r.questionId === id && r.group === group);
  if (!rows.some((r) => (r.group === "contact" || r.group === "no_contact") && r.mean !== null)) return null;
  const categories = questionIds.map((id) => {
    const text = label(pick(id, "contact") as ChangeRow);
    return text.length > 40 ? `${text.slice(0, 38).trimEnd()}…` : text;
  });
  const height = 80 + questionIds.length * 48;
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: 720, height });
  try {
    const colours = { contact: "#0b6e75", no_contact: "#b35c00" };
    // Questions on a numeric axis (0, 1, 2, …) so that each group sits a little above or below
    // its question's line, its interval drawn at the same height as its mean.
    const offset = { contact: -0.16, no_contact: 0.16 };
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: "system-ui, sans-serif", fontSize: 12, color: "#1f2a30" },
      legend: { top: 0, itemGap: 48, data: groups.map((g) => t(`outcomes.group.${g}`)) },
      grid: { left: 300, right: 32, top: 36, bottom: 28 },
      xAxis: { type: "value", axisLine: { onZero: false }, splitLine: { lineStyle: { color: "#e4e7ea" } } },
      // The labels on a category axis; the points on a hidden value axis that lines up with it.
      yAxis: [
        { type: "category", data: categories, inverse: true },
        { type: "value", show: false, inverse: true, min: -0.5, max: questionIds.length - 0.5 },
      ],
      series: groups.flatMap((g) => [
        {
          name: t(`outcomes.group.${g}`),
          type: "scatter",
          yAxisIndex: 1,
          symbolSize: 10,
          itemStyle: { color: colours[g] },
          data: questionIds.flatMap((id, i) => {
            const r = pick(id, g);
            return r?.mean == null ? [] : [[r.mean, i + offset[g]]];
          }),
        },
        {
          name: t(`outcomes.group.${g}`),
          type: "lines",
          coordinateSystem: "cartesian2d",
          yAxisIndex: 1,
          lineStyle: { color: colours[g], width: 2, opacity: 1 },
          data: questionIds.flatMap((id, i) => {
            const r = pick(id, g);
            if (r?.low == null || r.high == null) return [];
            return [
              {
                coords: [
                  [r.low, i + offset[g]],
                  [r.high, i + offset[g]],
                ],
              },
            ];
          }),
        },
      ]),
    });
    return cspSafeSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}
