import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { DataTable } from "../../../ui/data-table.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";
import type { FileProblem, InvalidRow } from "../import.rules.ts";

/** What the page shows of an import: the report, with at most a first part of the rejected rows. */
export type ShownImportReport = {
  fileName: string;
  fileProblems: FileProblem[];
  rows: number;
  valid: number;
  invalid: InvalidRow[];
  invalidTotal: number;
  inserted: number;
  alreadyImported: number;
  agreementAdded: number;
  imported: boolean;
};

/** The result of an upload: imported or not, the counts, and every problem by line. */
export function ImportReport({ report }: { report: ShownImportReport }) {
  const t = useT();
  const outcome: MessageKey = report.imported
    ? "import.report.imported"
    : report.fileProblems.length > 0
      ? "import.report.refused"
      : report.invalidTotal > 0 && report.valid > 0
        ? "import.report.refusedInvalid"
        : "import.report.nothingValid";
  const counts: [MessageKey, number][] = [
    ["import.report.rows", report.rows],
    ["import.report.valid", report.valid],
    ["import.report.invalid", report.invalidTotal],
    ...(report.imported
      ? ([
          ["import.report.inserted", report.inserted],
          ["import.report.alreadyImported", report.alreadyImported],
          ...(report.agreementAdded > 0
            ? ([["import.report.agreementAdded", report.agreementAdded]] as [MessageKey, number][])
            : []),
        ] as [MessageKey, number][])
      : []),
  ];
  return (
    <section aria-labelledby="import-report" className="herstel-panel">
      <Heading level={2} id="import-report">
        {t("import.report.title", { file: report.fileName })}
      </Heading>
      <Paragraph role="status">{t(outcome)}</Paragraph>
      {report.fileProblems.length > 0 ? (
        <>
          <Heading level={3}>{t("import.report.fileProblems")}</Heading>
          <ul className="utrecht-unordered-list">
            {report.fileProblems.map((p) => (
              <li key={p.code} className="utrecht-unordered-list__item">
                {t(`import.file.${p.code}` as MessageKey, p.params)}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <Heading level={3}>{t("import.report.counts")}</Heading>
          <ul className="utrecht-unordered-list">
            {counts.map(([label, n]) => (
              <li key={label} className="utrecht-unordered-list__item">
                {t(label)}: {n}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.invalid.length > 0 ? (
        <>
          <Heading level={3}>{t("import.report.invalidTitle")}</Heading>
          {report.invalidTotal > report.invalid.length ? (
            <Paragraph>
              {t("import.report.more", { shown: report.invalid.length, total: report.invalidTotal })}
            </Paragraph>
          ) : null}
          <DataTable
            headers={[t("import.report.line"), t("import.report.externalId"), t("import.report.reasons")]}
            rows={report.invalid.map((row) => ({
              key: row.line,
              cells: [
                row.line,
                row.externalId ?? "",
                <ul key="problems" className="utrecht-unordered-list">
                  {row.problems.map((p) => (
                    <li
                      key={`${p.code}-${p.params.column}-${p.params.value ?? ""}`}
                      className="utrecht-unordered-list__item"
                    >
                      {t(`import.problem.${p.code}` as MessageKey, p.params)}
                    </li>
                  ))}
                </ul>,
              ],
            }))}
          />
        </>
      ) : null}
    </section>
  );
}
