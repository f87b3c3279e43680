import { formInput, parseForm } from "../../lib/form-schema.ts";
import type { Move } from "./case.rules.ts";
import { recordOutcome } from "./case-file.commands.server.ts";
import { moveCase } from "./case-move.commands.server.ts";
import type { IntentHandler, IntentScope } from "./case-section.server.ts";
import { closingAgreementsForm, justiceFeedbackForm, moveForm, outcomeForm } from "./closing.schema.ts";
import { recordClosingAgreements, recordJusticeFeedback } from "./justice-feedback.server.ts";

/** The intents of the justice-feedback and closing sections, and a move of the case to another step. */
function write(scope: IntentScope) {
  return { caseId: scope.caseId, origin: scope.origin, now: scope.now };
}

export const recordJusticeFeedbackIntent: IntentHandler = async (scope) => {
  const input = formInput(justiceFeedbackForm, scope.form);
  await recordJusticeFeedback(scope.db, scope.actor, { ...write(scope), ...input });
  return { kind: "saved" };
};

export const recordClosingAgreementsIntent: IntentHandler = async (scope) => {
  const input = formInput(closingAgreementsForm, scope.form);
  await recordClosingAgreements(scope.db, scope.actor, { ...write(scope), ...input });
  return { kind: "saved" };
};

export const recordOutcomeIntent: IntentHandler = async (scope) => {
  const input = formInput(outcomeForm, scope.form);
  await recordOutcome(scope.db, scope.actor, { ...write(scope), contact: input.contact === "yes" });
  return { kind: "saved" };
};

/** A move, checked by the state machine and against the version the page showed (its forms send no intent). */
export const moveCaseIntent: IntentHandler = async (scope) => {
  const parsed = parseForm(moveForm, scope.form);
  if (!parsed.ok) return { kind: "missing", missing: ["unknown_move"] };
  const { version, ...move } = parsed.data;
  const result = await moveCase(scope.db, scope.actor, {
    ...write(scope),
    move: move as Move,
    expectedVersion: version,
  });
  if (result.ok) return { kind: "moved", to: result.to };
  if (result.kind === "refused") return { kind: "missing", missing: result.missing };
  return {
    kind: "conflict",
    by: result.current.by,
    at: result.current.at?.toISOString() ?? null,
    step: result.current.step,
  };
};

export const justiceIntents = { "justice-feedback": recordJusticeFeedbackIntent } as const satisfies Record<
  string,
  IntentHandler
>;
export const closingIntents = {
  outcome: recordOutcomeIntent,
  "closing-agreements": recordClosingAgreementsIntent,
} as const satisfies Record<string, IntentHandler>;
