import { describe, expect, it } from "vitest";
import { chartSvg, cspSafeSvg, withoutPrivateAttributes } from "./charts.server.ts";

describe("charts drawn on the server", () => {
  const table = {
    id: "x",
    title: "Titel",
    definition: "Uitleg",
    columns: ["Soort", "Aantal", "%"],
    rows: [
      ["<script>alert(1)</script>", 3, 60],
      ["Een heel lange naam van een soort delict die niet past", 2, 40],
      ["Totaal", 5, 100],
    ],
    chart: { kind: "bar" as const, label: 0, value: 1, rows: 2 },
  };

  it("are SVG our Content-Security-Policy allows: no style element, no style attributes", () => {
    const svg = chartSvg(table) ?? "";
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).not.toMatch(/<style|\sstyle="/);
    expect(svg).toContain('font-size="13"');
  });

  it("carry none of ECharts' private attributes, which are not valid HTML", () => {
    const svg = chartSvg(table) ?? "";
    expect(svg).toContain("<path");
    expect(svg).not.toMatch(/ecmeta_|zr\d+-cls-\d+/);
    expect(
      withoutPrivateAttributes(
        '<path d="M0 0" ecmeta_series_index="0" ecmeta_data_index="1" ecmeta_ssr_type="chart" class="zr0-cls-1 keep"></path>',
      ),
    ).toBe('<path d="M0 0" class="keep"></path>');
  });

  it("show labels as text, never as markup, shortened when long, without the total row", () => {
    const svg = chartSvg(table) ?? "";
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;");
    expect(svg).toContain("Een heel lange naam van een soor…");
    expect(svg).not.toContain("Totaal");
  });

  it("turn inline styles into presentation attributes and drop anything else", () => {
    expect(
      cspSafeSvg('<text style="font-size:12px;font-family:sans-serif;cursor:pointer">a</text><style>.x{}</style>'),
    ).toBe('<text font-size="12" font-family="sans-serif">a</text>');
  });

  it("are left out when a table has nothing to draw", () => {
    expect(chartSvg({ ...table, chart: undefined })).toBeNull();
    expect(chartSvg({ ...table, rows: [["Totaal", 0, null]], chart: { ...table.chart, rows: 0 } })).toBeNull();
  });
});
