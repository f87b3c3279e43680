import { useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { loadLists } from "../features/registration/registration.queries.server.ts";
import { listNewRegistrations } from "../features/registration/registration-staff.queries.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { useDateTimeFormat, useLocale, useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-registrations";

export async function loader({ request, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const now = new Date();
    try {
      authorize(session.actor, "registration.list");
    } catch (error) {
      await recordAudit(db, {
        actorId: session.userId,
        action: "registration.list",
        result: "denied",
        origin,
        at: now,
      });
      throw error;
    }
    const [rows, lists] = await Promise.all([listNewRegistrations(db, session.actor), loadLists(db)]);
    await recordAudit(db, { actorId: session.userId, action: "registration.list", result: "allowed", origin, at: now });
    const takenUp = new URL(request.url).searchParams.get("opgenomen");
    const linked = new URL(request.url).searchParams.has("gekoppeld");
    return {
      takenUp: takenUp && /^HB-\d{4}-\d{6}$/.test(takenUp) ? takenUp : null,
      linked,
      now: now.toISOString(),
      offences: lists.offence_category,
      rows: rows.map((r) => ({ ...r, received_at: r.received_at.toISOString() })),
    };
  });
}

export default function StaffRegistrations() {
  const t = useT();
  const locale = useLocale();
  const formatDate = useDateTimeFormat();
  const { rows, offences, now, takenUp, linked } = useLoaderData<typeof loader>();
  const offence = (code: string) => {
    const item = offences.find((o) => o.code === code);
    return item ? (locale === "en" ? item.label_en : item.label_nl) : code;
  };
  return (
    <div>
      <PageTitle title={t("staff.registrations.title")} />
      <Heading level={1}>{t("staff.registrations.title")}</Heading>
      <Paragraph>
        <AppLink to="/medewerkers/aanmeldingen/nieuw">{t("entry.title")}</AppLink>
      </Paragraph>
      {linked ? (
        <Paragraph role="status" className="herstel-panel">
          {t("related.linked")}
        </Paragraph>
      ) : null}
      {takenUp ? (
        <Paragraph role="status" className="herstel-panel">
          {t("staff.takeUp.done", { reference: takenUp })}
        </Paragraph>
      ) : null}
      {rows.length === 0 ? (
        <Paragraph>{t("staff.registrations.empty")}</Paragraph>
      ) : (
        <DataTable
          headers={[
            t("staff.registrations.reference"),
            t("staff.registrations.received"),
            t("staff.registrations.waiting"),
            t("staff.registrations.role"),
            t("staff.registrations.offence"),
            t("staff.registrations.via"),
          ]}
          rows={rows.map((r) => ({
            key: r.id,
            cells: [
              <AppLink key="ref" to={`/medewerkers/aanmeldingen/${r.id}`}>
                {r.reference}
              </AppLink>,
              formatDate(r.received_at),
              t("staff.registrations.days", {
                days: Math.floor((Date.parse(now) - Date.parse(r.received_at)) / 86_400_000),
              }),
              t(`option.role.${r.registrant_role}` as "option.role.victim"),
              offence(r.offence_category),
              t(`staff.registrations.via.${r.submitted_by}`),
            ],
          }))}
        />
      )}
    </div>
  );
}
