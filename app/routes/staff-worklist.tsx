import { useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { isWorklist, WORKLIST_LIMIT, WORKLISTS, type WorklistColumn } from "../features/workspace/workspace.lists.ts";
import { type WorklistRow, worklist } from "../features/workspace/workspace.queries.server.ts";
import { DomainError, ErrorCode, withDomainErrors } from "../lib/errors.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useDates, useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-worklist";

/**
 * A work list behind a count of a staff home (`/medewerkers/werkvoorraad/<slug>`): only for the
 * role it belongs to, read as this person under row-level security, every view in the audit log.
 */
export async function loader({ params, request, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const now = new Date();
    const slug = params.list;
    if (!isWorklist(slug)) throw new DomainError(ErrorCode.NotFound, "no such work list");
    const allowed = session.actor.roles.includes(WORKLISTS[slug].role);
    await recordAudit(db, {
      actorId: session.userId,
      action: "workspace.list",
      objectType: "worklist",
      objectId: slug,
      result: allowed ? "allowed" : "denied",
      origin,
      at: now,
    });
    if (!allowed) throw new DomainError(ErrorCode.Forbidden, `not allowed: worklist ${slug}`);
    const raw = new URL(request.url).searchParams.get("medewerker") ?? "";
    const mediatorId = /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
    if (slug === "mediator-zaken" && mediatorId === undefined) throw new DomainError(ErrorCode.NotFound, "no mediator");
    const mediatorName =
      slug === "mediator-zaken" && mediatorId !== undefined
        ? ((await db.selectFrom("staff_user").select("display_name").where("id", "=", mediatorId).executeTakeFirst())
            ?.display_name ?? "")
        : "";
    const ctx = { actor: session.actor, now, today: todayInAmsterdam(now) };
    const { total, rows } = await worklist(db, ctx, slug, mediatorId);
    return { slug, total, rows, mediatorName, columns: [...WORKLISTS[slug].columns] as WorklistColumn[] };
  });
}

const DATE_COLUMNS = new Set<string>(["due", "written", "until"]);
const MOMENT_COLUMNS = new Set<string>(["received", "lastActivity", "when", "created"]);

export default function StaffWorklist() {
  const t = useT();
  const dates = useDates();
  const { slug, total, rows, mediatorName, columns } = useLoaderData<typeof loader>();
  const title = t(`workspace.list.${slug}` as MessageKey, { name: mediatorName });
  const cell = (row: WorklistRow, column: WorklistColumn) => {
    if (column === "reference") {
      return row.href ? (
        <AppLink key={column} to={row.href}>
          {row.reference}
        </AppLink>
      ) : (
        row.reference
      );
    }
    const value = row.values[column];
    if (value === null || value === undefined) return "–";
    if (column === "who" && row.href && slug === "zonder-tweede-factor")
      return (
        <AppLink key={column} to={row.href}>
          {String(value)}
        </AppLink>
      );
    if (column === "object")
      return row.href ? (
        <AppLink key={column} to={row.href}>
          {`${t(`workspace.object.${String(value)}` as MessageKey)} ${row.reference ?? ""}`}
        </AppLink>
      ) : (
        String(value)
      );
    if (DATE_COLUMNS.has(column)) return dates.date(String(value));
    if (MOMENT_COLUMNS.has(column)) return dates.dateTime(String(value));
    if (column === "step") return t(`step.${String(value)}` as MessageKey);
    if (column === "form") return t(`form.${String(value)}` as MessageKey);
    if (column === "holdReason") return t(`privacy.reason.${String(value)}` as MessageKey);
    if (column === "status")
      return slug === "uitgaande-post"
        ? t(`workspace.outbox.${String(value)}` as MessageKey)
        : t(`staff.users.status.${String(value)}` as MessageKey);
    return String(value);
  };
  return (
    <div>
      <PageTitle title={title} />
      <Paragraph>
        <AppLink to="/medewerkers">{t("workspace.list.back")}</AppLink>
      </Paragraph>
      <Heading level={1}>{title}</Heading>
      {rows.length === 0 ? (
        <Paragraph>{t("workspace.list.empty")}</Paragraph>
      ) : (
        <>
          <Paragraph>
            {t("workspace.list.count", { count: total })}{" "}
            {total > rows.length ? t("workspace.list.limited", { limit: WORKLIST_LIMIT }) : null}
          </Paragraph>
          <DataTable
            headers={columns.map((c) => t(`workspace.col.${c}` as MessageKey))}
            rows={rows.map((row) => ({ key: row.key, cells: columns.map((c) => cell(row, c)) }))}
          />
        </>
      )}
    </div>
  );
}
