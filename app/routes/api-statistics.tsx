import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { can } from "../features/auth/permissions.ts";
import { outcomeSection, outcomesJson } from "../features/outcomes/outcome-section.server.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { figureSet, parseFigureQuery, statisticsJson } from "../features/statistics/statistics.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { requestStateContext } from "../lib/request-state.server.ts";
import type { Route } from "./+types/api-statistics";

/**
 * GET /api/v1/statistics?year=YYYY (or from=…&to=…, region=ID, publication=1): the figures as
 * JSON for signed-in coordinators and researchers. The numbers and definitions are those of the
 * statistics page; with publication=1 only the suppressed tables are returned.
 */
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });

export function loader(args: Route.LoaderArgs) {
  // A database that is away answers 503 with {"code":"DATABASE_UNAVAILABLE"}.
  return withDomainErrors(() => figures(args));
}

async function figures({ request, context }: Route.LoaderArgs) {
  const session = requireSession(context);
  const { db, reportDb, origin } = authContext(context);
  const now = new Date();
  const allowed = can(session.actor, "statistics.read");
  await recordAudit(db, {
    actorId: session.userId,
    action: "statistics.api",
    result: allowed ? "allowed" : "denied",
    origin,
    at: now,
  });
  if (!allowed) return json({ error: "forbidden" }, 403);
  const query = parseFigureQuery(new URL(request.url), Number(todayInAmsterdam(now).slice(0, 4)));
  if (!query)
    return json(
      { error: "invalid_query", message: "year=YYYY, or from and to as YYYY-MM-DD; region as a number" },
      400,
    );
  const locale = context.get(requestStateContext).locale;
  const set = await figureSet(reportDb, session.actor, query, locale);
  const outcomes = outcomesJson(await outcomeSection(reportDb, session.actor, query, locale));
  return json({ ...statisticsJson(query, set), outcomes });
}
