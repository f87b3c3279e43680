import * as echarts from "echarts";
import { cspSafeSvg } from "../statistics/charts.server.ts";
import type { PersonAnswers } from "./case-outcomes.server.ts";

/**
 * One person's scores over time (SVG drawn on the server): a line per scale question across the
 * moments answered, 0–10. The table next to it holds the same numbers for screen readers.
 */
export function personChartSvg(answers: PersonAnswers, momentLabel: (m: string) => string): string | null {
  const scale = answers.questions.filter((q) => q.kind === "scale");
  if (answers.moments.length === 0 || scale.length === 0) return null;
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: 640, height: 300 });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: "system-ui, sans-serif", fontSize: 12, color: "#1f2a30" },
      legend: { type: "plain", bottom: 0, data: scale.map((q) => `${q.position}`) },
      grid: { left: 40, right: 24, top: 16, bottom: 48 },
      xAxis: { type: "category", data: answers.moments.map((m) => momentLabel(m.moment)) },
      yAxis: { type: "value", min: 0, max: 10, interval: 2 },
      series: scale.map((q) => ({
        name: `${q.position}`,
        type: "line",
        symbolSize: 8,
        connectNulls: false,
        data: answers.moments.map((m) => {
          const v = m.scores[q.id];
          return typeof v === "number" ? v : null;
        }),
      })),
    });
    return cspSafeSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}
