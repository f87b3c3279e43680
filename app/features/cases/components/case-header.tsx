import { Link } from "react-router";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { useDates } from "../../../lib/use-dates.ts";
import { Heading } from "../../../ui/typography.tsx";
import type { CaseHeaderData } from "../case-header.server.ts";
import { SECTION_OF_MISSING, sectionPath } from "../case-sections.ts";

/**
 * The top of every section of a case: who and what it is about, where it stands, and what the
 * next step still needs (each missing item links to the section where it is recorded).
 */
export function CaseHeader({ header }: { header: CaseHeaderData }) {
  const t = useT();
  const tk = (key: string) => t(key as MessageKey);
  const { date } = useDates();
  const rows: [string, React.ReactNode][] = [
    [t("staff.cases.step"), tk(`step.${header.step}`)],
    [
      t("section.header.parties"),
      header.parties.length === 0
        ? "–"
        : header.parties
            .map((p) => `${p.name} (${tk(`party.role.${p.role}`)}, ${tk(`section.side.${p.side}`)})`)
            .join("; "),
    ],
    [
      t("staff.cases.mediators"),
      header.mediators.map((m) => (m.lead ? `${m.name} (${t("section.header.lead")})` : m.name)).join(", ") || "–",
    ],
    [t("staff.cases.region"), header.region],
    [
      header.step === "taken_up" ? t("staff.cases.due") : t("staff.case.takenUp"),
      header.step === "taken_up" ? (
        <>
          {date(header.due)}
          {header.overdue ? <strong className="herstel-overdue"> ({t("staff.cases.overdue")})</strong> : null}
        </>
      ) : (
        date(header.takenUpAt)
      ),
    ],
  ];
  return (
    <header className="herstel-case-header">
      <Heading level={1}>{t("staff.case.title", { reference: header.reference })}</Heading>
      <dl className="herstel-case-header__facts">
        {rows.map(([key, value]) => (
          <div key={key} className="herstel-case-header__fact">
            <dt>{key}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {header.next ? (
        <div className="herstel-case-header__next">
          <strong>{t("section.header.next", { step: tk(`step.${header.next.step}`) })}</strong>{" "}
          {header.next.missing.length === 0 ? (
            t("section.header.ready")
          ) : (
            <>
              {t("section.header.missing")}
              <ul>
                {header.next.missing.map((m) => {
                  const slug = SECTION_OF_MISSING[m];
                  const text = tk(`missing.${m}`);
                  return (
                    <li key={m}>
                      {slug === undefined ? (
                        text
                      ) : (
                        <Link className="utrecht-link" to={sectionPath(header.caseId, slug)}>
                          {text}
                        </Link>
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </div>
      ) : null}
    </header>
  );
}
