import { data, Form, Link, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { auditingRefusals } from "../features/audit/refusals.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { SEALED_REVIEW_REASONS } from "../features/privacy/privacy.schema.ts";
import { reviewSealedNote, sealedReviewsForCase } from "../features/privacy/sealed-review.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useDates, useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { SelectField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-case-sealed-review";

/**
 * The assigned mediator's review of sealed notes before an access export (ADR 0020): each note in
 * an open request's scope, with its text, to include or leave out with a reason. Audited.
 */
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
      action: "privacy.sealed_review",
      objectType: "case",
      objectId: params.id,
      origin,
    };
    const requests = await auditingRefusals(db, who, () => sealedReviewsForCase(db, session.actor, caseId));
    return { caseId, requests };
  });
}

const reviewForm = z.strictObject({
  requestId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  activityId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  reason: z.enum(SEALED_REVIEW_REASONS, { error: "validation.required" }),
});

export async function action({ request, params, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    authorize(session.actor, "privacy.sealed-review");
    const caseId = caseIdOf(params);
    const parsed = parseForm(reviewForm, await request.formData());
    if (!parsed.ok) return data({ error: true }, { status: 400 });
    const who = {
      actorId: session.userId,
      action: "privacy.sealed_review",
      objectType: "case",
      objectId: params.id,
      origin,
    };
    await auditingRefusals(db, who, () =>
      reviewSealedNote(db, session.actor, { caseId, ...parsed.data, origin, now: new Date() }),
    );
    return data({ error: false });
  });
}

export default function StaffCaseSealedReview() {
  const t = useT();
  const { date } = useDates();
  const c = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  return (
    <div className="herstel-prose">
      <PageTitle title={t("privacy.sealed.title")} hasErrors={outcome?.error === true} />
      <Heading level={1}>{t("privacy.sealed.title")}</Heading>
      <Paragraph>
        <Link to={`/medewerkers/zaken/${c.caseId}`} className="utrecht-link">
          {t("privacy.case.back")}
        </Link>
      </Paragraph>
      {outcome ? (
        <Paragraph role="status" className="herstel-panel">
          {t(outcome.error ? "privacy.sealed.error" : "privacy.sealed.saved")}
        </Paragraph>
      ) : null}
      <Paragraph>{t("privacy.sealed.intro")}</Paragraph>
      {c.requests.length === 0 ? <Paragraph>{t("privacy.sealed.none")}</Paragraph> : null}
      {c.requests.map((r) => (
        <section key={r.requestId}>
          <Heading level={2}>
            {t("privacy.sealed.request", {
              party: t(`privacy.party.${r.partyRole}` as MessageKey),
              received: date(r.receivedOn),
              due: date(r.dueOn),
            })}
          </Heading>
          {r.notes.map((n) => (
            <Form key={n.activityId} method="post" noValidate className="herstel-panel">
              <CsrfField />
              <input type="hidden" name="requestId" value={r.requestId} />
              <input type="hidden" name="activityId" value={n.activityId} />
              <Heading level={3}>{t("privacy.sealed.note", { on: date(n.occurredOn) })}</Heading>
              <Paragraph>{n.summary}</Paragraph>
              <Paragraph>
                {n.include === null
                  ? t("privacy.sealed.unreviewed")
                  : t("privacy.sealed.reviewed", { reason: t(`privacy.sealed.reason.${n.reason}` as MessageKey) })}
              </Paragraph>
              <SelectField
                name="reason"
                id={`reason-${r.requestId}-${n.activityId}`}
                label={t("privacy.sealed.choose")}
                choices={SEALED_REVIEW_REASONS.map((v) => ({ value: v, label: t(`privacy.sealed.reason.${v}`) }))}
                value={n.reason ?? undefined}
                placeholder={t("privacy.form.choose")}
                required
                errorPrefix={t("reg.errorPrefix")}
              />
              <button type="submit" className="utrecht-button utrecht-button--primary-action">
                {t("privacy.sealed.save")}
              </button>
            </Form>
          ))}
        </section>
      ))}
    </div>
  );
}
