import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { exportFileName, tablesToCsv, tablesToXlsx } from "../features/statistics/exports.server.ts";
import { exportHeader, figureSet, parseFigureQuery } from "../features/statistics/statistics.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { requestStateContext } from "../lib/request-state.server.ts";
import type { Route } from "./+types/staff-statistics-export";

/** Every table of the figures as one CSV or XLSX file; `publicatie=1` hides small counts. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, reportDb, origin } = authContext(context);
    authorize(session.actor, "statistics.read");
    const format = params.format;
    if (format !== "csv" && format !== "xlsx") throw routeError(ErrorCode.NotFound);
    const now = new Date();
    const query = parseFigureQuery(new URL(request.url), Number(todayInAmsterdam(now).slice(0, 4)));
    if (!query)
      return new Response("Invalid period or region.", {
        status: 400,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    const locale = context.get(requestStateContext).locale;
    const set = await figureSet(reportDb, session.actor, query, locale);
    const header = exportHeader(locale, query, set);
    await recordAudit(db, {
      actorId: session.userId,
      action: query.publication ? "statistics.export.publication" : "statistics.export",
      result: "allowed",
      origin,
      at: now,
    });
    const name = exportFileName(query, format);
    const body =
      format === "csv" ? tablesToCsv(header, set.tables) : new Uint8Array(await tablesToXlsx(header, set.tables));
    return new Response(body, {
      headers: {
        "Content-Type":
          format === "csv"
            ? "text/csv; charset=utf-8"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="${name}"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
