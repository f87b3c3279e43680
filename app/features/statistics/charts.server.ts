import * as echarts from "echarts";
import type { StatTable } from "./figures.tables.ts";

/**
 * Each figure's chart, drawn by ECharts on the server as SVG: no JavaScript in the browser, and
 * the data table next to it is what screen readers read (the SVG is hidden from them). The SVG
 * is made fit for our Content-Security-Policy: its <style> block (hover effects only) is
 * dropped and inline style attributes become SVG presentation attributes. ECharts' private
 * attributes (`ecmeta_*`, for its own event handling in a browser) are not valid HTML and are
 * dropped too, with the classes that only pointed into the dropped <style> block.
 */
const PRESENTATION = new Set(["font-size", "font-family", "font-weight", "fill", "stroke", "opacity"]);

export function cspSafeSvg(svg: string): string {
  return withoutPrivateAttributes(svg.replace(/<style[\s\S]*?<\/style>/g, "")).replace(
    /\sstyle="([^"]*)"/g,
    (_, declarations: string) =>
      declarations
        .split(";")
        .map((d) => d.split(":").map((part) => part.trim()))
        .filter(([name, value]) => name && value && PRESENTATION.has(name))
        .map(([name, value]) => ` ${name}="${(value as string).replace(/px$/, "").replace(/"/g, "")}"`)
        .join(""),
  );
}

/** Drops `ecmeta_*` attributes and `zrN-cls-N` classes, which mean nothing outside ECharts. */
export function withoutPrivateAttributes(svg: string): string {
  return svg.replace(/\secmeta_[a-z_]+="[^"]*"/g, "").replace(/\sclass="([^"]*)"/g, (_, classes: string) => {
    const kept = classes.split(/\s+/).filter((c) => c && !/^zr\d+-cls-\d+$/.test(c));
    return kept.length > 0 ? ` class="${kept.join(" ")}"` : "";
  });
}

/** A horizontal bar chart of a table's numeric column (suppressed or empty rows left out). */
export function chartSvg(table: StatTable): string | null {
  if (!table.chart) return null;
  const { label, value } = table.chart;
  const rows = table.rows
    .slice(0, table.chart.rows)
    .filter((row) => typeof row[value] === "number")
    .reverse();
  if (rows.length === 0) return null;
  const height = 60 + rows.length * 34;
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: 720, height });
  try {
    chart.setOption({
      animation: false,
      color: ["#0b6e75"],
      textStyle: { fontFamily: "system-ui, sans-serif", fontSize: 13, color: "#1f2a30" },
      // Room on the left for the longest label (at most 230 px, longer ones end in an ellipsis).
      grid: { left: 240, right: 48, top: 16, bottom: 24 },
      xAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#e4e7ea" } } },
      yAxis: {
        type: "category",
        // ECharts cannot measure text on the server, so long labels are shortened here; the table
        // below the chart has them in full.
        data: rows.map((row) => {
          const text = String(row[label]);
          return text.length > 34 ? `${text.slice(0, 32).trimEnd()}…` : text;
        }),
      },
      series: [
        {
          type: "bar",
          data: rows.map((row) => row[value] as number),
          barMaxWidth: 24,
          label: { show: true, position: "right", color: "#1f2a30" },
        },
      ],
    });
    return cspSafeSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}
