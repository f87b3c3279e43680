import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import outcomesCss from "../features/outcomes/components/outcomes.css?url";
import { QuestionnaireFields } from "../features/outcomes/components/questionnaire-fields.tsx";
import { formatCode } from "../features/outcomes/outcome.rules.ts";
import { answerState, saveAnswers } from "../features/outcomes/outcome-answering.server.ts";
import { parseAnswers, type ScoreInput } from "../features/outcomes/outcome-answers.schema.ts";
import { answerSessionOf, outcomeRouteContext } from "../features/outcomes/outcome-route.server.ts";
import { formatDate } from "../lib/dates.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { formValues } from "../lib/form-schema.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/survey-answer";

/**
 * /vragenlijst/invullen: the questionnaire itself, for the person whose link or code was just
 * redeemed (the signed cookie). Every question may be skipped; "Save and carry on later" keeps
 * the answers and gives a new single-use code; "Send" finishes.
 */
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: outcomesCss }];

export async function loader({ request, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const { db, secure } = outcomeRouteContext(context);
    const now = new Date();
    const session = answerSessionOf(request, secure, now);
    if (!session) throw redirect("/vragenlijst", 303);
    const locale = context.get(requestStateContext).locale;
    const state = await answerState(db, session.invitationId, locale, now);
    if (state.status === "unavailable") return { state: "unavailable" as const };
    if (state.status === "completed") return { state: "completed" as const };
    return {
      state: "open" as const,
      questions: state.questions,
      scores: state.scores,
      open: state.open,
      until: formatDate(state.expiresAt, locale),
    };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { db, secure, publicUrl } = outcomeRouteContext(context);
    const now = new Date();
    const session = answerSessionOf(request, secure, now);
    if (!session) throw redirect("/vragenlijst", 303);
    const locale = context.get(requestStateContext).locale;
    const form = await request.formData();
    const intent = form.get("intent") === "later" ? "later" : "finish";
    const state = await answerState(db, session.invitationId, locale, now);
    if (state.status !== "open") return data({ result: "unavailable" as const });
    const { values } = formValues(form);
    const scaleIds = state.questions.filter((q) => q.kind === "scale").map((q) => q.id);
    const parsed = parseAnswers(values, scaleIds);
    if (!parsed.ok)
      return data(
        {
          result: "invalid" as const,
          errors: parsed.fields,
          scores: Object.fromEntries(parsed.data.scores),
          open: parsed.data.open,
        },
        { status: 400 },
      );
    const saved = await saveAnswers(db, session, parsed.data, intent, now);
    if (!saved.ok) return data({ result: "unavailable" as const });
    // The cookie stays until it runs out: the page reloaded after sending shows the thanks again.
    if (intent === "finish") return data({ result: "done" as const });
    return data({
      result: "saved" as const,
      code: formatCode(saved.code as string),
      url: new URL("/vragenlijst", publicUrl).toString(),
      until: formatDate(state.expiresAt, locale),
    });
  });
}

export default function SurveyAnswer() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.result === "done" || loaded.state === "completed")
    return (
      <div className="herstel-prose">
        <PageTitle title={t("survey.thanks.title")} />
        <Heading level={1}>{t("survey.thanks.title")}</Heading>
        <Paragraph role="status">{t("survey.thanks.text")}</Paragraph>
      </div>
    );
  if (result?.result === "unavailable" || loaded.state === "unavailable")
    return (
      <div className="herstel-prose">
        <PageTitle title={t("survey.title")} />
        <Heading level={1}>{t("survey.title")}</Heading>
        <Paragraph role="alert">{t("survey.unavailable")}</Paragraph>
      </div>
    );
  if (result?.result === "saved")
    return (
      <div className="herstel-prose">
        <PageTitle title={t("survey.saved.title")} />
        <Heading level={1}>{t("survey.saved.title")}</Heading>
        <Paragraph role="status">{t("survey.saved.text", { url: result.url, date: result.until })}</Paragraph>
        <Paragraph>
          {t("survey.saved.code")}: <strong className="herstel-code">{result.code}</strong>
        </Paragraph>
      </div>
    );
  const invalid = result?.result === "invalid" ? result : undefined;
  const errors = invalid?.errors ?? [];
  const scores = (invalid?.scores ?? loaded.scores ?? {}) as Record<number, ScoreInput>;
  const questions = loaded.questions ?? [];
  return (
    <div className="herstel-prose">
      <PageTitle title={t("survey.title")} hasErrors={errors.length > 0} />
      <Heading level={1}>{t("survey.title")}</Heading>
      <ErrorSummary
        title={t("survey.error.summary")}
        errors={errors.map((field) => {
          const q = questions.find((x) => `q${x.id}` === field);
          return {
            field,
            message: q ? `${q.position}. ${t("survey.error.field")}` : t("survey.error.open"),
          };
        })}
      />
      <Paragraph>{t("survey.intro")}</Paragraph>
      <Paragraph>{t("survey.expires", { date: loaded.until ?? "" })}</Paragraph>
      <Form method="post" noValidate>
        <CsrfField />
        <QuestionnaireFields
          questions={questions}
          scores={scores}
          open={invalid?.open ?? loaded.open ?? ""}
          errors={errors}
        />
        <div className="herstel-actions">
          <button type="submit" name="intent" value="finish" className="utrecht-button utrecht-button--primary-action">
            {t("survey.finish")}
          </button>
          <button type="submit" name="intent" value="later" className="utrecht-button utrecht-button--secondary-action">
            {t("survey.later")}
          </button>
        </div>
      </Form>
    </div>
  );
}
