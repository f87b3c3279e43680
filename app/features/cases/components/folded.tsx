import type { ReactNode } from "react";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { DataTable } from "../../../ui/data-table.tsx";
import { Paragraph } from "../../../ui/typography.tsx";
import { SECTION_LIST_LIMIT } from "../case-sections.ts";

type Row = { key: string | number; cells: ReactNode[] };

/**
 * A table whose first rows are shown and the rest folded away under "show all (n)", so a long
 * record does not push the section's forms off the screen. Works without JavaScript.
 */
export function FoldedTable({
  headers,
  rows,
  limit = SECTION_LIST_LIMIT,
  empty,
}: {
  headers: string[];
  rows: Row[];
  limit?: number;
  /** Said instead of a table with headers only when there are no rows. */
  empty?: string;
}) {
  const t = useT();
  if (rows.length === 0 && empty !== undefined) return <Paragraph>{empty}</Paragraph>;
  if (rows.length <= limit) return <DataTable headers={headers} rows={rows} />;
  return (
    <>
      <DataTable headers={headers} rows={rows.slice(0, limit)} />
      <details className="herstel-details">
        <summary>{t("section.showAll", { count: rows.length })}</summary>
        <DataTable headers={headers} rows={rows.slice(limit)} />
      </details>
    </>
  );
}

/** Characters of a long text shown before it folds. */
const PREVIEW = 160;

/** A long free text (a summary, a letter) folded after its first words. */
export function LongText({ text }: { text: string }) {
  const t = useT();
  if (text.length <= PREVIEW) return <span className="herstel-summary-list__value">{text}</span>;
  return (
    <details className="herstel-details herstel-long-text">
      <summary>
        {text.slice(0, PREVIEW).trimEnd()}… <span className="herstel-visually-hidden">{t("section.readMore")}</span>
      </summary>
      <span className="herstel-summary-list__value">{text}</span>
    </details>
  );
}

/**
 * A form folded under a summary that says what it does, so a section's record comes first.
 * Open when the form came back with errors (or failed to save), so nothing typed is hidden.
 * Works without JavaScript.
 */
export function FoldedForm({ summary, open, children }: { summary: ReactNode; open: boolean; children: ReactNode }) {
  return (
    <details className="herstel-details herstel-folded-form" open={open || undefined}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
