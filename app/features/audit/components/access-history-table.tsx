import { useDateTimeFormat, useT } from "../../../lib/i18n/i18n-react.tsx";
import { DataTable } from "../../../ui/data-table.tsx";
import { Heading } from "../../../ui/typography.tsx";

export type AccessHistoryRow = { id: number; at: string; who: string | null; action: string; result: string };

/** Who opened or changed a file and when (docs/security.md 21), on a registration and on a case. */
export function AccessHistoryTable({ history }: { history: AccessHistoryRow[] }) {
  const t = useT();
  const formatDate = useDateTimeFormat(true);
  return (
    <section aria-labelledby="access-history">
      <Heading level={2} id="access-history">
        {t("staff.history.title")}
      </Heading>
      <DataTable
        headers={[t("staff.history.when"), t("staff.history.who"), t("staff.history.what")]}
        rows={history.map((h) => ({
          key: h.id,
          cells: [
            formatDate(h.at),
            h.who ?? t("staff.history.unknown"),
            `${h.action}${h.result === "denied" ? ` (${t("staff.history.denied")})` : ""}`,
          ],
        }))}
      />
    </section>
  );
}
