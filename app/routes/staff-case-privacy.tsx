import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { requestedObjectId } from "../features/audit/audit.rules.ts";
import { auditingRefusals } from "../features/audit/refusals.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import type { Actor } from "../features/auth/roles.ts";
import { getPeople } from "../features/parties/people.server.ts";
import {
  decidePrivacyRequest,
  liftLegalHold,
  liftRestriction,
  placeLegalHold,
  recordPrivacyRequest,
} from "../features/privacy/privacy.commands.server.ts";
import { casePrivacy } from "../features/privacy/privacy.queries.server.ts";
import {
  decisionForm,
  HOLD_REASONS,
  holdForm,
  liftHoldForm,
  liftRestrictionForm,
  PARTY_ROLES,
  REQUEST_KINDS,
  requestForm,
} from "../features/privacy/privacy.schema.ts";
import { dutchDay } from "../features/retention/retention.rules.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { SelectField, TextArea, TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-case-privacy";

/** A case's legal holds and the requests of the people in it (ADR 0020): for its coordinators. */
function caseIdOf(params: { id: string }): number {
  if (!/^\d{1,15}$/.test(params.id)) throw routeError(ErrorCode.NotFound);
  return Number(params.id);
}

export async function loader({ params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const caseId = caseIdOf(params);
    const who = {
      actorId: session.userId,
      action: "privacy.case_read",
      objectType: "case",
      objectId: params.id,
      origin,
    };
    const found = await auditingRefusals(db, who, () => casePrivacy(db, session.actor, caseId));
    await recordAudit(db, { ...who, objectId: requestedObjectId(params.id), result: "allowed", at: new Date() });
    // The people around the parties, by name and relation: a request may come from one of them.
    const { parties, persons } = await getPeople(db, session.actor, caseId);
    const around = PARTY_ROLES.map((role) => ({
      role,
      persons: persons
        .filter((p) => parties.some((party) => party.id === p.party_id && party.role === role))
        .map((p) => ({ id: p.id, name: p.display_name, relation: p.relation })),
    }));
    return {
      ...found,
      around,
      requests: found.requests.map((r) => ({ ...r, mine: r.recorded_by === session.userId })),
      today: dutchDay(new Date()),
    };
  });
}

type Outcome = { error: MessageKey; intent: string; field: string } | { done: MessageKey };
type Input = { form: FormData; actor: Actor; caseId: number; origin: string; now: Date };

/** A refusal, with the id of the field the error summary links to. */
const fail = (error: MessageKey, intent: string, field = "") =>
  data<Outcome>({ error, intent, field }, { status: 400 });

async function placeHoldIntent({ form, actor, caseId, origin, now }: Input, db: Parameters<typeof placeLegalHold>[0]) {
  const parsed = parseForm(holdForm, form);
  if (!parsed.ok) return fail("privacy.error.form", "hold");
  const result = await placeLegalHold(db, actor, { caseId, origin, now, ...parsed.data });
  return result.ok ? null : fail("privacy.error.pastDate", "hold");
}

async function liftHoldIntent({ form, actor, caseId, origin, now }: Input, db: Parameters<typeof liftLegalHold>[0]) {
  const parsed = parseForm(liftHoldForm, form);
  if (!parsed.ok) return fail("privacy.error.notFound", "lift-hold");
  await liftLegalHold(db, actor, { caseId, origin, now, holdId: parsed.data.holdId });
  return null;
}

async function requestIntent(
  { form, actor, caseId, origin, now }: Input,
  db: Parameters<typeof recordPrivacyRequest>[0],
) {
  const parsed = parseForm(requestForm, form);
  if (!parsed.ok) return fail("privacy.error.form", "request");
  const result = await recordPrivacyRequest(db, actor, { caseId, origin, now, ...parsed.data });
  return result.ok ? null : fail("privacy.error.futureDate", "request");
}

const DECISION_ERRORS: Record<"not_found" | "four_eyes" | "legal_hold" | "decided", MessageKey> = {
  not_found: "privacy.error.notFound",
  four_eyes: "privacy.error.fourEyes",
  legal_hold: "privacy.error.legalHold",
  decided: "privacy.error.decided",
};

async function decideIntent(
  { form, actor, caseId, origin, now }: Input,
  db: Parameters<typeof decidePrivacyRequest>[0],
) {
  const parsed = parseForm(decisionForm, form);
  const field = `reason-${String(form.get("requestId") ?? "").replace(/\D/g, "")}`;
  if (!parsed.ok) return fail("privacy.error.form", "decide", field);
  const result = await decidePrivacyRequest(db, actor, { caseId, origin, now, ...parsed.data });
  if (!result.ok) return fail(DECISION_ERRORS[result.problem], "decide", field);
  // Erased: the case page now shows what remains of it.
  return result.erased ? redirect(`/medewerkers/zaken/${caseId}`) : null;
}

async function liftRestrictionIntent(
  { form, actor, caseId, origin, now }: Input,
  db: Parameters<typeof liftRestriction>[0],
) {
  const parsed = parseForm(liftRestrictionForm, form);
  if (!parsed.ok) return fail("privacy.error.notFound", "lift-restriction");
  await liftRestriction(db, actor, { caseId, origin, now, requestId: parsed.data.requestId });
  return null;
}

const INTENTS = {
  hold: placeHoldIntent,
  "lift-hold": liftHoldIntent,
  request: requestIntent,
  decide: decideIntent,
  "lift-restriction": liftRestrictionIntent,
} as const;

export async function action({ request, params, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    authorize(session.actor, "privacy.manage");
    const caseId = caseIdOf(params);
    const form = await request.formData();
    const intent = String(form.get("intent") ?? "");
    if (!Object.hasOwn(INTENTS, intent)) throw routeError(ErrorCode.BadRequest);
    const handler = INTENTS[intent as keyof typeof INTENTS];
    const who = {
      actorId: session.userId,
      action: `privacy.${intent.replace("-", "_")}`,
      objectType: "case",
      objectId: params.id,
      origin,
    };
    const result = await auditingRefusals(db, who, () =>
      handler({ form, actor: session.actor, caseId, origin, now: new Date() }, db),
    );
    return result ?? data<Outcome>({ done: "privacy.case.saved" });
  });
}

export default function StaffCasePrivacy() {
  const t = useT();
  const c = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>() as Outcome | undefined;
  const error = outcome && "error" in outcome ? outcome : undefined;
  const choices = <T extends string>(values: readonly T[], prefix: string) =>
    values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as MessageKey) }));
  const errorField = error?.field || (error?.intent === "hold" ? "until" : "receivedOn");
  const personLabel = (p: { name: string; relation: string }) =>
    `${p.name} (${t(`contact.relation.${p.relation}` as MessageKey)})`;
  /** A party, or someone around one: "Name (relation), around the registrant". */
  const requesterLabel = (r: { party_role: "registrant" | "other_party"; person_id: number | null }) => {
    const party = t(`privacy.party.${r.party_role}`);
    if (r.person_id === null) return party;
    const person = c.around.flatMap((a) => a.persons).find((p) => p.id === r.person_id);
    const who = person ? personLabel(person) : t("privacy.requester.gone");
    return t(`privacy.requester.around.${r.party_role}`, { person: who });
  };
  return (
    <div className="herstel-prose">
      <PageTitle title={t("privacy.case.title", { reference: c.reference })} hasErrors={Boolean(error)} />
      <ErrorSummary
        title={t("reg.errorSummary")}
        errors={error ? [{ field: errorField, message: t(error.error) }] : []}
      />
      <Heading level={1}>{t("privacy.case.title", { reference: c.reference })}</Heading>
      <Paragraph>
        <Link to={`/medewerkers/zaken/${c.id}`} className="utrecht-link">
          {t("privacy.case.back")}
        </Link>
      </Paragraph>
      {outcome && "done" in outcome ? (
        <Paragraph role="status" className="herstel-panel">
          {t(outcome.done)}
        </Paragraph>
      ) : null}
      {c.restricted ? <Paragraph className="herstel-panel">{t("privacy.case.restricted")}</Paragraph> : null}

      <Heading level={2}>{t("privacy.case.requestTitle")}</Heading>
      <Paragraph>{t("privacy.case.requestIntro")}</Paragraph>
      {c.requests.length > 0 ? (
        <DataTable
          headers={[
            t("privacy.requests.kind"),
            t("privacy.requests.party"),
            t("privacy.requests.received"),
            t("privacy.requests.due"),
            t("privacy.requests.status"),
            t("staff.table.actions"),
          ]}
          rows={c.requests.map((r) => ({
            key: r.id,
            cells: [
              t(`privacy.kind.${r.kind}`),
              requesterLabel(r),
              r.received_on,
              r.due_on,
              r.lifted_at
                ? t("privacy.requests.lifted")
                : r.decision
                  ? `${t(r.decision === "approved" ? "privacy.requests.approved" : "privacy.requests.rejected")}: ${r.decision_reason ?? ""}`
                  : r.due_on < c.today
                    ? t("privacy.requests.overdue")
                    : t("privacy.requests.open"),
              <div key="act" className="herstel-prose">
                {r.kind === "access" && r.decision !== "rejected" ? (
                  <Link to={`/medewerkers/zaken/${c.id}/privacy/inzage/${r.id}/samenstellen`} className="utrecht-link">
                    {t("privacy.case.compose")}
                  </Link>
                ) : null}
                {r.decision === null && r.mine ? <Paragraph>{t("privacy.case.fourEyes")}</Paragraph> : null}
                {r.decision === null && !r.mine ? (
                  <Form method="post" noValidate>
                    <CsrfField />
                    <input type="hidden" name="requestId" value={r.id} />
                    <TextArea
                      name="reason"
                      id={`reason-${r.id}`}
                      label={t("privacy.case.decisionReason")}
                      hint={t("privacy.case.decisionReasonHint")}
                      maxLength={500}
                      required
                      error={error?.field === `reason-${r.id}` ? t(error.error) : undefined}
                      errorPrefix={t("reg.errorPrefix")}
                    />
                    <input type="hidden" name="intent" value="decide" />
                    <button
                      type="submit"
                      name="decision"
                      value="approved"
                      className="utrecht-button utrecht-button--primary-action"
                    >
                      {t("privacy.case.approve")}
                    </button>{" "}
                    <button
                      type="submit"
                      name="decision"
                      value="rejected"
                      className="utrecht-button utrecht-button--secondary-action"
                    >
                      {t("privacy.case.reject")}
                    </button>
                  </Form>
                ) : null}
                {r.kind === "restriction" && r.decision === "approved" && !r.lifted_at ? (
                  <Form method="post">
                    <CsrfField />
                    <input type="hidden" name="requestId" value={r.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="lift-restriction"
                      className="utrecht-button utrecht-button--secondary-action"
                    >
                      {t("privacy.case.liftRestriction")}
                    </button>
                  </Form>
                ) : null}
              </div>,
            ],
          }))}
        />
      ) : (
        <Paragraph>{t("privacy.requests.none")}</Paragraph>
      )}
      <Form method="post" noValidate>
        <CsrfField />
        <SelectField
          name="kind"
          label={t("privacy.form.kind")}
          choices={choices(REQUEST_KINDS, "privacy.kind")}
          placeholder={t("privacy.form.choose")}
          required
          errorPrefix={t("reg.errorPrefix")}
        />
        <SelectField
          name="requester"
          label={t("privacy.form.party")}
          hint={t("privacy.form.partyHint")}
          choices={[]}
          groups={c.around.map((a) => ({
            label: t(`privacy.party.${a.role}`),
            choices: [
              { value: a.role, label: t("privacy.requester.self", { party: t(`privacy.party.${a.role}`) }) },
              ...a.persons.map((p) => ({ value: `${a.role}/${p.id}`, label: personLabel(p) })),
            ],
          }))}
          placeholder={t("privacy.form.choose")}
          required
          errorPrefix={t("reg.errorPrefix")}
        />
        <TextField
          name="receivedOn"
          type="date"
          label={t("privacy.form.received")}
          value={c.today}
          required
          error={error?.intent === "request" ? t(error.error) : undefined}
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" name="intent" value="request" className="utrecht-button utrecht-button--primary-action">
          {t("privacy.case.requestRecord")}
        </button>
      </Form>

      <Heading level={2}>{t("privacy.case.holdTitle")}</Heading>
      <Paragraph>{t("privacy.case.holdIntro")}</Paragraph>
      {c.holds.length > 0 ? (
        <DataTable
          headers={[
            t("privacy.holds.reason"),
            t("privacy.holds.until"),
            t("privacy.holds.status"),
            t("staff.table.actions"),
          ]}
          rows={c.holds.map((h) => ({
            key: h.id,
            cells: [
              t(`privacy.reason.${h.reason}`),
              h.until,
              h.lifted_at
                ? t("privacy.holds.lifted")
                : h.until < c.today
                  ? t("privacy.holds.ended")
                  : t("privacy.holds.active"),
              h.lifted_at ? null : (
                <Form key="lift" method="post">
                  <CsrfField />
                  <input type="hidden" name="holdId" value={h.id} />
                  <button
                    type="submit"
                    name="intent"
                    value="lift-hold"
                    className="utrecht-button utrecht-button--secondary-action"
                  >
                    {t("privacy.case.holdLift")}
                  </button>
                </Form>
              ),
            ],
          }))}
        />
      ) : null}
      <Form method="post" noValidate>
        <CsrfField />
        <SelectField
          name="reason"
          label={t("privacy.form.reason")}
          choices={choices(HOLD_REASONS, "privacy.reason")}
          placeholder={t("privacy.form.choose")}
          required
          errorPrefix={t("reg.errorPrefix")}
        />
        <TextField
          name="until"
          type="date"
          label={t("privacy.form.until")}
          required
          error={error?.intent === "hold" ? t(error.error) : undefined}
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" name="intent" value="hold" className="utrecht-button utrecht-button--primary-action">
          {t("privacy.case.holdPlace")}
        </button>
      </Form>
    </div>
  );
}
