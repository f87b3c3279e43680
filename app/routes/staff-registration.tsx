import { data, redirect, useLoaderData } from "react-router";
import { accessHistoryWithNames } from "../features/audit/access-history.server.ts";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { requestedObjectId } from "../features/audit/audit.rules.ts";
import { AccessHistoryTable } from "../features/audit/components/access-history-table.tsx";
import { auditingRefusals } from "../features/audit/refusals.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { REASON_MAX, REASON_MIN } from "../features/auth/break-glass.rules.ts";
import { breakGlass, hasActiveGrant } from "../features/auth/break-glass.server.ts";
import { BreakGlassForm } from "../features/auth/components/break-glass-form.tsx";
import { can } from "../features/auth/permissions.ts";
import { listRegions } from "../features/auth/users.queries.server.ts";
import { RelatedRegistrations } from "../features/cases/components/related-registrations.tsx";
import { TakeUpForm } from "../features/cases/components/take-up-form.tsx";
import { linkToCase, relatedRegistrations } from "../features/cases/related.server.ts";
import { mediatorsForAssignment, takeUpRegistration } from "../features/cases/take-up.commands.server.ts";
import { useAnswerText } from "../features/registration/components/registration-field.tsx";
import { forPath, type RegistrationPath, stepsFor } from "../features/registration/registration.fields.ts";
import { loadLists } from "../features/registration/registration.queries.server.ts";
import type { Answers } from "../features/registration/registration.schema.ts";
import {
  getRegistration,
  getRegistrationAccessInfo,
} from "../features/registration/registration-staff.queries.server.ts";
import {
  linkForm,
  registrationBreakGlassForm,
  takeUpForm,
} from "../features/registration/registration-staff-forms.schema.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-registration";

/**
 * One registration. The access decision is made on its status alone, before any personal data
 * is read; every attempt, allowed or not, is in the audit log.
 */
export async function loader({ params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const now = new Date();
    const id = /^\d{1,15}$/.test(params.id) ? Number(params.id) : undefined;
    const info = id === undefined ? undefined : await getRegistrationAccessInfo(db, id);
    const audit = (result: "allowed" | "denied", reason?: string) =>
      recordAudit(db, {
        actorId: session.userId,
        action: "registration.read",
        objectType: "registration",
        objectId: requestedObjectId(params.id),
        result,
        origin,
        reason,
        at: now,
      });
    if (!info) {
      await audit("denied", "not_found");
      throw routeError(ErrorCode.NotFound);
    }
    const resource = {
      kind: "registration" as const,
      status: info.status,
      regionId: info.region_id,
      brokenGlass: await hasActiveGrant(db, session.userId, info.id, now),
    };
    if (!can(session.actor, "registration.read", resource)) {
      await audit("denied", "forbidden");
      // A coordinator may still open it, with a written reason (break the glass).
      if (can(session.actor, "registration.break-glass", resource))
        return data({ breakGlass: true as const }, { status: 403 });
      throw routeError(ErrorCode.Forbidden);
    }
    const [registration, lists] = await Promise.all([getRegistration(db, session.actor, info.id), loadLists(db)]);
    await audit("allowed");
    if (!registration) throw routeError(ErrorCode.NotFound);
    const answers = registration.answers as Answers & { path?: RegistrationPath };
    const takeUp =
      info.status === "received" && can(session.actor, "case.take-up")
        ? {
            regions: await listRegions(db),
            mediators: await mediatorsForAssignment(db),
            related: await relatedRegistrations(db, session.actor, info.id),
          }
        : null;
    const history = can(session.actor, "audit.read-object")
      ? await accessHistoryWithNames(db, "registration", info.id)
      : null;
    return {
      breakGlass: false as const,
      reference: registration.reference,
      path: answers.path === "referral" ? "referral" : "self",
      answers,
      lists,
      history,
      takeUp,
      registrationId: info.id,
      // Legal hold on a registration never taken up (ADR 0020): the coordinators' page for it.
      holdLink:
        can(session.actor, "privacy.manage") && (info.status === "received" || info.status === "closed")
          ? `/medewerkers/aanmeldingen/${info.id}/bewaarplicht`
          : null,
    } as const;
  });
}

/** Taking up (intake desk), or break the glass (a coordinator, outside their regions, with a reason). */
export async function action({ request, params, context }: Route.ActionArgs) {
  const session = requireSession(context);
  const { db, origin } = authContext(context);
  const who = {
    actorId: session.userId,
    action: "registration.write",
    objectType: "registration",
    objectId: params.id,
    origin,
  };
  return auditingRefusals(db, who, () => registrationAction(request, params, context));
}

async function registrationAction(
  request: Request,
  params: Route.ActionArgs["params"],
  context: Route.ActionArgs["context"],
) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const now = new Date();
    const info = /^\d{1,15}$/.test(params.id) ? await getRegistrationAccessInfo(db, Number(params.id)) : undefined;
    if (!info) throw routeError(ErrorCode.NotFound);
    const form = await request.formData();
    if (form.get("intent") === "link") {
      const parsed = parseForm(linkForm, form);
      const linked =
        parsed.ok &&
        (await linkToCase(db, session.actor, { registrationId: info.id, caseId: parsed.data.caseId, origin, now }));
      if (!linked) return data({ takeUpError: "related.linkFailed" as const }, { status: 400 });
      return redirect("/medewerkers/aanmeldingen?gekoppeld=1", 303);
    }
    if (form.get("intent") === "take-up") {
      const parsed = parseForm(takeUpForm, form);
      if (!parsed.ok) return data({ takeUpError: "staff.takeUp.problem.region_invalid" as const }, { status: 400 });
      const result = await takeUpRegistration(db, session.actor, {
        registrationId: info.id,
        regionId: parsed.data.regionId ?? 0,
        leadMediatorId: parsed.data.leadMediatorId ?? 0,
        coMediatorId: parsed.data.coMediatorId,
        noConflictDeclared: parsed.data.noConflict === "yes",
        origin,
        now,
      });
      if (!result.ok) return data({ takeUpError: `staff.takeUp.problem.${result.problem}` as const }, { status: 400 });
      return redirect(`/medewerkers/aanmeldingen?opgenomen=${encodeURIComponent(result.reference)}`, 303);
    }
    const resource = { kind: "registration" as const, status: info.status, regionId: info.region_id };
    if (!can(session.actor, "registration.break-glass", resource)) throw routeError(ErrorCode.Forbidden);
    const intent = form.get("intent");
    const parsed =
      intent === null || intent === "break-glass" ? parseForm(registrationBreakGlassForm, form) : undefined;
    const reason = parsed?.ok ? parsed.data.reason : "";
    if ([...reason].length < REASON_MIN || [...reason].length > REASON_MAX) {
      return data({ error: "staff.breakGlass.reasonLength" as const }, { status: 400 });
    }
    await breakGlass(db, { userId: session.userId, registrationId: info.id, reason, origin, now });
    return redirect(`/medewerkers/aanmeldingen/${info.id}`, 303);
  });
}

export default function StaffRegistration() {
  const loaded = useLoaderData<typeof loader>();
  return loaded.breakGlass ? <BreakGlassForm /> : <RegistrationView {...loaded} />;
}

type Loaded = Exclude<ReturnType<typeof useLoaderData<typeof loader>>, { breakGlass: true }>;

function RegistrationView({ reference, path, answers, lists, history, takeUp, holdLink }: Loaded) {
  const t = useT();
  const answerText = useAnswerText();
  return (
    <div className="herstel-prose">
      <PageTitle title={t("staff.registration.title", { reference })} />
      <Heading level={1}>{t("staff.registration.title", { reference })}</Heading>
      {holdLink ? (
        <p>
          <a href={holdLink} className="utrecht-link">
            {t("privacy.registrationHold.link")}
          </a>
        </p>
      ) : null}
      {stepsFor(path).map((step) => (
        <section key={step.id} aria-labelledby={`s-${step.id}`}>
          <Heading level={2} id={`s-${step.id}`}>
            {t(forPath(step.title, path))}
          </Heading>
          <dl className="herstel-summary-list">
            {step.fields.map((spec) => (
              <div key={spec.name} className="herstel-summary-list__row">
                <dt className="herstel-summary-list__key">{t(forPath(spec.label, path))}</dt>
                <dd className="herstel-summary-list__value">
                  {answerText(spec, answers[spec.name], lists) ?? t("reg.notGiven")}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {takeUp ? <RelatedRegistrations related={takeUp.related} /> : null}
      {takeUp ? <TakeUpForm regions={takeUp.regions} mediators={takeUp.mediators} /> : null}
      {history ? <AccessHistoryTable history={history} /> : null}
    </div>
  );
}
