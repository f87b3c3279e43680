import type { ReactNode } from "react";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { DataTable } from "../../../ui/data-table.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";
import {
  CHANNELS,
  CONTACT_FORMS,
  IMPORT_COLUMNS,
  type ImportColumn,
  OUTCOMES,
  REGISTRANT_ROLES,
  REGISTRANT_SIDES,
  REQUIRED_COLUMNS,
} from "../import.rules.ts";

/** The codes this installation accepts, from its configured lists (they may differ from the defaults). */
export type ImportFormatCodes = {
  offenceCategories: string[];
  referrerTypes: string[];
  noContactReasons: string[];
  regions: string[];
};

const RULES: MessageKey[] = [
  "import.format.rule.closed",
  "import.format.rule.forms",
  "import.format.rule.reason",
  "import.format.rule.referrer",
  "import.format.rule.agreed",
  "import.format.rule.dates",
  "import.format.rule.again",
];

function requiredText(column: ImportColumn): MessageKey {
  if (REQUIRED_COLUMNS.has(column)) return "import.format.yes";
  if (column === "forms" || column === "no_contact_reason" || column === "closed_on")
    return `import.format.requiredWhen.${column}`;
  return "import.format.no";
}

/** A summary of docs/import-format.md: every column, and what must fit together. */
export function ImportFormat({ codes }: { codes: ImportFormatCodes }) {
  const t = useT();
  const list = (values: readonly string[]) => <code>{values.join(", ")}</code>;
  const values: Record<ImportColumn, ReactNode> = {
    external_id: t("import.format.text"),
    received_on: t("import.format.date"),
    taken_up_on: t("import.format.date"),
    channel: list(CHANNELS),
    referrer_type: list(codes.referrerTypes),
    registrant_side: list(REGISTRANT_SIDES),
    registrant_role: list(REGISTRANT_ROLES),
    offence_category: list(codes.offenceCategories),
    region: list(codes.regions),
    outcome: list(OUTCOMES),
    forms: t("import.format.formsAllowed", { forms: CONTACT_FORMS.join(", ") }),
    no_contact_reason: list(codes.noContactReasons),
    closed_on: t("import.format.date"),
    both_agreed: t("import.format.agreementAllowed"),
  };
  return (
    <section aria-labelledby="formaat">
      <Heading level={2} id="formaat">
        {t("import.format.title")}
      </Heading>
      <Paragraph>{t("import.format.intro")}</Paragraph>
      <DataTable
        headers={[
          t("import.format.column"),
          t("import.format.meaning"),
          t("import.format.required"),
          t("import.format.allowed"),
        ]}
        rows={IMPORT_COLUMNS.map((column) => ({
          key: column,
          cells: [
            <code key="column">{column}</code>,
            t(`import.format.desc.${column}` as MessageKey),
            t(requiredText(column)),
            values[column],
          ],
        }))}
      />
      <Heading level={3}>{t("import.format.rulesTitle")}</Heading>
      <ul className="utrecht-unordered-list">
        {RULES.map((rule) => (
          <li key={rule} className="utrecht-unordered-list__item">
            {t(rule)}
          </li>
        ))}
      </ul>
      <Paragraph>{t("import.format.docs")}</Paragraph>
    </section>
  );
}
