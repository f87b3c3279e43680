import { data, Form, useActionData, useLoaderData } from "react-router";
import { auditingRefusals } from "../features/audit/refusals.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { caseOutcomes, enterAnswers, printLetter } from "../features/outcomes/case-outcomes.server.ts";
import outcomesCss from "../features/outcomes/components/outcomes.css?url";
import { PersonAnswersView } from "../features/outcomes/components/person-answers.tsx";
import { QuestionnaireFields } from "../features/outcomes/components/questionnaire-fields.tsx";
import { formatCode, MOMENTS, type Moment } from "../features/outcomes/outcome.rules.ts";
import { parseAnswers } from "../features/outcomes/outcome-answers.schema.ts";
import { personChartSvg } from "../features/outcomes/person-chart.server.ts";
import { DomainError, ErrorCode, invalidInput, routeError, withDomainErrors } from "../lib/errors.ts";
import { formValues } from "../lib/form-schema.ts";
import { translator } from "../lib/i18n/i18n.ts";
import { useDateTimeFormat, useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { AppLink } from "../ui/app-link.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { ChoiceGroup } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-case-outcomes";

/**
 * /medewerkers/zaken/:id/vragenlijsten: the questionnaires of one case. Who consents, which
 * invitations went out and how they were answered; a letter with a code to print; answers given
 * on paper or by phone; and, for the assigned mediators with the person's consent, the answers
 * over time as a chart and a table. Which cases: row-level security, as for the case page.
 */
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: outcomesCss }];

const caseIdOf = (raw: string) => {
  if (!/^\d{1,15}$/.test(raw)) throw routeError(ErrorCode.NotFound);
  return Number(raw);
};

export async function loader({ params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    authorize(session.actor, "case.list");
    const locale = context.get(requestStateContext).locale;
    const t = translator(locale);
    const found = await caseOutcomes(db, session.actor, {
      caseId: caseIdOf(params.id),
      origin,
      now: new Date(),
      locale,
    });
    return {
      ...found,
      caseId: caseIdOf(params.id),
      parties: found.parties.map((p) => ({
        ...p,
        chart: p.answers ? personChartSvg(p.answers, (m) => t(`survey.moment.${m as Moment}`)) : null,
      })),
    };
  });
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const session = requireSession(context);
  const { db, origin } = authContext(context);
  const who = {
    actorId: session.userId,
    action: "case.outcomes_write",
    objectType: "case",
    objectId: params.id,
    origin,
  };
  return auditingRefusals(db, who, () =>
    withDomainErrors(async () => {
      const caseId = caseIdOf(params.id);
      const form = await request.formData();
      const now = new Date();
      const base = { caseId, origin, now };
      try {
        if (form.get("intent") === "letter") {
          const invitationId = Number(form.get("invitationId"));
          if (!Number.isSafeInteger(invitationId)) throw invalidInput("invitationId");
          const letter = await printLetter(db, session.actor, { ...base, invitationId });
          return data({
            kind: "letter" as const,
            ...letter,
            code: formatCode(letter.code),
            url: new URL("/vragenlijst", authContext(context).config.publicUrl).toString(),
            until: new Intl.DateTimeFormat(context.get(requestStateContext).locale === "en" ? "en-GB" : "nl-NL", {
              day: "numeric",
              month: "long",
              year: "numeric",
              timeZone: "Europe/Amsterdam",
            }).format(letter.expiresAt),
          });
        }
        const { values } = formValues(form);
        const partyId = Number(values.partyId);
        const moment = values.moment as Moment;
        const via = values.via;
        if (!Number.isSafeInteger(partyId)) throw invalidInput("partyId");
        if (!MOMENTS.includes(moment)) throw invalidInput("moment");
        if (via !== "paper" && via !== "phone") throw invalidInput("via");
        const scaleIds = Object.keys(values).flatMap((k) => (/^q\d{1,9}$/.test(k) ? [Number(k.slice(1))] : []));
        const parsed = parseAnswers(values, scaleIds, ["partyId", "moment", "via"]);
        if (!parsed.ok) throw invalidInput(...parsed.fields);
        await enterAnswers(db, session.actor, { ...base, partyId, moment, via, answers: parsed.data });
        return data({ kind: "saved" as const });
      } catch (error) {
        if (error instanceof DomainError && error.code === ErrorCode.InvalidInput)
          return data({ kind: "invalid" as const, fields: [...error.fields] }, { status: 400 });
        throw error;
      }
    }),
  );
}

export default function CaseOutcomes() {
  const t = useT();
  const when = useDateTimeFormat();
  const r = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const title = t("caseOutcomes.title", { reference: r.reference });
  if (result?.kind === "letter")
    return (
      <article className="herstel-prose">
        <PageTitle title={t("caseOutcomes.letter.title", { name: result.name })} />
        <p className="herstel-no-print">
          <AppLink to={`/medewerkers/zaken/${r.caseId}/vragenlijsten`}>{t("caseOutcomes.back")}</AppLink>
        </p>
        <Heading level={1} className="herstel-no-print">
          {t("caseOutcomes.letter.title", { name: result.name })}
        </Heading>
        <Paragraph className="herstel-no-print" role="status">
          {t("caseOutcomes.letter.print")}
        </Paragraph>
        <div className="herstel-letter">
          <p>
            {result.name}
            {result.address ? `\n${result.address}` : ""}
          </p>
          <p>{t("caseOutcomes.letter.body", { name: result.name, url: result.url })}</p>
          <p className="herstel-code">{result.code}</p>
          <p>{t("caseOutcomes.letter.after", { date: result.until })}</p>
        </div>
      </article>
    );
  const problem =
    result?.kind === "invalid"
      ? result.fields.includes("consent")
        ? t("caseOutcomes.error.consent")
        : result.fields.includes("invitationId")
          ? t("caseOutcomes.error.invitation")
          : result.fields.includes("moment")
            ? t("caseOutcomes.error.moment")
            : t("survey.error.field")
      : null;
  return (
    <article className="herstel-prose">
      <PageTitle title={title} hasErrors={problem !== null} />
      <p>
        <AppLink to={`/medewerkers/zaken/${r.caseId}`}>{t("caseOutcomes.back")}</AppLink>
      </p>
      <Heading level={1}>{title}</Heading>
      {problem ? (
        <Paragraph role="alert" className="herstel-panel">
          {problem}
        </Paragraph>
      ) : null}
      {result?.kind === "saved" ? (
        <Paragraph role="status" className="herstel-panel">
          {t("caseOutcomes.saved")}
        </Paragraph>
      ) : null}
      <Paragraph>{t("caseOutcomes.intro")}</Paragraph>
      {r.parties.map((p) => (
        <section key={p.id} aria-labelledby={`party-${p.id}`}>
          <Heading level={2} id={`party-${p.id}`}>
            {t("caseOutcomes.party", { name: p.name, side: t(`caseOutcomes.side.${p.side}`) })}
          </Heading>
          <Paragraph>
            {t("caseOutcomes.consent.measuring")}: {p.measuring ? t("caseOutcomes.yes") : t("caseOutcomes.no")}.{" "}
            {t("caseOutcomes.consent.inCase")}: {p.inCase ? t("caseOutcomes.yes") : t("caseOutcomes.no")}.
          </Paragraph>
          {!p.measuring && p.invitations.length === 0 ? <Paragraph>{t("caseOutcomes.noConsent")}</Paragraph> : null}
          <Heading level={3}>{t("caseOutcomes.invitations")}</Heading>
          {p.invitations.length === 0 ? (
            <Paragraph>{t("caseOutcomes.noInvitations")}</Paragraph>
          ) : (
            <DataTable
              headers={[
                t("caseOutcomes.col.moment"),
                t("caseOutcomes.col.invited"),
                t("caseOutcomes.col.how"),
                t("caseOutcomes.col.status"),
              ]}
              rows={p.invitations.map((i) => {
                const expired = new Date(i.expiresAt).getTime() <= Date.now();
                const how = i.emailSentAt
                  ? t(i.reminderSentAt ? "caseOutcomes.how.emailReminded" : "caseOutcomes.how.email")
                  : t(i.letterPrintedAt ? "caseOutcomes.how.letter" : "caseOutcomes.how.letterToPrint");
                const status = i.completedAt
                  ? t("caseOutcomes.status.completed", {
                      via: t(`caseOutcomes.via.${i.via ?? "paper"}` as "caseOutcomes.via.paper"),
                    })
                  : expired
                    ? t("caseOutcomes.status.expired")
                    : t("caseOutcomes.status.open", { date: when(i.expiresAt) });
                return {
                  key: i.id,
                  cells: [
                    t(`survey.moment.${i.moment}`),
                    when(i.createdAt),
                    how,
                    <>
                      {status}
                      {!i.completedAt && !expired && p.measuring ? (
                        <Form method="post">
                          <CsrfField />
                          <input type="hidden" name="intent" value="letter" />
                          <input type="hidden" name="invitationId" value={i.id} />
                          <button type="submit" className="utrecht-button utrecht-button--secondary-action">
                            {t("caseOutcomes.printLetter")}
                          </button>
                        </Form>
                      ) : null}
                    </>,
                  ],
                };
              })}
            />
          )}
          <PersonAnswersView
            answers={p.answers}
            chart={p.chart}
            answeredAny={p.invitations.some((i) => i.completedAt !== null)}
          />
          {p.entryQuestions.length > 0 ? (
            <details>
              <summary>{t("caseOutcomes.enter")}</summary>
              <Form method="post" noValidate>
                <CsrfField />
                <input type="hidden" name="intent" value="enter" />
                <input type="hidden" name="partyId" value={p.id} />
                <ChoiceGroup
                  id={`moment-${p.id}`}
                  name="moment"
                  type="radio"
                  label={t("caseOutcomes.enter.moment")}
                  values={[]}
                  choices={MOMENTS.map((m) => ({ value: m, label: t(`survey.moment.${m}`) }))}
                  errorPrefix={t("reg.errorPrefix")}
                />
                <ChoiceGroup
                  id={`via-${p.id}`}
                  name="via"
                  type="radio"
                  label={t("caseOutcomes.enter.via")}
                  values={["paper"]}
                  choices={[
                    { value: "paper", label: t("caseOutcomes.via.paper") },
                    { value: "phone", label: t("caseOutcomes.via.phone") },
                  ]}
                  errorPrefix={t("reg.errorPrefix")}
                />
                <QuestionnaireFields questions={p.entryQuestions} scores={{}} open="" errors={[]} />
                <button type="submit" className="utrecht-button utrecht-button--primary-action">
                  {t("caseOutcomes.enter.submit")}
                </button>
              </Form>
            </details>
          ) : null}
        </section>
      ))}
    </article>
  );
}
