import { useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { can } from "../features/auth/permissions.ts";
import { privacyOverview, retentionRules } from "../features/privacy/privacy.queries.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useDates, useT } from "../lib/i18n/i18n-react.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-privacy";

/** The privacy officer's page (ADR 0020): due in 30 days, erased (counts), holds, requests. */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const now = new Date();
    const allowed = can(session.actor, "privacy.overview");
    await recordAudit(db, {
      actorId: session.userId,
      action: "privacy.overview",
      result: allowed ? "allowed" : "denied",
      origin,
      at: now,
    });
    const overview = await privacyOverview(db, session.actor, now);
    return { ...overview, rules: await retentionRules(db) };
  });
}

export default function StaffPrivacy() {
  const t = useT();
  const { date } = useDates();
  const { due, erased, holds, requests, rules } = useLoaderData<typeof loader>();
  const rule = (kind: string) => t(`privacy.rule.${kind}` as MessageKey);
  return (
    <div className="herstel-prose">
      <PageTitle title={t("privacy.title")} />
      <Heading level={1}>{t("privacy.title")}</Heading>
      <Paragraph>{t("privacy.intro")}</Paragraph>

      <Heading level={2}>{t("privacy.requests.title")}</Heading>
      {requests.length === 0 ? (
        <Paragraph>{t("privacy.requests.none")}</Paragraph>
      ) : (
        <DataTable
          headers={[
            t("privacy.due.reference"),
            t("privacy.requests.kind"),
            t("privacy.requests.party"),
            t("privacy.requests.received"),
            t("privacy.requests.due"),
            t("privacy.requests.status"),
          ]}
          rows={requests.map((r) => ({
            key: r.id,
            cells: [
              r.case_reference,
              t(`privacy.kind.${r.kind}`),
              t(`privacy.party.${r.party_role}`),
              date(r.received_on),
              date(r.due_on),
              r.lifted_at ? (
                t("privacy.requests.lifted")
              ) : r.decision ? (
                t(r.decision === "approved" ? "privacy.requests.approved" : "privacy.requests.rejected")
              ) : r.overdue ? (
                <strong key="late">{t("privacy.requests.overdue")}</strong>
              ) : (
                t("privacy.requests.open")
              ),
            ],
          }))}
        />
      )}

      <Heading level={2}>{t("privacy.due.title")}</Heading>
      {due.length === 0 ? (
        <Paragraph>{t("privacy.due.none")}</Paragraph>
      ) : (
        <DataTable
          headers={[
            t("privacy.due.reference"),
            t("privacy.due.what"),
            t("privacy.due.rule"),
            t("privacy.due.since"),
            t("privacy.due.on"),
          ]}
          rows={due.map((d) => ({
            key: `${d.objectType}:${d.objectId}`,
            cells: [
              d.reference,
              t(`privacy.due.object.${d.objectType}`),
              rule(d.kind),
              d.anchorOn,
              d.held ? t("privacy.due.held") : d.dueOn,
            ],
          }))}
        />
      )}

      <Heading level={2}>{t("privacy.holds.title")}</Heading>
      {holds.length === 0 ? (
        <Paragraph>{t("privacy.holds.none")}</Paragraph>
      ) : (
        <DataTable
          headers={[
            t("privacy.due.reference"),
            t("privacy.holds.reason"),
            t("privacy.holds.until"),
            t("privacy.holds.status"),
          ]}
          rows={holds.map((h) => ({
            key: h.id,
            cells: [
              h.case_id === null ? `${h.reference} (${t("privacy.holds.registration")})` : h.reference,
              t(`privacy.reason.${h.reason}` as MessageKey),
              h.until,
              h.lifted_at ? t("privacy.holds.lifted") : h.ended ? t("privacy.holds.ended") : t("privacy.holds.active"),
            ],
          }))}
        />
      )}

      <Heading level={2}>{t("privacy.erased.title")}</Heading>
      {erased.length === 0 ? (
        <Paragraph>{t("privacy.erased.none")}</Paragraph>
      ) : (
        <DataTable
          headers={[
            t("privacy.erased.month"),
            t("privacy.due.rule"),
            t("privacy.due.what"),
            t("privacy.erased.count"),
            t("privacy.erased.registrations"),
          ]}
          rows={erased.map((e) => ({
            key: `${e.month}:${e.rule}:${e.object_type}`,
            cells: [
              e.month.slice(0, 7),
              rule(e.rule),
              t(`privacy.due.object.${e.object_type}` as MessageKey),
              e.objects,
              e.registrations,
            ],
          }))}
        />
      )}

      <Heading level={2}>{t("privacy.schedule.title")}</Heading>
      <DataTable
        headers={[t("privacy.schedule.kind"), t("privacy.schedule.period"), t("privacy.schedule.basis")]}
        rows={[
          ...rules.map((r) => ({
            key: r.kind,
            cells: [
              rule(r.kind),
              t("privacy.period", { months: String(r.keep_months), days: String(r.keep_days) }),
              r.legal_basis,
            ],
          })),
          ...(["session", "rateLimit", "draft", "audit"] as const).map((k) => ({
            key: k,
            cells: [t(`privacy.schedule.fixed.${k}`), "", ""],
          })),
        ]}
      />
    </div>
  );
}
