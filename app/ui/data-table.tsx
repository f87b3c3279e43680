import type { ReactNode } from "react";

/** A plain data table in NL Design System markup, with column headers for screen readers. */
export function DataTable({
  headers,
  rows,
}: {
  headers: string[];
  rows: { key: string | number; cells: ReactNode[] }[];
}) {
  return (
    <table className="utrecht-table herstel-table">
      <thead className="utrecht-table__header">
        <tr className="utrecht-table__row">
          {headers.map((h) => (
            <th key={h} className="utrecht-table__header-cell" scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="utrecht-table__body">
        {rows.map((row) => (
          <tr key={row.key} className="utrecht-table__row">
            {row.cells.map((cell, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: cells of a row never move.
              <td key={i} className="utrecht-table__cell">
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
