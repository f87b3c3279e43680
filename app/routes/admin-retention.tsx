import { data, Form, useActionData, useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize, can } from "../features/auth/permissions.ts";
import { updateRetentionRule } from "../features/privacy/privacy.commands.server.ts";
import { retentionRules } from "../features/privacy/privacy.queries.server.ts";
import { retentionRuleForm } from "../features/privacy/privacy.schema.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { TextArea, TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/admin-retention";

/** The retention schedule (ADR 0020): administrators set each period and its legal basis. */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    if (!can(session.actor, "retention.configure")) {
      await recordAudit(db, { actorId: session.userId, action: "retention.configure", result: "denied", origin });
    }
    authorize(session.actor, "retention.configure");
    return { rules: await retentionRules(db) };
  });
}

type Outcome = { error: MessageKey; kind: string } | { done: MessageKey };

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    authorize(session.actor, "retention.configure");
    const parsed = parseForm(retentionRuleForm, await request.formData());
    if (!parsed.ok) return data<Outcome>({ error: "privacy.error.form", kind: "" }, { status: 400 });
    const result = await updateRetentionRule(db, session.actor, { ...parsed.data, origin, now: new Date() });
    if (!result.ok)
      return data<Outcome>({ error: "privacy.error.zeroPeriod", kind: parsed.data.kind }, { status: 400 });
    return data<Outcome>({ done: "retention.saved" });
  });
}

export default function AdminRetention() {
  const t = useT();
  const { rules } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>() as Outcome | undefined;
  const error = outcome && "error" in outcome ? outcome : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("retention.title")} hasErrors={Boolean(error)} />
      <ErrorSummary
        title={t("reg.errorSummary")}
        errors={error ? [{ field: `months-${error.kind || rules[0]?.kind}`, message: t(error.error) }] : []}
      />
      <Heading level={1}>{t("retention.title")}</Heading>
      <Paragraph>{t("retention.intro")}</Paragraph>
      {outcome && "done" in outcome ? (
        <Paragraph role="status" className="herstel-panel">
          {t(outcome.done)}
        </Paragraph>
      ) : null}
      {rules.map((r) => (
        <Form key={r.kind} method="post" noValidate>
          <CsrfField />
          <Heading level={2}>{t(`privacy.rule.${r.kind}`)}</Heading>
          <input type="hidden" name="kind" value={r.kind} />
          <TextField
            name="keepMonths"
            id={`months-${r.kind}`}
            type="text"
            width="narrow"
            label={t("retention.months")}
            value={String(r.keep_months)}
            required
            error={error?.kind === r.kind ? t(error.error) : undefined}
            errorPrefix={t("reg.errorPrefix")}
          />
          <TextField
            name="keepDays"
            id={`days-${r.kind}`}
            type="text"
            width="narrow"
            label={t("retention.days")}
            value={String(r.keep_days)}
            required
            errorPrefix={t("reg.errorPrefix")}
          />
          <TextArea
            name="legalBasis"
            id={`basis-${r.kind}`}
            label={t("retention.basis")}
            value={r.legal_basis}
            maxLength={1000}
            required
            errorPrefix={t("reg.errorPrefix")}
          />
          <button type="submit" className="utrecht-button utrecht-button--primary-action">
            {t("retention.save")}
          </button>
        </Form>
      ))}
    </div>
  );
}
