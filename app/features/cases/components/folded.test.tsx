import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LocaleProvider } from "../../../lib/i18n/i18n-react.tsx";
import { FoldedTable } from "./folded.tsx";

const render = (rows: { key: number; cells: string[] }[], empty?: string) =>
  renderToString(
    <LocaleProvider locale="nl">
      <FoldedTable headers={["Taak", "Uiterlijk"]} rows={rows} limit={2} empty={empty} />
    </LocaleProvider>,
  );

describe("a folded table", () => {
  it("says there is nothing yet instead of showing headers over no rows", () => {
    const html = render([], "Deze zaak heeft nog geen taken.");
    expect(html).toContain("Deze zaak heeft nog geen taken.");
    expect(html).not.toContain("<table");
  });

  it("shows the rows, and folds those past the limit", () => {
    const rows = [1, 2, 3].map((n) => ({ key: n, cells: [`taak ${n}`, "1 december"] }));
    const html = render(rows, "Deze zaak heeft nog geen taken.");
    expect(html).not.toContain("nog geen taken");
    expect(html).toContain("taak 1");
    expect(html.indexOf("<details")).toBeGreaterThan(html.indexOf("taak 2"));
    expect(html.indexOf("<details")).toBeLessThan(html.indexOf("taak 3"));
  });
});
