import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import outcomesCss from "../features/outcomes/components/outcomes.css?url";
import { redeem } from "../features/outcomes/outcome-answering.server.ts";
import {
  answerCookie,
  clearLinkCookie,
  OUTCOME_CODE_LIMIT,
  outcomeRouteContext,
  readLinkCookie,
} from "../features/outcomes/outcome-route.server.ts";
import { enforceRateLimit } from "../features/registration/registration-route.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/survey-start";

/**
 * /vragenlijst: the start of the questionnaire. Arriving from the e-mail's link, the person
 * presses Start; with a letter, they type the code. Either is redeemed once, for a short-lived
 * cookie, and the questionnaire opens at /vragenlijst/invullen. No account.
 */
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: outcomesCss }];

export function loader({ request, context }: Route.LoaderArgs) {
  const { secure } = outcomeRouteContext(context);
  const url = new URL(request.url);
  return {
    fromLink: readLinkCookie(request, secure) !== undefined,
    linkInvalid: url.searchParams.get("link") === "ongeldig",
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { db, secure } = outcomeRouteContext(context);
    const now = new Date();
    await enforceRateLimit(context, OUTCOME_CODE_LIMIT, now);
    const form = await request.formData();
    const intent = form.get("intent");
    const headers = new Headers();
    if (intent === "link") {
      const token = readLinkCookie(request, secure);
      headers.append("Set-Cookie", clearLinkCookie(secure));
      const id = token ? await redeem(db, token, "link", now) : undefined;
      if (id === undefined) return data({ problem: "link" as const }, { headers });
      headers.append("Set-Cookie", answerCookie(secure, id, "link", now));
      return redirect("/vragenlijst/invullen", { status: 303, headers });
    }
    const code = form.get("code");
    const id = typeof code === "string" && code.length <= 40 ? await redeem(db, code, "code", now) : undefined;
    if (id === undefined) return data({ problem: "code" as const });
    headers.append("Set-Cookie", answerCookie(secure, id, "code", now));
    return redirect("/vragenlijst/invullen", { status: 303, headers });
  });
}

export default function SurveyStart() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const codeProblem = result?.problem === "code";
  const linkProblem = result?.problem === "link" || loaded.linkInvalid;
  const showStart = loaded.fromLink && result?.problem !== "link";
  return (
    <div className="herstel-prose">
      <PageTitle title={t("survey.title")} hasErrors={codeProblem} />
      <Heading level={1}>{t("survey.title")}</Heading>
      {linkProblem ? (
        <Paragraph role="alert" className="herstel-panel">
          {t("survey.link.invalid")}
        </Paragraph>
      ) : null}
      {showStart ? (
        <>
          <Paragraph>{t("survey.intro")}</Paragraph>
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="link" />
            <button type="submit" className="utrecht-button utrecht-button--primary-action">
              {t("survey.code.submit")}
            </button>
          </Form>
        </>
      ) : (
        <>
          <ErrorSummary
            title={t("survey.error.summary")}
            errors={codeProblem ? [{ field: "code", message: t("survey.code.invalid") }] : []}
          />
          <Paragraph>{t("survey.code.intro")}</Paragraph>
          <Form method="post" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="code" />
            <TextField
              name="code"
              type="text"
              width="medium"
              maxLength={40}
              label={t("survey.code.label")}
              hint={t("survey.code.hint")}
              error={codeProblem ? t("survey.code.invalid") : undefined}
              required
              autoComplete="off"
              errorPrefix={t("reg.errorPrefix")}
            />
            <button type="submit" className="utrecht-button utrecht-button--primary-action">
              {t("survey.code.submit")}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
