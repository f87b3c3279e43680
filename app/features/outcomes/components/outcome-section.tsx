import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";
import { StatTableView } from "../../statistics/components/stat-table.tsx";
import type { OutcomeTable } from "../outcome-tables.server.ts";

/** "Helpt contact?": the intro, the plain warning that groups are compared, and each table with its chart. */
export function OutcomeSection({
  section,
  level = 2,
}: {
  section: { intro: string; warning: string; tables: OutcomeTable[] };
  level?: 2 | 3;
}) {
  const t = useT();
  return (
    <section className="herstel-report__section" aria-labelledby="outcomes-section">
      <Heading level={level} id="outcomes-section">
        {t("outcomes.section")}
      </Heading>
      <Paragraph>{section.intro}</Paragraph>
      <Paragraph className="herstel-panel">
        <strong>{section.warning}</strong>
      </Paragraph>
      {section.tables.map((table) => (
        <StatTableView key={table.id} table={table} svg={table.svg} level={level === 2 ? 3 : 3} />
      ))}
    </section>
  );
}
