import { useLoaderData } from "react-router";
import { accessHistoryWithNames } from "../features/audit/access-history.server.ts";
import { AccessHistoryTable } from "../features/audit/components/access-history-table.tsx";
import { can } from "../features/auth/permissions.ts";
import { loadSection, timelineRow } from "../features/cases/case-section.server.ts";
import { TimelineTable } from "../features/cases/components/timeline-table.tsx";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-case-timeline";

/** Events shown per page of the timeline. */
const EVENTS_PER_PAGE = 12;

/** The timeline, newest first, a page at a time; for the coordinator also who opened or changed the case. */
export async function loader(args: Route.LoaderArgs) {
  return loadSection(args, async ({ db, actor, found }) => {
    const requested = Number(new URL(args.request.url).searchParams.get("pagina") ?? "1");
    const pages = Math.max(1, Math.ceil(found.events.length / EVENTS_PER_PAGE));
    const page = Number.isInteger(requested) && requested >= 1 && requested <= pages ? requested : 1;
    const history = can(actor, "audit.read-object") ? await accessHistoryWithNames(db, "case", found.id) : null;
    return {
      page,
      pages,
      events: found.events.slice((page - 1) * EVENTS_PER_PAGE, page * EVENTS_PER_PAGE).map(timelineRow),
      history: history?.slice(0, EVENTS_PER_PAGE) ?? null,
    };
  });
}

export default function CaseTimelineSection() {
  const c = useLoaderData<typeof loader>();
  const t = useT();
  if (!c) return null;
  return (
    <>
      <section aria-labelledby="timeline">
        <Heading level={2} id="timeline">
          {t("staff.case.timeline")}
        </Heading>
        {c.events.length === 0 ? <Paragraph>–</Paragraph> : <TimelineTable events={c.events} />}
        {c.pages > 1 ? (
          <nav aria-label={t("cases.pages")} className="herstel-pagination">
            {c.page > 1 ? <AppLink to={`?pagina=${c.page - 1}`}>{t("cases.previous")}</AppLink> : null}
            <span>{t("section.pageOf", { page: c.page, pages: c.pages })}</span>
            {c.page < c.pages ? <AppLink to={`?pagina=${c.page + 1}`}>{t("cases.next")}</AppLink> : null}
          </nav>
        ) : null}
      </section>
      {c.history ? <AccessHistoryTable history={c.history} /> : null}
    </>
  );
}
