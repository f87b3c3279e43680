import { data, NavLink, Outlet, redirect, useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { requestedObjectId } from "../features/audit/audit.rules.ts";
import { auditingRefusals } from "../features/audit/refusals.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { REASON_MAX, REASON_MIN } from "../features/auth/break-glass.rules.ts";
import { breakGlass } from "../features/auth/break-glass.server.ts";
import { BreakGlassForm } from "../features/auth/components/break-glass-form.tsx";
import { authorize, can } from "../features/auth/permissions.ts";
import { caseAccessInfo } from "../features/cases/case.queries.server.ts";
import { breakGlassForm } from "../features/cases/case-forms.schema.ts";
import { caseHeader } from "../features/cases/case-header.server.ts";
import { caseIdParam, caseMovesForLoaders, getCaseForLoaders } from "../features/cases/case-section.server.ts";
import { CASE_SECTIONS, sectionPath } from "../features/cases/case-sections.ts";
import { CaseHeader } from "../features/cases/components/case-header.tsx";
import { CaseTombstone } from "../features/privacy/components/case-tombstone.tsx";
import { caseTombstone, isCaseRestricted } from "../features/privacy/privacy.queries.server.ts";
import { sealedReviewsForCase } from "../features/privacy/sealed-review.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-case";

/**
 * One case: its header (who, which step, what is next) and the menu of its sections, each a
 * page of its own below this one. Which cases a person may open is decided by row-level
 * security (assigned mediator, coordinator of the region): a case out of scope looks the same as
 * one that does not exist (404), and every attempt is audited.
 */
export async function loader({ params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const now = new Date();
    authorize(session.actor, "case.list");
    const id = caseIdParam(params.id);
    const found = id === undefined ? undefined : await getCaseForLoaders(context, db, session.actor, id);
    const audited = recordAudit(db, {
      actorId: session.userId,
      action: "case.read",
      objectType: "case",
      objectId: requestedObjectId(params.id),
      result: found ? "allowed" : "denied",
      reason: found ? undefined : "not_found_or_out_of_scope",
      origin,
      at: now,
    });
    if (found) {
      // The read is recorded while the rest is read, each on a connection of its own; nothing
      // is answered unless all of it, the audit record too, succeeded.
      const [, header, restricted, sealed] = await Promise.all([
        audited,
        caseHeader(db, session.actor, found, caseMovesForLoaders(context, db, session.actor, found.id)),
        isCaseRestricted(db, found.id),
        // Sealed notes awaiting the assigned mediator's review for an access request (ADR 0020).
        can(session.actor, "privacy.sealed-review") ? sealedReviewsForCase(db, session.actor, found.id) : [],
      ]);
      return {
        breakGlass: false as const,
        erased: null,
        header,
        restricted,
        privacyLink: can(session.actor, "privacy.manage"),
        sealedReviews: sealed.reduce((n, r) => n + r.notes.filter((x) => x.include === null).length, 0),
      };
    }
    await audited;
    const info = id !== undefined ? await caseAccessInfo(db, id) : undefined;
    const glass =
      info !== undefined && can(session.actor, "case.break-glass", { kind: "case", regionId: info.region_id });
    // A coordinator may open a case of another region only by breaking the glass.
    if (glass) return data({ breakGlass: true as const }, { status: 403 });
    // An erased case: what remains of it (reference, dates, rule), for the coordinators of its region.
    const stone = id !== undefined ? await caseTombstone(db, session.actor, id) : undefined;
    if (stone) {
      return {
        breakGlass: false as const,
        erased: { ...stone, erased_at: stone.erased_at.toISOString() },
      };
    }
    throw routeError(ErrorCode.NotFound);
  });
}

/** Breaking the glass to open a case of another region; the sections have their own actions. */
export async function action({ request, params, context }: Route.ActionArgs) {
  const session = requireSession(context);
  const { db, origin } = authContext(context);
  const who = { actorId: session.userId, action: "case.write", objectType: "case", objectId: params.id, origin };
  return auditingRefusals(db, who, () =>
    withDomainErrors(async () => {
      const id = caseIdParam(params.id);
      const info = id ? await caseAccessInfo(db, id) : undefined;
      // Only someone who may break the glass learns that the case exists.
      if (!info || !can(session.actor, "case.break-glass", { kind: "case", regionId: info.region_id }))
        throw routeError(ErrorCode.NotFound);
      const parsed = parseForm(breakGlassForm, await request.formData());
      const reason = parsed.ok ? parsed.data.reason : "";
      if ([...reason].length < REASON_MIN || [...reason].length > REASON_MAX) {
        return data({ error: "staff.breakGlass.reasonLength" as const }, { status: 400 });
      }
      await breakGlass(db, {
        userId: session.userId,
        registrationId: info.id,
        reason,
        origin,
        now: new Date(),
        objectType: "case",
      });
      return redirect(`/medewerkers/zaken/${info.id}`, 303);
    }),
  );
}

export default function StaffCase() {
  const loaded = useLoaderData<typeof loader>();
  if (loaded.breakGlass) return <BreakGlassForm />;
  return loaded.erased === null ? <CaseLayout {...loaded} /> : <CaseTombstone {...loaded.erased} />;
}

type Loaded = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { erased: null }>;

function CaseLayout({ header, restricted, privacyLink, sealedReviews }: Loaded) {
  const t = useT();
  const link = ({ isActive }: { isActive: boolean }) =>
    isActive ? "herstel-case-menu__link herstel-case-menu__link--current" : "herstel-case-menu__link";
  return (
    <div className="herstel-case">
      <PageTitle title={t("staff.case.title", { reference: header.reference })} />
      <CaseHeader header={header} />
      {restricted ? <Paragraph className="herstel-panel">{t("privacy.case.restricted")}</Paragraph> : null}
      {sealedReviews > 0 ? (
        <Paragraph className="herstel-panel">
          <a href={`/medewerkers/zaken/${header.caseId}/afgeschermde-notities-inzage`} className="utrecht-link">
            {t("privacy.sealed.link")}
          </a>
        </Paragraph>
      ) : null}
      <div className="herstel-case__body">
        <nav aria-label={t("section.menu")} className="herstel-case-menu">
          <ul>
            {CASE_SECTIONS.map((s) => (
              <li key={s.slug}>
                <NavLink to={sectionPath(header.caseId, s.slug)} end className={link}>
                  {t(s.label)}
                </NavLink>
              </li>
            ))}
            <li>
              <NavLink to={sectionPath(header.caseId, "vragenlijsten")} className={link}>
                {t("section.questionnaires")}
              </NavLink>
            </li>
            {privacyLink ? (
              <li>
                <NavLink to={sectionPath(header.caseId, "privacy")} className={link}>
                  {t("section.privacy")}
                </NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
        <div className="herstel-case__section">
          <Outlet />
        </div>
      </div>
    </div>
  );
}
