import { data, Form, useActionData, useLoaderData } from "react-router";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { allQuestionnaires } from "../features/outcomes/outcome-questions.server.ts";
import {
  addDraftQuestion,
  discardDraft,
  MAX_QUESTIONS,
  publishDraft,
  removeDraftQuestion,
  saveDraftQuestion,
  startDraft,
  type VersionProblem,
  type VersionResult,
  versionForms,
} from "../features/outcomes/outcome-versions.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { SelectField, TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/admin-questionnaires";

/**
 * /medewerkers/beheer/vragenlijsten: the questionnaires, every side and version, for
 * administrators. A published version is shown as it stands and never changes; an administrator
 * drafts a new version (a copy of the latest), changes, adds and removes questions (at most 12)
 * and publishes it, after which new invitations use it (ADR 0021, migration 0035).
 */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    authorize(session.actor, "questionnaire.manage");
    return { questionnaires: await allQuestionnaires(authContext(context).db), max: MAX_QUESTIONS };
  });
}

const INTENTS = ["draft", "save", "add", "remove", "publish", "discard"] as const;
type Intent = (typeof INTENTS)[number];
type Outcome =
  | { intent: Intent; problem: VersionProblem | "form"; fields: string[]; target: string }
  | { intent: Intent; done: true };

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    authorize(session.actor, "questionnaire.manage");
    const form = await request.formData();
    const intent = String(form.get("intent") ?? "") as Intent;
    if (!INTENTS.includes(intent))
      return data<Outcome>({ intent: "save", problem: "form", fields: ["intent"], target: "" }, { status: 400 });
    const base = { origin, now: new Date() };
    const actor = session.actor;
    const target = `${String(form.get("questionnaireId") ?? form.get("side") ?? "")}-${String(form.get("questionId") ?? "new")}`;
    const refused = (fields: string[]) => data<Outcome>({ intent, problem: "form", fields, target }, { status: 400 });
    let result: VersionResult;
    switch (intent) {
      case "draft": {
        const p = parseForm(versionForms.draft, form);
        if (!p.ok) return refused(p.fields);
        result = await startDraft(db, actor, { ...base, side: p.data.side });
        break;
      }
      case "save": {
        const p = parseForm(versionForms.save, form);
        if (!p.ok) return refused(p.fields);
        const { questionnaireId, questionId, ...question } = p.data;
        result = await saveDraftQuestion(db, actor, { ...base, questionnaireId, questionId, question });
        break;
      }
      case "add": {
        const p = parseForm(versionForms.add, form);
        if (!p.ok) return refused(p.fields);
        const { questionnaireId, ...question } = p.data;
        result = await addDraftQuestion(db, actor, { ...base, questionnaireId, question });
        break;
      }
      case "remove": {
        const p = parseForm(versionForms.remove, form);
        if (!p.ok) return refused(p.fields);
        result = await removeDraftQuestion(db, actor, { ...base, ...p.data });
        break;
      }
      case "publish": {
        const p = parseForm(versionForms.publish, form);
        if (!p.ok) return refused(p.fields);
        result = await publishDraft(db, actor, { ...base, ...p.data });
        break;
      }
      case "discard": {
        const p = parseForm(versionForms.discard, form);
        if (!p.ok) return refused(p.fields);
        result = await discardDraft(db, actor, { ...base, ...p.data });
        break;
      }
    }
    if (!result.ok) return data<Outcome>({ intent, problem: result.problem, fields: [], target }, { status: 400 });
    return data<Outcome>({ intent, done: true });
  });
}

type Question = Awaited<ReturnType<typeof allQuestionnaires>>[number]["questions"][number];

/** The fields of one question (empty for a new one); ids are made unique with `prefix`. */
function QuestionFields({ q, prefix, errors }: { q?: Question; prefix: string; errors: string[] }) {
  const t = useT();
  const error = (field: string) => (errors.includes(field) ? t("adminQuestionnaires.problem.form") : undefined);
  const text = (name: string, value: string | null | undefined, hint?: string) => (
    <TextField
      name={name}
      id={`${prefix}-${name}`}
      type="text"
      label={t(`adminQuestionnaires.field.${name}` as MessageKey)}
      hint={hint}
      value={value ?? ""}
      maxLength={name.startsWith("text") ? 400 : 100}
      error={error(name)}
      errorPrefix={t("reg.errorPrefix")}
    />
  );
  return (
    <>
      {text("code", q?.code)}
      <SelectField
        name="kind"
        id={`${prefix}-kind`}
        label={t("adminQuestionnaires.field.kind")}
        value={q?.kind ?? "scale"}
        placeholder={t("adminQuestionnaires.choose")}
        choices={[
          { value: "scale", label: t("adminQuestionnaires.kind.scale") },
          { value: "open", label: t("adminQuestionnaires.kind.open") },
        ]}
        error={error("kind")}
        errorPrefix={t("reg.errorPrefix")}
      />
      {text("textNl", q?.text_nl)}
      {text("textEn", q?.text_en)}
      {text("lowNl", q?.low_nl, t("adminQuestionnaires.field.scaleHint"))}
      {text("lowEn", q?.low_en, t("adminQuestionnaires.field.scaleHint"))}
      {text("highNl", q?.high_nl, t("adminQuestionnaires.field.scaleHint"))}
      {text("highEn", q?.high_en, t("adminQuestionnaires.field.scaleHint"))}
      <SelectField
        name="better"
        id={`${prefix}-better`}
        label={t("adminQuestionnaires.field.better")}
        hint={t("adminQuestionnaires.field.scaleHint")}
        value={q?.better ?? ""}
        placeholder={t("adminQuestionnaires.choose")}
        choices={[
          { value: "higher", label: t("outcomes.better.higher") },
          { value: "lower", label: t("outcomes.better.lower") },
        ]}
        error={error("better")}
        errorPrefix={t("reg.errorPrefix")}
      />
    </>
  );
}

export default function AdminQuestionnaires() {
  const t = useT();
  const { questionnaires, max } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>() as Outcome | undefined;
  const failed = outcome && "problem" in outcome ? outcome : undefined;
  const errorsFor = (target: string) => (failed && failed.target === target ? failed.fields : []);
  const hasDraft = (side: string) => questionnaires.some((q) => q.side === side && q.published_at === null);
  const latest = (side: string) => questionnaires.filter((q) => q.side === side).at(-1)?.id;
  return (
    <div className="herstel-prose">
      <PageTitle title={t("adminQuestionnaires.title")} hasErrors={Boolean(failed)} />
      <ErrorSummary
        title={t("reg.errorSummary")}
        errors={
          failed
            ? [
                {
                  field: failed.fields[0] ? `${failed.target}-${failed.fields[0]}` : "questionnaires-title",
                  message: t(`adminQuestionnaires.problem.${failed.problem}`),
                },
              ]
            : []
        }
      />
      <Heading level={1} id="questionnaires-title">
        {t("adminQuestionnaires.title")}
      </Heading>
      <Paragraph>{t("adminQuestionnaires.intro")}</Paragraph>
      {outcome && "done" in outcome ? (
        <Paragraph role="status" className="herstel-panel">
          {t(`adminQuestionnaires.done.${outcome.intent}`)}
        </Paragraph>
      ) : null}
      {questionnaires.map((q) =>
        q.published_at === null ? (
          <section key={q.id} aria-labelledby={`questionnaire-${q.id}`}>
            <Heading level={2} id={`questionnaire-${q.id}`}>
              {t("adminQuestionnaires.draftHeading", { side: t(`outcomes.side.${q.side}`), version: q.version })}
            </Heading>
            <Paragraph>{t("adminQuestionnaires.draft", { count: q.questions.length, max })}</Paragraph>
            {q.questions.map((x) => (
              <section key={x.id} aria-labelledby={`question-${x.id}`} className="herstel-panel">
                <Heading level={3} id={`question-${x.id}`}>
                  {t("adminQuestionnaires.questionHeading", { position: x.position })}
                </Heading>
                <Form method="post" noValidate>
                  <CsrfField />
                  <input type="hidden" name="questionnaireId" value={q.id} />
                  <input type="hidden" name="questionId" value={x.id} />
                  <QuestionFields q={x} prefix={`${q.id}-${x.id}`} errors={errorsFor(`${q.id}-${x.id}`)} />
                  <button
                    type="submit"
                    name="intent"
                    value="save"
                    className="utrecht-button utrecht-button--secondary-action"
                  >
                    {t("adminQuestionnaires.save")}
                  </button>
                </Form>
                <Form method="post">
                  <CsrfField />
                  <input type="hidden" name="questionnaireId" value={q.id} />
                  <input type="hidden" name="questionId" value={x.id} />
                  <button
                    type="submit"
                    name="intent"
                    value="remove"
                    className="utrecht-button utrecht-button--secondary-action"
                  >
                    {t("adminQuestionnaires.remove")}
                  </button>
                </Form>
              </section>
            ))}
            {q.questions.length < max ? (
              <section aria-labelledby={`add-${q.id}`} className="herstel-panel">
                <Heading level={3} id={`add-${q.id}`}>
                  {t("adminQuestionnaires.addHeading")}
                </Heading>
                <Form method="post" noValidate>
                  <CsrfField />
                  <input type="hidden" name="questionnaireId" value={q.id} />
                  <QuestionFields prefix={`${q.id}-new`} errors={errorsFor(`${q.id}-new`)} />
                  <button
                    type="submit"
                    name="intent"
                    value="add"
                    className="utrecht-button utrecht-button--secondary-action"
                  >
                    {t("adminQuestionnaires.add")}
                  </button>
                </Form>
              </section>
            ) : null}
            <Paragraph>{t("adminQuestionnaires.publishHint")}</Paragraph>
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="questionnaireId" value={q.id} />
              <button
                type="submit"
                name="intent"
                value="publish"
                className="utrecht-button utrecht-button--primary-action"
              >
                {t("adminQuestionnaires.publish")}
              </button>{" "}
              <button
                type="submit"
                name="intent"
                value="discard"
                className="utrecht-button utrecht-button--secondary-action"
              >
                {t("adminQuestionnaires.discard")}
              </button>
            </Form>
          </section>
        ) : (
          <section key={q.id} aria-labelledby={`questionnaire-${q.id}`}>
            <Heading level={2} id={`questionnaire-${q.id}`}>
              {t("adminQuestionnaires.heading", { side: t(`outcomes.side.${q.side}`), version: q.version })}
            </Heading>
            <Paragraph>
              {q.active
                ? t("adminQuestionnaires.active", { date: q.introduced_on })
                : t("adminQuestionnaires.inactive")}
            </Paragraph>
            <DataTable
              headers={[
                t("adminQuestionnaires.col.position"),
                t("adminQuestionnaires.col.text"),
                t("adminQuestionnaires.col.scale"),
              ]}
              rows={q.questions.map((x) => ({
                key: x.id,
                cells: [
                  String(x.position),
                  <>
                    {x.text_nl}
                    <br />
                    <span lang="en">{x.text_en}</span>
                  </>,
                  x.kind === "scale"
                    ? `0 = ${x.low_nl} / ${x.low_en}; 10 = ${x.high_nl} / ${x.high_en}; ${t("outcomes.col.better").toLowerCase()} ${t(`outcomes.better.${x.better ?? "higher"}`)}`
                    : t("adminQuestionnaires.open"),
                ],
              }))}
            />
            {latest(q.side) === q.id && !hasDraft(q.side) ? (
              <Form method="post">
                <CsrfField />
                <input type="hidden" name="side" value={q.side} />
                <Paragraph>{t("adminQuestionnaires.newDraftHint")}</Paragraph>
                <button
                  type="submit"
                  name="intent"
                  value="draft"
                  className="utrecht-button utrecht-button--secondary-action"
                >
                  {t("adminQuestionnaires.newDraft")}
                </button>
              </Form>
            ) : null}
          </section>
        ),
      )}
    </div>
  );
}
