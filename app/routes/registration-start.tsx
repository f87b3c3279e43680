import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { contentPage } from "../features/content/content.server.ts";
import { REGISTRATION_STEP_LIMIT } from "../features/rate-limit/rate-limit.server.ts";
import { startDraft } from "../features/registration/registration.commands.server.ts";
import { stepsFor } from "../features/registration/registration.fields.ts";
import { enforceRateLimit, registrationContext } from "../features/registration/registration-route.server.ts";
import { setDraftCookie } from "../features/registration/registration-session.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { formValues } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { ContentHtml } from "../ui/content-html.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { ChoiceGroup } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/registration-start";

const startSchema = z.strictObject({ path: z.enum(["self", "referral"], { error: "validation.choose" }) });

export function loader({ request, context }: Route.LoaderArgs) {
  const { locale } = context.get(requestStateContext);
  const intro = contentPage(locale, "aanmelden-intro");
  return { introHtml: intro?.html ?? "", expired: new URL(request.url).searchParams.has("verlopen") };
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const now = new Date();
    await enforceRateLimit(context, REGISTRATION_STEP_LIMIT, now);
    const form = await request.formData();
    const parsed = startSchema.safeParse(formValues(form).values);
    if (!parsed.success) return data({ error: "validation.choose" as MessageKey }, { status: 400 });
    const { db, config } = registrationContext(context);
    const id = await startDraft(db, parsed.data.path, now);
    const first = stepsFor(parsed.data.path)[0]?.id;
    return redirect(`/aanmelden/stap/${first}`, {
      status: 303,
      headers: { "Set-Cookie": setDraftCookie(id, config.secureCookies) },
    });
  });
}

export default function RegistrationStart() {
  const { introHtml, expired } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const error = actionData && "error" in actionData ? t(actionData.error) : undefined;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("reg.start.title")} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [{ field: "path", message: error }] : []} />
      <Heading level={1}>{t("reg.start.title")}</Heading>
      {expired ? (
        <div className="utrecht-alert utrecht-alert--info herstel-panel" role="status">
          <Paragraph>{t("reg.expired")}</Paragraph>
        </div>
      ) : null}
      <ContentHtml html={introHtml} />
      <Form method="post" noValidate>
        <CsrfField />
        <ChoiceGroup
          name="path"
          type="radio"
          label={t("reg.start.question")}
          required
          values={[]}
          error={error}
          errorPrefix={t("reg.errorPrefix")}
          choices={[
            { value: "self", label: `${t("reg.start.self")}: ${t("reg.start.selfHint")}` },
            { value: "referral", label: `${t("reg.start.referral")}: ${t("reg.start.referralHint")}` },
          ]}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("reg.start.button")}
        </button>
      </Form>
      <Paragraph className="herstel-after-form">{t("reg.start.phone")}</Paragraph>
    </div>
  );
}
