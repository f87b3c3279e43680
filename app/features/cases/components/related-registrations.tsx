import { Form } from "react-router";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../../../ui/csrf-field.tsx";
import { DataTable } from "../../../ui/data-table.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";
import type { RelatedRegistration } from "../related.server.ts";

/** Possible duplicates and the other side of the same incident, with a way to link to that case. */
export function RelatedRegistrations({ related }: { related: RelatedRegistration[] }) {
  const t = useT();
  return (
    <section aria-labelledby="related">
      <Heading level={2} id="related">
        {t("related.title")}
      </Heading>
      {related.length === 0 ? (
        <Paragraph>{t("related.none")}</Paragraph>
      ) : (
        <DataTable
          headers={[t("staff.registrations.reference"), t("related.matches"), t("staff.table.actions")]}
          rows={related.map((r) => ({
            key: r.id,
            cells: [
              r.reference,
              r.reasons.map((reason) => t(`related.reason.${reason}` as MessageKey)).join(", "),
              r.caseId ? (
                <Form key="link" method="post">
                  <CsrfField />
                  <input type="hidden" name="intent" value="link" />
                  <input type="hidden" name="caseId" value={r.caseId} />
                  <button
                    type="submit"
                    className="utrecht-button utrecht-button--secondary-action"
                    aria-label={`${t("related.link")}: ${r.reference}`}
                  >
                    {t("related.link")}
                  </button>
                </Form>
              ) : (
                t("related.noCase")
              ),
            ],
          }))}
        />
      )}
    </section>
  );
}
