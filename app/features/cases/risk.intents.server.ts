import { formInput } from "../../lib/form-schema.ts";
import { recordRiskAssessment } from "./case-file.commands.server.ts";
import type { IntentHandler } from "./case-section.server.ts";
import { RISK_QUESTIONS, riskForm } from "./risk.schema.ts";

/** The risk and suitability section's intent: the assessment (one per case, replaced when redone). */
export const recordRiskIntent: IntentHandler = async (scope) => {
  const input = formInput(riskForm, scope.form);
  await recordRiskAssessment(scope.db, scope.actor, {
    caseId: scope.caseId,
    origin: scope.origin,
    now: scope.now,
    answers: Object.fromEntries(RISK_QUESTIONS.map((q) => [q, input[q]])) as Record<
      (typeof RISK_QUESTIONS)[number],
      string
    >,
    conclusion: input.conclusion,
    assessedOn: input.assessedOn,
  });
  return { kind: "saved" };
};

export const riskIntents = { risk: recordRiskIntent } as const satisfies Record<string, IntentHandler>;
