import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { useDates } from "../../../lib/use-dates.ts";
import { DataTable } from "../../../ui/data-table.tsx";

export type TimelineEvent = { id: number; at: string; kind: string; actor: string | null; to: string | null };

/** Events of a case: when, who, what (a move names the step it led to). */
export function TimelineTable({ events }: { events: TimelineEvent[] }) {
  const t = useT();
  const tk = (key: string) => t(key as MessageKey);
  const { dateTime } = useDates();
  return (
    <DataTable
      headers={[t("staff.history.when"), t("staff.history.who"), t("staff.history.what")]}
      rows={events.map((e) => ({
        key: e.id,
        cells: [
          dateTime(e.at),
          e.actor ?? t("staff.history.unknown"),
          e.to && (e.kind === "case.advance" || e.kind === "case.reopen")
            ? t("event.movedTo", { what: tk(`event.${e.kind}`), step: tk(`step.${e.to}`) })
            : tk(`event.${e.kind}`),
        ],
      }))}
    />
  );
}
