import { data, redirect, useActionData, useLoaderData } from "react-router";
import { accessHistoryWithNames } from "../features/audit/access-history.server.ts";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { requestedObjectId } from "../features/audit/audit.rules.ts";
import { AccessHistoryTable } from "../features/audit/components/access-history-table.tsx";
import { auditingRefusals } from "../features/audit/refusals.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { REASON_MAX, REASON_MIN } from "../features/auth/break-glass.rules.ts";
import { breakGlass } from "../features/auth/break-glass.server.ts";
import { BreakGlassForm } from "../features/auth/components/break-glass-form.tsx";
import { authorize, can } from "../features/auth/permissions.ts";
import { caseAccessInfo, getCase, getCaseFile, noContactReasons } from "../features/cases/case.queries.server.ts";
import type { Missing, Move } from "../features/cases/case.rules.ts";
import { handleCaseFileIntent, isCaseFileIntent } from "../features/cases/case-file-intents.server.ts";
import {
  breakGlassForm,
  closingAgreementsForm,
  justiceFeedbackForm,
  moveForm,
  taskAddForm,
  taskDoneForm,
} from "../features/cases/case-forms.schema.ts";
import { caseMoves, moveCase } from "../features/cases/case-move.commands.server.ts";
import { CaseClosing } from "../features/cases/components/case-closing.tsx";
import { CaseContact } from "../features/cases/components/case-contact.tsx";
import { CaseFile } from "../features/cases/components/case-file.tsx";
import { CaseMoves } from "../features/cases/components/case-moves.tsx";
import { CasePeople } from "../features/cases/components/case-people.tsx";
import { CaseTasks } from "../features/cases/components/case-tasks.tsx";
import { getContactRecords } from "../features/cases/contact-forms.server.ts";
import { handleContactIntent, isContactIntent } from "../features/cases/contact-intents.server.ts";
import {
  justiceFeedbackState,
  recordClosingAgreements,
  recordJusticeFeedback,
} from "../features/cases/justice-feedback.server.ts";
import { getPeople } from "../features/cases/people.server.ts";
import { addTask, caseTasks, completeTask } from "../features/cases/tasks.server.ts";
import { CaseTombstone } from "../features/privacy/components/case-tombstone.tsx";
import { caseTombstone, isCaseRestricted } from "../features/privacy/privacy.queries.server.ts";
import { sealedReviewsForCase } from "../features/privacy/sealed-review.server.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useDateTimeFormat, useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { DataTable } from "../ui/data-table.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-case";

/**
 * One case. Which cases a person may open is decided by row-level security (assigned mediator,
 * coordinator of the region): a case out of scope looks the same as one that does not exist (404),
 * and every attempt is audited.
 */
export async function loader({ params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const now = new Date();
    authorize(session.actor, "case.list");
    const id = /^\d{1,15}$/.test(params.id) ? Number(params.id) : undefined;
    const found = id === undefined ? undefined : await getCase(db, session.actor, id);
    const info = !found && id !== undefined ? await caseAccessInfo(db, id) : undefined;
    const glass =
      info !== undefined && can(session.actor, "case.break-glass", { kind: "case", regionId: info.region_id });
    await recordAudit(db, {
      actorId: session.userId,
      action: "case.read",
      objectType: "case",
      objectId: requestedObjectId(params.id),
      result: found ? "allowed" : "denied",
      reason: found ? undefined : "not_found_or_out_of_scope",
      origin,
      at: now,
    });
    // A coordinator may open a case of another region only by breaking the glass.
    if (!found && glass) return data({ breakGlass: true as const }, { status: 403 });
    // An erased case: what remains of it (reference, dates, rule), for the coordinators of its region.
    const stone = !found && id !== undefined ? await caseTombstone(db, session.actor, id) : undefined;
    if (stone) {
      return {
        breakGlass: false as const,
        erased: { ...stone, erased_at: stone.erased_at.toISOString() },
      };
    }
    if (!found) throw routeError(ErrorCode.NotFound);
    const [moves, file, tasks, feedback, contact, people] = await Promise.all([
      caseMoves(db, session.actor, found.id),
      getCaseFile(db, session.actor, found.id),
      caseTasks(db, session.actor, found.id),
      justiceFeedbackState(db, session.actor, found.id),
      getContactRecords(db, session.actor, found.id),
      getPeople(db, session.actor, found.id),
    ]);
    const reasons = await noContactReasons(db, context.get(requestStateContext).locale);
    // SECURITY.md 21: the coordinator sees who opened or changed this case and when.
    const history = can(session.actor, "audit.read-object") ? await accessHistoryWithNames(db, "case", found.id) : null;
    return {
      breakGlass: false as const,
      erased: null,
      restricted: await isCaseRestricted(db, found.id),
      privacyLink: can(session.actor, "privacy.manage"),
      // Sealed notes awaiting the assigned mediator's review for an access request (ADR 0020).
      sealedReviews: can(session.actor, "privacy.sealed-review")
        ? (await sealedReviewsForCase(db, session.actor, found.id)).reduce(
            (n, r) => n + r.notes.filter((x) => x.include === null).length,
            0,
          )
        : 0,
      history,
      caseId: found.id,
      uploadMaxMb: Math.floor(authContext(context).config.uploadMaxBytes / (1024 * 1024)),
      contact,
      people,
      feedback: feedback ?? { missing: [], sent: [] },
      sharedAgreement: found.shared_agreement,
      aftercareReferral: found.aftercare_referral,
      tasks: tasks.map((task) => ({
        id: task.id,
        title: task.title,
        due_on: task.due_on,
        done: task.done_at !== null,
        owner: task.owner,
      })),
      owners: found.assignments.map((a) => ({ id: a.user_id, name: a.display_name })),
      today: todayInAmsterdam(now),
      file: {
        ...file,
        consents: file.consents.map((c) => ({ ...c, recorded_at: c.recorded_at.toISOString() })),
      },
      moves: moves?.moves ?? [],
      version: moves?.version ?? 0,
      reasons,
      reference: found.reference,
      step: found.step,
      region: found.region,
      takenUpAt: found.taken_up_at.toISOString(),
      due: found.first_conversation_due,
      mediators: found.assignments.map((a) => a.display_name),
      events: found.events.map((e) => ({
        id: e.id,
        at: e.occurred_at.toISOString(),
        kind: e.kind,
        actor: e.actor,
        // Moves name the step they led to; nothing else of the detail reaches the page.
        to: typeof e.detail.to === "string" ? e.detail.to : null,
      })),
    };
  });
}

/** A move of the case to another step, checked by the state machine and the version seen. */
export async function action({ request, params, context }: Route.ActionArgs) {
  const session = requireSession(context);
  const { db, origin } = authContext(context);
  const who = { actorId: session.userId, action: "case.write", objectType: "case", objectId: params.id, origin };
  return auditingRefusals(db, who, () => caseAction(request, params, context));
}

async function caseAction(request: Request, params: Route.ActionArgs["params"], context: Route.ActionArgs["context"]) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const id = /^\d{1,15}$/.test(params.id) ? Number(params.id) : 0;
    const form = await request.formData();
    const field = (name: string) => String(form.get(name) ?? "").slice(0, 2000);
    // What was typed, to fill a form in again when it comes back with errors (text only).
    const typed = () =>
      Object.fromEntries(
        [...form.entries()].flatMap(([key, value]) =>
          typeof value === "string" && key !== "_csrf" && key !== "intent"
            ? [[key.slice(0, 60), value.slice(0, 20_000)]]
            : [],
        ),
      );
    if (field("intent") === "break-glass") {
      const info = id ? await caseAccessInfo(db, id) : undefined;
      if (!info) throw routeError(ErrorCode.NotFound);
      authorize(session.actor, "case.break-glass", { kind: "case", regionId: info.region_id });
      const parsed = parseForm(breakGlassForm, form);
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
    }
    if (field("intent") === "justice-feedback") {
      const parsed = parseForm(justiceFeedbackForm, form);
      if (!parsed.ok) return data({ invalid: true as const }, { status: 400 });
      const sent = await recordJusticeFeedback(db, session.actor, {
        caseId: id,
        ...parsed.data,
        origin,
        now: new Date(),
      });
      return sent.ok ? data({ saved: true as const }) : data({ invalid: true as const }, { status: 400 });
    }
    if (field("intent") === "closing-agreements") {
      const parsed = parseForm(closingAgreementsForm, form);
      if (!parsed.ok) return data({ invalid: true as const }, { status: 400 });
      await recordClosingAgreements(db, session.actor, { caseId: id, ...parsed.data, origin, now: new Date() });
      return data({ saved: true as const });
    }
    if (field("intent") === "task-done") {
      const parsed = parseForm(taskDoneForm, form);
      if (!parsed.ok) return data({ invalid: true as const }, { status: 400 });
      await completeTask(db, session.actor, { caseId: id, taskId: parsed.data.taskId, origin, now: new Date() });
      return data({ saved: true as const });
    }
    if (field("intent") === "task-add") {
      const parsed = parseForm(taskAddForm, form);
      if (!parsed.ok) return data({ invalid: true as const }, { status: 400 });
      await addTask(db, session.actor, { caseId: id, ...parsed.data, origin, now: new Date() });
      return data({ saved: true as const });
    }
    const intent = field("intent");
    if (isContactIntent(intent)) {
      const { config } = authContext(context);
      const result = await handleContactIntent(db, session.actor, intent, form, {
        caseId: id,
        origin,
        now: new Date(),
        uploadMaxBytes: config.uploadMaxBytes,
        quotaBytes: config.uploadCaseQuotaBytes,
      });
      if (result.ok) return data({ saved: true as const });
      const formId = intent === "meeting" ? field("form") : field("messageId") || field("partyId");
      if ("fields" in result) return data({ fields: result.fields, intent, formId, values: typed() }, { status: 400 });
      // A refusal keeps what was typed too (a file has to be chosen again).
      if ("problem" in result)
        return data(
          { problem: result.problem, fields: [] as string[], intent, formId, values: typed() },
          { status: 400 },
        );
      // What the editor typed goes back with the conflict, so that nothing is lost.
      return data({ contactConflict: { ...result.contactConflict, typed: typed() } }, { status: 409 });
    }
    if (isCaseFileIntent(field("intent"))) {
      const result = await handleCaseFileIntent(db, session.actor, field("intent") as never, form, {
        caseId: id,
        origin,
        now: new Date(),
      });
      if (result.ok) return data({ saved: true as const });
      return data({ fields: result.fields, intent: field("intent"), formId: "", values: typed() }, { status: 400 });
    }
    const parsedMove = form.has("intent") ? undefined : parseForm(moveForm, form);
    if (!parsedMove?.ok) return data({ missing: ["unknown_move"] as Missing[] }, { status: 400 });
    const { version, ...move } = parsedMove.data;
    const result = await moveCase(db, session.actor, {
      caseId: id,
      move: move as Move,
      expectedVersion: version,
      origin,
      now: new Date(),
    });
    if (result.ok) return data({ done: result.to });
    if (result.kind === "refused") return data({ missing: result.missing }, { status: 400 });
    return data({ conflict: { ...result.current, at: result.current.at?.toISOString() ?? null } }, { status: 409 });
  });
}

export default function StaffCase() {
  const loaded = useLoaderData<typeof loader>();
  if (loaded.breakGlass) return <BreakGlassForm />;
  return loaded.erased === null ? <CaseView {...loaded} /> : <CaseTombstone {...loaded.erased} />;
}

type Loaded = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { erased: null }>;

function CaseView(c: Loaded) {
  const t = useT();
  const formatDate = useDateTimeFormat();
  const actionData = useActionData<typeof action>();
  const failed = actionData && "fields" in actionData ? actionData : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("staff.case.title", { reference: c.reference })} />
      <Heading level={1}>{t("staff.case.title", { reference: c.reference })}</Heading>
      <dl className="herstel-summary-list">
        {[
          [t("staff.cases.step"), t(`step.${c.step}` as MessageKey)],
          [t("staff.cases.region"), c.region],
          [t("staff.cases.mediators"), c.mediators.join(", ")],
          [t("staff.case.takenUp"), formatDate(c.takenUpAt)],
          [t("staff.cases.due"), c.due],
        ].map(([key, value]) => (
          <div key={key} className="herstel-summary-list__row">
            <dt className="herstel-summary-list__key">{key}</dt>
            <dd className="herstel-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      {c.restricted ? <Paragraph className="herstel-panel">{t("privacy.case.restricted")}</Paragraph> : null}
      {c.privacyLink ? (
        <Paragraph>
          <a href={`/medewerkers/zaken/${c.caseId}/privacy`} className="utrecht-link">
            {t("privacy.case.link")}
          </a>
        </Paragraph>
      ) : null}
      {c.sealedReviews > 0 ? (
        <Paragraph className="herstel-panel">
          <a href={`/medewerkers/zaken/${c.caseId}/besloten-notities-inzage`} className="utrecht-link">
            {t("privacy.sealed.link")}
          </a>
        </Paragraph>
      ) : null}
      <nav aria-label={t("case.toc")} className="herstel-toc">
        <ul>
          {(
            [
              ["moves", "move.title"],
              ["tasks", "tasks.title"],
              ["parties", "file.parties"],
              ["consents", "file.consents"],
              ["activities", "file.activities"],
              ["risk", "file.risk"],
              ["forms", "file.forms"],
              ["outcome", "file.outcome"],
              ["people", "people.title"],
              ["contact-forms", "contact.title"],
              ["justice", "justice.title"],
              ["agreements", "closing.title"],
              ["timeline", "staff.case.timeline"],
            ] as const
          ).map(([id, key]) => (
            <li key={id}>
              <a href={`#${id}`}>{t(key)}</a>
            </li>
          ))}
          <li>
            <a href={`/medewerkers/zaken/${c.caseId}/vragenlijsten`}>{t("caseOutcomes.link")}</a>
          </li>
        </ul>
      </nav>
      {actionData && "done" in actionData ? (
        <Paragraph role="status" className="herstel-panel">
          {t("move.done", { step: t(`step.${actionData.done}` as MessageKey) })}
        </Paragraph>
      ) : null}
      {actionData && "conflict" in actionData ? (
        <div role="alert" className="herstel-error-summary">
          <Paragraph>
            {t("move.conflict", {
              who: actionData.conflict.by ?? t("move.someone"),
              when: actionData.conflict.at ? formatDate(actionData.conflict.at) : "",
              step: t(`step.${actionData.conflict.step}` as MessageKey),
            })}
          </Paragraph>
        </div>
      ) : null}
      {actionData && "missing" in actionData ? (
        <div role="alert" className="herstel-error-summary">
          <ul>
            {actionData.missing.map((m) => (
              <li key={m}>{t(`missing.${m}` as MessageKey)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {actionData && "saved" in actionData ? (
        <Paragraph role="status" className="herstel-panel">
          {t("file.saved")}
        </Paragraph>
      ) : null}
      {failed && failed.fields.length > 0 ? (
        <div role="alert" className="herstel-error-summary">
          <Paragraph>{t("contact.checkFields")}</Paragraph>
        </div>
      ) : null}
      {actionData && "problem" in actionData ? (
        <div role="alert" className="herstel-error-summary">
          <Paragraph>{t(`contact.problem.${actionData.problem}` as MessageKey, { mb: c.uploadMaxMb })}</Paragraph>
        </div>
      ) : null}
      {actionData && "invalid" in actionData ? (
        <div role="alert" className="herstel-error-summary">
          <Paragraph>{t("file.invalid")}</Paragraph>
        </div>
      ) : null}
      <CaseMoves moves={c.moves} version={c.version} reasons={c.reasons} />
      <CaseTasks tasks={c.tasks} owners={c.owners} today={c.today} />
      <CaseFile file={c.file} today={c.today} failed={failed} />
      <CasePeople
        parties={c.people.parties}
        persons={c.people.persons}
        failed={failed}
        conflict={actionData && "contactConflict" in actionData ? actionData.contactConflict : undefined}
      />
      <CaseContact
        caseId={c.caseId}
        uploadMaxMb={c.uploadMaxMb}
        failed={failed}
        contact={c.contact}
        parties={c.people.parties}
        persons={c.people.persons}
        chosenForms={c.file.chosenForms}
        mediators={c.owners}
        expectationHeld={c.file.activities
          .filter((a) => a.kind === "expectation_conversation" && a.party_id !== null)
          .map((a) => a.party_id as number)}
        step={c.step}
        today={c.today}
      />
      <CaseClosing
        feedback={c.feedback}
        sharedAgreement={c.sharedAgreement}
        aftercareReferral={c.aftercareReferral}
        today={c.today}
      />
      <section aria-labelledby="timeline">
        <Heading level={2} id="timeline">
          {t("staff.case.timeline")}
        </Heading>
        {c.events.length === 0 ? (
          <Paragraph>–</Paragraph>
        ) : (
          <DataTable
            headers={[t("staff.history.when"), t("staff.history.who"), t("staff.history.what")]}
            rows={c.events.map((e) => ({
              key: e.id,
              cells: [
                formatDate(e.at),
                e.actor ?? t("staff.history.unknown"),
                e.to && (e.kind === "case.advance" || e.kind === "case.reopen")
                  ? t("event.movedTo", {
                      what: t(`event.${e.kind}` as MessageKey),
                      step: t(`step.${e.to}` as MessageKey),
                    })
                  : t(`event.${e.kind}` as MessageKey),
              ],
            }))}
          />
        )}
      </section>
      {c.history ? <AccessHistoryTable history={c.history} /> : null}
    </div>
  );
}
