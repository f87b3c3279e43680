import { useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { listBreakGlass } from "../features/auth/break-glass.server.ts";
import { authorize, can } from "../features/auth/permissions.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { useDateTimeFormat, useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { DataTable } from "../ui/data-table.tsx";
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
  const formatDate = useDateTimeFormat();
  const { rows } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageTitle title={t("staff.breakGlassList.title")} />
      <Heading level={1}>{t("staff.breakGlassList.title")}</Heading>
      {rows.length === 0 ? (
        <Paragraph>{t("staff.breakGlassList.empty")}</Paragraph>
      ) : (
        <DataTable
          headers={[
            t("staff.breakGlassList.when"),
            t("staff.breakGlassList.who"),
            t("staff.breakGlassList.file"),
            t("staff.breakGlassList.reason"),
          ]}
          rows={rows.map((r) => ({
            key: r.id,
            cells: [
              formatDate(r.created_at),
              r.display_name,
              <AppLink
                key="file"
                to={`/medewerkers/${r.object_type === "case" ? "zaken" : "aanmeldingen"}/${r.object_id}`}
              >
                {r.object_id}
              </AppLink>,
              <span key="reason" className="herstel-summary-list__value">
                {r.reason}
              </span>,
            ],
          }))}
        />
      )}
    </div>
  );
}
