import { useLoaderData } from "react-router";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize, can } from "../features/auth/permissions.ts";
import { CASE_STEPS } from "../features/cases/case.rules.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { CountLink, CountList, WorkspaceCard } from "../features/workspace/components/counts.tsx";
import { endOfWeek } from "../features/workspace/workspace.lists.ts";
import {
  administratorHome,
  coordinatorHome,
  databaseStatus,
  intakeHome,
  mediatorHome,
  type WorkContext,
} from "../features/workspace/workspace.queries.server.ts";
import { backupStatus } from "../features/workspace/workspace-status.server.ts";
import { appContext } from "../lib/app-context.ts";
import { withDomainErrors } from "../lib/errors.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useDates, useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-home";

/**
 * The home of the staff area: for each of this person's roles, what waits for them, as counts
 * that open the list behind them. Every count is read as this person (row-level security).
 */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    authorize(session.actor, "staff.home");
    const { db, config } = authContext(context);
    const now = new Date();
    const today = todayInAmsterdam(now);
    const ctx: WorkContext = { actor: session.actor, now, today };
    const roles = session.actor.roles;
    const handle = context.get(appContext).services.database.get();
    return {
      name: session.displayName,
      roles: [...roles],
      year: Number(today.slice(0, 4)),
      intake: roles.includes("intake") ? await intakeHome(db, ctx) : null,
      mediator: roles.includes("mediator") ? await mediatorHome(db, ctx, endOfWeek(today)) : null,
      coordinator: roles.includes("coordinator") ? await coordinatorHome(db, ctx) : null,
      administrator: roles.includes("administrator")
        ? {
            ...(await administratorHome(db, ctx)),
            database: { kind: handle.kind, ...(await databaseStatus(db)) },
            backups: handle.kind === "pglite" ? backupStatus(config.dataDir, config.backupKeep) : null,
          }
        : null,
      researcher: can(session.actor, "statistics.read") && roles.includes("researcher"),
      privacy: can(session.actor, "privacy.overview"),
    };
  });
}

export default function StaffHome() {
  const t = useT();
  const dates = useDates();
  const home = useLoaderData<typeof loader>();
  const { intake, mediator, coordinator, administrator } = home;
  return (
    <div>
      <PageTitle title={t("staff.nav.home")} />
      <Heading level={1}>{t("workspace.home.title", { name: home.name })}</Heading>
      <Paragraph>{home.roles.length > 0 ? t("workspace.home.lead") : t("workspace.noRoles")}</Paragraph>
      <div className="herstel-workspace">
        {intake ? (
          <WorkspaceCard title={t("workspace.intake.title")}>
            <CountList>
              <CountLink
                id="intake-waiting"
                count={intake.waiting}
                label="workspace.intake.waiting"
                to="/medewerkers/aanmeldingen"
              />
              {intake.oldestReceived && intake.oldestWaitingDays !== null ? (
                <CountLink
                  id="intake-oldest"
                  count={intake.oldestWaitingDays}
                  label="workspace.intake.oldest"
                  values={{ date: dates.date(intake.oldestReceived) }}
                  to="/medewerkers/aanmeldingen"
                  attention={intake.oldestWaitingDays > 7}
                />
              ) : null}
              <CountLink
                id="intake-duplicates"
                count={intake.duplicates}
                label="workspace.intake.duplicates"
                to="/medewerkers/werkvoorraad/mogelijk-dubbel"
              />
              <CountLink
                id="intake-phone-today"
                count={intake.phoneToday}
                label="workspace.intake.phoneToday"
                to="/medewerkers/werkvoorraad/telefonisch-vandaag"
              />
            </CountList>
            {intake.oldestReceived ? null : <Paragraph>{t("workspace.intake.oldestNone")}</Paragraph>}
            <Paragraph>
              <AppLink to="/medewerkers/aanmeldingen/nieuw">{t("workspace.intake.enter")}</AppLink>
            </Paragraph>
          </WorkspaceCard>
        ) : null}
        {mediator ? (
          <>
            <WorkspaceCard title={t("workspace.mediator.byStep")}>
              {Object.keys(mediator.byStep).length === 0 ? (
                <Paragraph>{t("workspace.mediator.noOpen")}</Paragraph>
              ) : (
                <CountList>
                  {CASE_STEPS.filter((step) => mediator.byStep[step]).map((step) => (
                    <CountLink
                      key={step}
                      id={`mediator-step-${step}`}
                      count={mediator.byStep[step] ?? 0}
                      text={t(`step.${step}` as MessageKey)}
                      to={`/medewerkers/zaken?step=${step}`}
                    />
                  ))}
                </CountList>
              )}
            </WorkspaceCard>
            <WorkspaceCard title={t("workspace.mediator.title")}>
              <CountList>
                <CountLink
                  id="mediator-first-overdue"
                  count={mediator.firstOverdue}
                  label="workspace.mediator.firstOverdue"
                  to="/medewerkers/zaken?overdue=yes"
                  attention
                />
                <CountLink
                  id="mediator-first-soon"
                  count={mediator.firstDueSoon}
                  label="workspace.mediator.firstSoon"
                  to="/medewerkers/werkvoorraad/eerste-gesprek-binnenkort"
                />
                <CountLink
                  id="mediator-tasks-overdue"
                  count={mediator.tasksOverdue}
                  label="workspace.mediator.tasksOverdue"
                  to="/medewerkers/taken?termijn=verlopen"
                  attention
                />
                <CountLink
                  id="mediator-tasks-week"
                  count={mediator.tasksThisWeek}
                  label="workspace.mediator.tasksWeek"
                  to="/medewerkers/taken?termijn=deze-week"
                />
                <CountLink
                  id="mediator-letters"
                  count={mediator.lettersToRead}
                  label="workspace.mediator.letters"
                  to="/medewerkers/werkvoorraad/brieven-te-lezen"
                />
                <CountLink
                  id="mediator-quiet"
                  count={mediator.quiet}
                  label="workspace.mediator.quiet"
                  to="/medewerkers/werkvoorraad/zonder-activiteit"
                  attention
                />
              </CountList>
            </WorkspaceCard>
          </>
        ) : null}
        {coordinator ? (
          <WorkspaceCard title={t("workspace.coordinator.title")}>
            <CountList>
              <CountLink
                id="coordinator-waiting"
                count={coordinator.waiting}
                label="workspace.coordinator.waiting"
                to="/medewerkers/aanmeldingen"
              />
              <CountLink
                id="coordinator-first-overdue"
                count={coordinator.firstOverdue}
                label="workspace.coordinator.firstOverdue"
                to="/medewerkers/zaken?overdue=yes"
                attention
              />
              <CountLink
                id="coordinator-break-glass"
                count={coordinator.breakGlass}
                label="workspace.coordinator.breakGlass"
                to="/medewerkers/werkvoorraad/noodtoegang"
                attention
              />
              <CountLink
                id="coordinator-on-hold"
                count={coordinator.onHold}
                label="workspace.coordinator.onHold"
                to="/medewerkers/werkvoorraad/bewaarplicht"
              />
            </CountList>
          </WorkspaceCard>
        ) : null}
        {administrator ? (
          <>
            <WorkspaceCard title={t("workspace.admin.title")}>
              <CountList>
                <CountLink
                  id="admin-no-second-factor"
                  count={administrator.withoutSecondFactor}
                  label="workspace.admin.noSecondFactor"
                  to="/medewerkers/werkvoorraad/zonder-tweede-factor"
                  attention
                />
                <CountLink
                  id="admin-outbox"
                  count={administrator.outbox.attention}
                  label="workspace.admin.outboxAttention"
                  to="/medewerkers/werkvoorraad/uitgaande-post"
                  attention={administrator.outbox.failed > 0}
                />
              </CountList>
              <Paragraph>
                <AppLink to="/medewerkers/beheer/gebruikers">
                  {t("workspace.admin.accounts", {
                    invited: administrator.invited,
                    deactivated: administrator.deactivated,
                  })}
                </AppLink>
              </Paragraph>
              <Paragraph>{t("workspace.admin.outboxDetail", administrator.outbox)}</Paragraph>
            </WorkspaceCard>
            <WorkspaceCard title={t("workspace.admin.database")}>
              <Paragraph>
                {administrator.database.kind === "pglite"
                  ? t("workspace.admin.databaseEmbedded")
                  : t("workspace.admin.databaseServer")}{" "}
                {!administrator.database.answers
                  ? t("workspace.admin.databaseDown")
                  : administrator.database.migrations === null
                    ? t("workspace.admin.databaseAnswers")
                    : t("workspace.admin.databaseOk", {
                        count: administrator.database.migrations,
                        last: administrator.database.lastMigration ?? "–",
                      })}
              </Paragraph>
              <Paragraph>
                {administrator.backups === null
                  ? t("workspace.admin.backupServer")
                  : administrator.backups.keep === 0
                    ? t("workspace.admin.backupOff")
                    : administrator.backups.last
                      ? t("workspace.admin.backupLast", {
                          date: dates.dateTime(administrator.backups.last),
                          count: administrator.backups.count,
                          keep: administrator.backups.keep,
                        })
                      : t("workspace.admin.backupNone")}
              </Paragraph>
              <Heading level={3}>{t("workspace.admin.import")}</Heading>
              <Paragraph>
                {administrator.lastImport ? (
                  <AppLink to="/medewerkers/beheer/import">
                    {t("workspace.admin.importDone", {
                      file: administrator.lastImport.file,
                      rows: administrator.lastImport.rows,
                      date: dates.dateTime(administrator.lastImport.at),
                    })}
                  </AppLink>
                ) : (
                  t("workspace.admin.importNone")
                )}
              </Paragraph>
            </WorkspaceCard>
          </>
        ) : null}
        {home.researcher ? (
          <WorkspaceCard title={t("workspace.researcher.title")}>
            <Paragraph>{t("workspace.researcher.lead")}</Paragraph>
            <ul className="herstel-counts">
              <li>
                <AppLink to="/medewerkers/cijfers">{t("workspace.researcher.figures")}</AppLink>
              </li>
              <li>
                <AppLink to={`/medewerkers/cijfers/jaarbericht/${home.year - 1}`}>
                  {t("workspace.researcher.annual", { year: home.year - 1 })}
                </AppLink>
              </li>
              <li>
                <AppLink to="/medewerkers/cijfers/export/csv" reloadDocument>
                  {t("workspace.researcher.export")}
                </AppLink>
              </li>
            </ul>
          </WorkspaceCard>
        ) : null}
        {home.privacy ? (
          <WorkspaceCard title={t("workspace.privacy.title")}>
            <Paragraph>
              <AppLink to="/medewerkers/privacy">{t("workspace.privacy.link")}</AppLink>
            </Paragraph>
          </WorkspaceCard>
        ) : null}
      </div>
      {coordinator ? (
        <section aria-labelledby="caseload">
          <Heading level={2} id="caseload">
            {t("workspace.caseload.title")}
          </Heading>
          <Paragraph>{t("workspace.caseload.norm", { norm: coordinator.norm })}</Paragraph>
          {coordinator.caseload.length === 0 ? (
            <Paragraph>{t("workspace.caseload.none")}</Paragraph>
          ) : (
            <DataTable
              headers={[t("workspace.caseload.mediator"), t("workspace.caseload.open"), t("workspace.caseload.state")]}
              rows={coordinator.caseload.map((m) => ({
                key: m.id,
                cells: [
                  m.name,
                  <AppLink key="open" to={`/medewerkers/werkvoorraad/mediator-zaken?medewerker=${m.id}`}>
                    {m.open}
                  </AppLink>,
                  m.open > coordinator.norm ? (
                    <strong key="state" className="herstel-overdue">
                      {t("workspace.caseload.over")}
                    </strong>
                  ) : (
                    t("workspace.caseload.within")
                  ),
                ],
              }))}
            />
          )}
        </section>
      ) : null}
    </div>
  );
}
