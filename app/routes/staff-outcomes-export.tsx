import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { researchExport } from "../features/outcomes/outcome-figures.server.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { parseFigureQuery } from "../features/statistics/statistics.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import type { Route } from "./+types/staff-outcomes-export";

/**
 * GET /medewerkers/cijfers/vragenlijsten/export?jaar=YYYY: the questionnaire answers for
 * research, pseudonymised (a random id per person; no reference, no day, no open answers), as
 * CSV. For coordinators and researchers, like the figures; every download is audited.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, reportDb, origin } = authContext(context);
    authorize(session.actor, "statistics.read");
    const now = new Date();
    const query = parseFigureQuery(new URL(request.url), Number(todayInAmsterdam(now).slice(0, 4)));
    if (!query)
      return new Response("Invalid period or region.", {
        status: 400,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    const csv = await researchExport(reportDb, session.actor, { period: query.period, regionId: query.regionId });
    await recordAudit(db, { actorId: session.userId, action: "outcomes.export", result: "allowed", origin, at: now });
    const period = query.year ? String(query.year) : `${query.period.from}_${query.period.to}`;
    return new Response(`\uFEFF${csv}`, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="herstel-vragenlijsten-${period}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
