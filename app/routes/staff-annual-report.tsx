import { useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { OutcomeSection } from "../features/outcomes/components/outcome-section.tsx";
import { outcomeSection } from "../features/outcomes/outcome-section.server.ts";
import { StatTableView } from "../features/statistics/components/stat-table.tsx";
import { changePercent } from "../features/statistics/rounding.ts";
import { figureSet, parseFigureQuery, withCharts } from "../features/statistics/statistics.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { AppLink } from "../ui/app-link.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-annual-report";

/**
 * The annual report ("jaarbericht") of one year: the brochure's questions in order, each
 * answered by its figures with the change on the year before. Printable on A4 (print styles in
 * app/styles/print.css).
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, reportDb, origin } = authContext(context);
    authorize(session.actor, "statistics.read");
    if (!/^\d{4}$/.test(params.year)) throw routeError(ErrorCode.NotFound);
    const url = new URL(request.url);
    url.searchParams.set("jaar", params.year);
    url.searchParams.delete("van");
    url.searchParams.delete("tot");
    const query = parseFigureQuery(url, Number(params.year));
    if (!query?.year) throw routeError(ErrorCode.NotFound);
    const set = await figureSet(
      reportDb,
      session.actor,
      { ...query, publication: false },
      context.get(requestStateContext).locale,
    );
    await recordAudit(db, {
      actorId: session.userId,
      action: "statistics.report",
      result: "allowed",
      origin,
      at: new Date(),
    });
    const f = set.figures;
    // Under the publication rules (always for a researcher) a small count shows as "<5".
    const shown = (n: number) => (set.publication && n > 0 && n < set.threshold ? `<${set.threshold}` : String(n));
    const exact = !set.publication || [f.received, f.receivedPrevious].every((n) => n === 0 || n >= set.threshold);
    return {
      year: query.year,
      regionName: set.regionName,
      received: shown(f.received),
      takenUp: shown(f.takenUp),
      change: exact ? changePercent(f.received, f.receivedPrevious) : null,
      tables: withCharts(set.tables),
      outcomes: await outcomeSection(reportDb, session.actor, query, context.get(requestStateContext).locale),
    };
  });
}

/** The brochure's questions in order, and which tables answer each. */
const SECTIONS: { question: MessageKey; tables: string[] }[] = [
  { question: "report.q1", tables: ["channel", "referrerType"] },
  { question: "report.q2", tables: ["contact", "contactPerOffence"] },
  { question: "report.q3", tables: ["initiative", "role"] },
  { question: "report.q4", tables: ["offences", "sexualOffence"] },
  { question: "report.q5", tables: ["forms"] },
  { question: "report.more", tables: ["summary", "noContactReasons", "durations", "perMediator"] },
];

export default function AnnualReport() {
  const t = useT();
  const r = useLoaderData<typeof loader>();
  const title = `${t("report.title", { year: r.year })}${r.regionName ? `, ${r.regionName}` : ""}`;
  const change =
    r.change === null
      ? t("report.changeUnknown")
      : t("report.changeValue", { value: r.change > 0 ? `+${r.change}` : r.change });
  return (
    <article className="herstel-prose herstel-report">
      <PageTitle title={title} />
      <p className="herstel-report__back">
        <AppLink to={`/medewerkers/cijfers?jaar=${r.year}`}>{t("report.back")}</AppLink>
      </p>
      <Heading level={1}>{title}</Heading>
      <Paragraph>{t("report.intro", { year: r.year, previous: r.year - 1 })}</Paragraph>
      <Paragraph className="herstel-report__lead">
        {t("report.received", { year: r.year, received: r.received, change, previous: r.year - 1, takenUp: r.takenUp })}
      </Paragraph>
      {SECTIONS.map((section) => (
        <section key={section.question} className="herstel-report__section" aria-label={t(section.question)}>
          <Heading level={2}>{t(section.question)}</Heading>
          {section.tables.map((id) => {
            const table = r.tables.find((x) => x.id === id);
            return table ? <StatTableView key={id} table={table} svg={table.svg} level={3} /> : null;
          })}
        </section>
      ))}
      <OutcomeSection section={r.outcomes} />
      <Paragraph className="herstel-report__note">{t("stats.roundingNote")}</Paragraph>
    </article>
  );
}
