import { data, Form, Link, useActionData, useLoaderData } from "react-router";
import { auditingRefusals } from "../features/audit/refusals.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { HOLD_REASONS, holdForm, liftHoldForm } from "../features/privacy/privacy.schema.ts";
import {
  liftRegistrationHold,
  placeRegistrationHold,
  registrationHolds,
} from "../features/privacy/registration-hold.server.ts";
import { dutchDay } from "../features/retention/retention.rules.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { SelectField, TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-registration-hold";

/** Legal hold on a registration that never became a case (ADR 0020): for coordinators who see it. */
function idOf(params: { id: string }): number {
  if (!/^\d{1,15}$/.test(params.id)) throw routeError(ErrorCode.NotFound);
  return Number(params.id);
}

export async function loader({ params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const who = {
      actorId: session.userId,
      action: "privacy.registration_hold",
      objectType: "registration",
      objectId: params.id,
      origin,
    };
    const found = await auditingRefusals(db, who, () => registrationHolds(db, session.actor, idOf(params)));
    return { ...found, today: dutchDay(new Date()) };
  });
}

type Outcome = { error: MessageKey } | { done: MessageKey };

export async function action({ request, params, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    authorize(session.actor, "privacy.manage");
    const registrationId = idOf(params);
    const form = await request.formData();
    const intent = String(form.get("intent") ?? "");
    const who = {
      actorId: session.userId,
      action: "privacy.registration_hold",
      objectType: "registration",
      objectId: params.id,
      origin,
    };
    const base = { registrationId, origin, now: new Date() };
    return auditingRefusals(db, who, async () => {
      if (intent === "hold") {
        const parsed = parseForm(holdForm, form);
        if (!parsed.ok) return data<Outcome>({ error: "privacy.error.form" }, { status: 400 });
        const result = await placeRegistrationHold(db, session.actor, { ...base, ...parsed.data });
        if (!result.ok) {
          const error =
            result.problem === "past_date" ? "privacy.error.pastDate" : "privacy.registrationHold.notHoldable";
          return data<Outcome>({ error }, { status: 400 });
        }
        return data<Outcome>({ done: "privacy.case.saved" });
      }
      if (intent === "lift-hold") {
        const parsed = parseForm(liftHoldForm, form);
        if (!parsed.ok) return data<Outcome>({ error: "privacy.error.notFound" }, { status: 400 });
        await liftRegistrationHold(db, session.actor, { ...base, holdId: parsed.data.holdId });
        return data<Outcome>({ done: "privacy.case.saved" });
      }
      throw routeError(ErrorCode.BadRequest);
    });
  });
}

export default function StaffRegistrationHold() {
  const t = useT();
  const r = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>() as Outcome | undefined;
  const error = outcome && "error" in outcome ? outcome.error : undefined;
  const title = t("privacy.registrationHold.title", { reference: r.reference });
  return (
    <div className="herstel-prose">
      <PageTitle title={title} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [{ field: "until", message: t(error) }] : []} />
      <Heading level={1}>{title}</Heading>
      <Paragraph>
        <Link to={`/medewerkers/aanmeldingen/${r.id}`} className="utrecht-link">
          {t("privacy.registrationHold.back")}
        </Link>
      </Paragraph>
      {outcome && "done" in outcome ? (
        <Paragraph role="status" className="herstel-panel">
          {t(outcome.done)}
        </Paragraph>
      ) : null}
      <Paragraph>{t("privacy.registrationHold.intro")}</Paragraph>
      {r.holds.length > 0 ? (
        <DataTable
          headers={[
            t("privacy.holds.reason"),
            t("privacy.holds.until"),
            t("privacy.holds.status"),
            t("staff.table.actions"),
          ]}
          rows={r.holds.map((h) => ({
            key: h.id,
            cells: [
              t(`privacy.reason.${h.reason}`),
              h.until,
              h.lifted_at
                ? t("privacy.holds.lifted")
                : h.until < r.today
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
      {r.holdable ? (
        <Form method="post" noValidate>
          <CsrfField />
          <SelectField
            name="reason"
            label={t("privacy.form.reason")}
            choices={HOLD_REASONS.map((v) => ({ value: v, label: t(`privacy.reason.${v}`) }))}
            placeholder={t("privacy.form.choose")}
            required
            errorPrefix={t("reg.errorPrefix")}
          />
          <TextField
            name="until"
            type="date"
            label={t("privacy.form.until")}
            required
            error={error ? t(error) : undefined}
            errorPrefix={t("reg.errorPrefix")}
          />
          <button type="submit" name="intent" value="hold" className="utrecht-button utrecht-button--primary-action">
            {t("privacy.case.holdPlace")}
          </button>
        </Form>
      ) : (
        <Paragraph>{t("privacy.registrationHold.notHoldable")}</Paragraph>
      )}
    </div>
  );
}
