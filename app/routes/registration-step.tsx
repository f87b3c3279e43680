import { data, Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { REGISTRATION_STEP_LIMIT } from "../features/rate-limit/rate-limit.server.ts";
import { RegistrationField } from "../features/registration/components/registration-field.tsx";
import { updateDraft } from "../features/registration/registration.commands.server.ts";
import {
  findStep,
  forPath,
  nextStepId,
  previousStepId,
  stepsFor,
} from "../features/registration/registration.fields.ts";
import { findDraft, findSubmitted, loadLists } from "../features/registration/registration.queries.server.ts";
import {
  type Answers,
  type FieldErrors,
  parseStep,
  todayInAmsterdam,
} from "../features/registration/registration.schema.ts";
import { enforceRateLimit, registrationContext } from "../features/registration/registration-route.server.ts";
import { draftIdFrom } from "../features/registration/registration-session.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/registration-step";

/** Where a browser without a (live) draft goes: to the confirmation when it was sent, else to the start. */
async function noDraft(request: Request, context: Route.LoaderArgs["context"]): Promise<never> {
  const { db } = registrationContext(context);
  if (await findSubmitted(db, draftIdFrom(request))) throw redirect("/aanmelden/bevestiging", 303);
  throw redirect("/aanmelden?verlopen=1", 303);
}

/** The draft of this browser, or a redirect. */
async function requireDraft(request: Request, context: Route.LoaderArgs["context"], now: Date) {
  const { db } = registrationContext(context);
  return (await findDraft(db, draftIdFrom(request), now)) ?? noDraft(request, context);
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const draft = await requireDraft(request, context, new Date());
    const step = findStep(draft.path, params.stepId);
    if (!step) throw routeError(ErrorCode.NotFound);
    const { db } = registrationContext(context);
    return {
      path: draft.path,
      stepId: step.id,
      values: draft.answers,
      lists: await loadLists(db),
      fromCheck: new URL(request.url).searchParams.get("terug") === "controle",
    };
  });
}

type StepOutcome =
  | { kind: "no-step" }
  | { kind: "invalid"; errors: FieldErrors; values: Answers }
  | { kind: "saved"; next: string | undefined };

export async function action({ request, params, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const now = new Date();
    await enforceRateLimit(context, REGISTRATION_STEP_LIMIT, now);
    const { db } = registrationContext(context);
    const lists = await loadLists(db);
    const form = await request.formData();
    const fromCheck = new URL(request.url).searchParams.get("terug") === "controle";
    // Read, checked and saved in one transaction (the draft under a row lock).
    const outcome = await updateDraft<StepOutcome>(db, draftIdFrom(request), now, (draft) => {
      const step = findStep(draft.path, params.stepId);
      if (!step) return { result: { kind: "no-step" } };
      const result = parseStep(step, form.entries(), lists, todayInAmsterdam(now), draft.answers);
      if (!result.ok) return { result: { kind: "invalid", errors: result.errors, values: result.values } };
      return { save: result.values, result: { kind: "saved", next: nextStepId(draft.path, step.id) } };
    });
    if (!outcome) return noDraft(request, context);
    if (outcome.kind === "no-step") throw routeError(ErrorCode.NotFound);
    if (outcome.kind === "invalid") return data({ errors: outcome.errors, values: outcome.values }, { status: 400 });
    return redirect(fromCheck || !outcome.next ? "/aanmelden/controleren" : `/aanmelden/stap/${outcome.next}`, 303);
  });
}

export default function RegistrationStep() {
  const { path, stepId, values, lists, fromCheck } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const steps = stepsFor(path);
  const step = findStep(path, stepId);
  if (!step) return null;
  const errors = actionData && "errors" in actionData ? actionData.errors : {};
  const shown = actionData && "values" in actionData ? actionData.values : values;
  const index = steps.findIndex((s) => s.id === stepId);
  const previous = previousStepId(path, stepId);
  const title = t(forPath(step.title, path));
  const summary = Object.entries(errors).map(([field, key]) => ({
    field: field === "_form" ? (step.fields[0]?.name ?? "main") : field,
    message: t(key),
  }));
  return (
    <div className="herstel-prose">
      {/* The browser's history and tabs show this title: it names no topic of the step, such as the other party. */}
      <PageTitle
        title={t("reg.step.documentTitle", { current: index + 1, total: steps.length + 1 })}
        hasErrors={summary.length > 0}
      />
      <AppLink
        className="herstel-back-link"
        to={fromCheck ? "/aanmelden/controleren" : previous ? `/aanmelden/stap/${previous}` : "/aanmelden"}
      >
        {fromCheck ? t("reg.check.title") : t("reg.previous")}
      </AppLink>
      <ErrorSummary title={t("reg.errorSummary")} errors={summary} />
      <Paragraph className="herstel-progress">
        {t("reg.progress", { current: index + 1, total: steps.length + 1 })}
      </Paragraph>
      <Heading level={1}>{title}</Heading>
      {step.intro ? <Paragraph lead>{t(forPath(step.intro, path))}</Paragraph> : null}
      <Form method="post" noValidate action={fromCheck ? `?terug=controle` : undefined}>
        <CsrfField />
        {step.fields.map((spec) => (
          <RegistrationField key={spec.name} spec={spec} path={path} lists={lists} values={shown} errors={errors} />
        ))}
        <button
          type="submit"
          className="utrecht-button utrecht-button--primary-action"
          aria-disabled={navigation.state === "submitting" || undefined}
        >
          {fromCheck ? t("reg.saveAndCheck") : t("reg.next")}
        </button>
      </Form>
    </div>
  );
}
