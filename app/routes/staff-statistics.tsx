import { Form, useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { OutcomeSection } from "../features/outcomes/components/outcome-section.tsx";
import { outcomeSection } from "../features/outcomes/outcome-section.server.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { StatTableView } from "../features/statistics/components/stat-table.tsx";
import { figureLabels, yearsWithData } from "../features/statistics/figures.server.ts";
import { figureSet, parseFigureQuery, withCharts } from "../features/statistics/statistics.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { SelectField, TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-statistics";

/**
 * The statistics page for coordinators and researchers: the annual figures for a year or any
 * period, for all regions or one, each as a chart and a table with its definition, and the
 * downloads. Only counts: nothing here leads to a case.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, reportDb, origin } = authContext(context);
    const now = new Date();
    authorize(session.actor, "statistics.read");
    const url = new URL(request.url);
    const thisYear = Number(todayInAmsterdam(now).slice(0, 4));
    const parsed = parseFigureQuery(url, thisYear);
    const query = parsed ?? parseFigureQuery(new URL("http://x/"), thisYear);
    if (!query) throw new Error("default figure query must parse");
    const locale = context.get(requestStateContext).locale;
    const [set, years, labels, outcomes] = await Promise.all([
      figureSet(reportDb, session.actor, { ...query, publication: false }, locale),
      yearsWithData(reportDb),
      figureLabels(reportDb, locale),
      outcomeSection(reportDb, session.actor, query, locale),
    ]);
    await recordAudit(db, { actorId: session.userId, action: "statistics.read", result: "allowed", origin, at: now });
    const search = new URLSearchParams(url.search);
    search.delete("publicatie");
    return {
      invalid: parsed === undefined,
      query,
      years: [...new Set([thisYear, ...years])].sort((a, b) => b - a),
      regions: labels.regions,
      regionName: set.regionName,
      threshold: set.threshold,
      // A researcher's figures always follow the publication rules: the page says so.
      suppressed: set.publication,
      tables: withCharts(set.tables),
      outcomes,
      search: search.toString(),
    };
  });
}

export default function StaffStatistics() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const prefix = t("reg.errorPrefix");
  const { query } = data;
  const period = t("stats.periodLabel", { from: query.period.from, to: query.period.to });
  const title = `${t("stats.title")}: ${query.year ?? period}${data.regionName ? `, ${data.regionName}` : ""}`;
  const exportLink = (format: "csv" | "xlsx", publication: boolean) =>
    `/medewerkers/cijfers/export/${format}?${data.search}${publication ? `${data.search ? "&" : ""}publicatie=1` : ""}`;
  return (
    <div className="herstel-prose herstel-statistics">
      <PageTitle title={title} />
      <Heading level={1}>{title}</Heading>
      <Paragraph>{t("stats.intro")}</Paragraph>
      {data.suppressed ? (
        <Paragraph className="herstel-panel">{t("stats.suppressedForYou", { threshold: data.threshold })}</Paragraph>
      ) : null}
      {data.invalid ? (
        <div role="alert" className="herstel-error-summary">
          <Paragraph>{t("stats.periodInvalid")}</Paragraph>
        </div>
      ) : null}
      <Paragraph>{t("stats.periodHint")}</Paragraph>
      <Form method="get" className="herstel-filters" aria-label={t("stats.filters")}>
        <SelectField
          name="jaar"
          id="stats-year"
          label={t("stats.year")}
          value={query.year ? String(query.year) : ""}
          choices={data.years.map((y) => ({ value: String(y), label: String(y) }))}
          placeholder="–"
          errorPrefix={prefix}
        />
        <TextField
          name="van"
          id="stats-from"
          type="date"
          label={t("stats.from")}
          value={query.year ? "" : query.period.from}
          width="narrow"
          errorPrefix={prefix}
        />
        <TextField
          name="tot"
          id="stats-to"
          type="date"
          label={t("stats.to")}
          value={query.year ? "" : query.period.to}
          width="narrow"
          errorPrefix={prefix}
        />
        <SelectField
          name="regio"
          id="stats-region"
          label={t("stats.region")}
          value={query.regionId ? String(query.regionId) : ""}
          choices={data.regions.map((r) => ({ value: String(r.id), label: r.name }))}
          placeholder={t("stats.allRegions")}
          errorPrefix={prefix}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("stats.show")}
        </button>
      </Form>
      <nav aria-labelledby="downloads" className="herstel-panel">
        <Heading level={2} id="downloads">
          {t("stats.downloads")}
        </Heading>
        <ul>
          {(
            [
              ["csv", false, "stats.downloadCsv"],
              ["xlsx", false, "stats.downloadXlsx"],
              ["csv", true, "stats.downloadCsvPublication"],
              ["xlsx", true, "stats.downloadXlsxPublication"],
            ] as const
          ).map(([format, publication, label]) => (
            <li key={label}>
              <a href={exportLink(format, publication)} download>
                {t(label)}
              </a>
            </li>
          ))}
          <li>
            <a href={`/medewerkers/cijfers/vragenlijsten/export?${data.search}`} download>
              {t("outcomes.export")}
            </a>
          </li>
          {query.year ? (
            <li>
              <a
                href={`/medewerkers/cijfers/jaarbericht/${query.year}${query.regionId ? `?regio=${query.regionId}` : ""}`}
              >
                {t("stats.annualReport", { year: query.year })}
              </a>
            </li>
          ) : null}
        </ul>
        <Paragraph>{t("stats.publicationNote", { threshold: data.threshold })}</Paragraph>
        <Paragraph>{t("stats.roundingNote")}</Paragraph>
        {query.regionId ? <Paragraph>{t("stats.regionNote")}</Paragraph> : null}
      </nav>
      {data.tables.map((table) => (
        <StatTableView key={table.id} table={table} svg={table.svg} />
      ))}
      <OutcomeSection section={data.outcomes} />
    </div>
  );
}
