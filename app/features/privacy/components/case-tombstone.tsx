import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useDates, useT } from "../../../lib/i18n/i18n-react.tsx";
import { PageTitle } from "../../../ui/page-title.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";

/** What remains of an erased case (ADR 0020): its reference, its dates and the rule it was erased under. */
export function CaseTombstone(stone: {
  reference: string;
  received_on: string | null;
  taken_up_on: string | null;
  closed_on: string | null;
  erased_at: string;
  rule: string;
}) {
  const t = useT();
  const { date, dateTime: formatDate } = useDates();
  const title = t("privacy.tombstone.title", { reference: stone.reference });
  return (
    <div className="herstel-prose">
      <PageTitle title={title} />
      <Heading level={1}>{title}</Heading>
      <Paragraph>
        {t("privacy.tombstone.body", {
          erasedAt: formatDate(stone.erased_at),
          rule: t(`privacy.rule.${stone.rule}` as MessageKey),
        })}
      </Paragraph>
      <dl className="herstel-summary-list">
        {(
          [
            ["privacy.tombstone.received", stone.received_on],
            ["privacy.tombstone.takenUp", stone.taken_up_on],
            ["privacy.tombstone.closed", stone.closed_on],
          ] as const
        ).map(([key, value]) => (
          <div key={key} className="herstel-summary-list__row">
            <dt className="herstel-summary-list__key">{t(key)}</dt>
            <dd className="herstel-summary-list__value">{value ? date(value) : "–"}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
