import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";
import type { StatTable } from "../figures.tables.ts";

/**
 * One figure: its title, its definition, its chart (SVG drawn on the server, hidden from screen
 * readers) and its data table, which says the same in full and works without JavaScript.
 */
export function StatTableView({ table, svg, level = 2 }: { table: StatTable; svg?: string | null; level?: 2 | 3 }) {
  const t = useT();
  const id = `figure-${table.id}`;
  return (
    <section aria-labelledby={id} className="herstel-figure">
      <Heading level={level} id={id}>
        {table.title}
      </Heading>
      <Paragraph className="herstel-figure__definition">{table.definition}</Paragraph>
      {svg ? (
        // The chart repeats the table below; the SVG comes from our own server-side renderer.
        // biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered ECharts SVG of our own numbers and labels (text escaped by ECharts).
        <div className="herstel-figure__chart" aria-hidden="true" dangerouslySetInnerHTML={{ __html: svg }} />
      ) : null}
      {table.rows.length === 0 ? (
        <Paragraph>{t("stats.noData")}</Paragraph>
      ) : (
        <table className="utrecht-table herstel-table herstel-figure__table">
          <caption className="herstel-visually-hidden">{table.title}</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              {table.columns.map((c, i) => (
                <th
                  key={c}
                  scope="col"
                  className={`utrecht-table__header-cell${i > 0 ? " utrecht-table__header-cell--numeric" : ""}`}
                >
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {table.rows.map((row) => (
              <tr key={String(row[0])} className="utrecht-table__row">
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th key="label" scope="row" className="utrecht-table__header-cell">
                      {cell}
                    </th>
                  ) : (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the columns of a row never move.
                    <td key={i} className="utrecht-table__cell utrecht-table__cell--numeric">
                      {cell === null ? "–" : cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
