import { useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { listBreakGlass } from "../features/auth/break-glass.server.ts";
import { authorize, can } from "../features/auth/permissions.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { useLocale, useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-break-glass";

/** Every use of break the glass, for coordinators and administrators to review. */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const now = new Date();
    const allowed = can(session.actor, "break-glass.review");
    await recordAudit(db, {
      actorId: session.userId,
      action: "break_glass.review",
      result: allowed ? "allowed" : "denied",
      origin,
      at: now,
    });
    authorize(session.actor, "break-glass.review");
    const rows = await listBreakGlass(db);
    return {
      rows: rows.map((r) => ({ ...r, created_at: r.created_at.toISOString(), expires_at: r.expires_at.toISOString() })),
    };
  });
}

export default function StaffBreakGlass() {
  const t = useT();
  const locale = useLocale();
  const { rows } = useLoaderData<typeof loader>();
  const format = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "nl-NL", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/Amsterdam",
  });
  return (
    <div>
      <PageTitle title={t("staff.breakGlassList.title")} />
      <Heading level={1}>{t("staff.breakGlassList.title")}</Heading>
      {rows.length === 0 ? (
        <Paragraph>{t("staff.breakGlassList.empty")}</Paragraph>
      ) : (
        <table className="utrecht-table herstel-table">
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                {t("staff.breakGlassList.when")}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t("staff.breakGlassList.who")}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t("staff.breakGlassList.file")}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t("staff.breakGlassList.reason")}
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {rows.map((r) => (
              <tr key={r.id} className="utrecht-table__row">
                <td className="utrecht-table__cell">{format.format(new Date(r.created_at))}</td>
                <td className="utrecht-table__cell">{r.display_name}</td>
                <td className="utrecht-table__cell">
                  <AppLink to={`/medewerkers/aanmeldingen/${r.object_id}`}>{r.object_id}</AppLink>
                </td>
                <td className="utrecht-table__cell herstel-summary-list__value">{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
