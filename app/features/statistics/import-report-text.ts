import type { MessageKey, Translate } from "../../lib/i18n/i18n.ts";
import type { ImportReport } from "./import.server.ts";

/** The import report as plain text, for the command line: counts, then every problem by line. */
export function importReportText(report: ImportReport, t: Translate): string {
  const lines: string[] = [`${report.fileName}:`];
  if (report.fileProblems.length > 0) {
    for (const p of report.fileProblems) lines.push(`  ${t(`import.file.${p.code}` as MessageKey, p.params)}`);
  } else {
    lines.push(
      `  ${t("import.report.rows")}: ${report.rows}`,
      `  ${t("import.report.valid")}: ${report.valid}`,
      `  ${t("import.report.invalid")}: ${report.invalid.length}`,
    );
    if (report.imported) {
      lines.push(
        `  ${t("import.report.inserted")}: ${report.inserted}`,
        `  ${t("import.report.alreadyImported")}: ${report.alreadyImported}`,
      );
      if (report.agreementAdded > 0) lines.push(`  ${t("import.report.agreementAdded")}: ${report.agreementAdded}`);
    }
  }
  if (report.invalid.length > 0) {
    lines.push("", `${t("import.report.invalidTitle")}:`);
    for (const row of report.invalid) {
      const id = row.externalId ? ` (${row.externalId})` : "";
      for (const p of row.problems) {
        lines.push(
          `  ${t("import.report.line")} ${row.line}${id}: ${t(`import.problem.${p.code}` as MessageKey, p.params)}`,
        );
      }
    }
  }
  const outcome: MessageKey = report.imported
    ? "import.report.imported"
    : report.fileProblems.length > 0
      ? "import.report.refused"
      : report.invalid.length > 0 && report.valid > 0
        ? "import.report.refusedInvalid"
        : "import.report.nothingValid";
  lines.push("", t(outcome));
  return `${lines.join("\n")}\n`;
}
