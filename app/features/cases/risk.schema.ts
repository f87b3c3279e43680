import { z } from "zod";
import { pastDay, text } from "./case-fields.schema.ts";

/** The risk and suitability section's form: six questions, a conclusion and its date. */
export const RISK_QUESTIONS = [
  "power_imbalance",
  "age_maturity",
  "acknowledgement",
  "retraumatisation",
  "safety",
  "cooling_off",
] as const;
export type RiskQuestion = (typeof RISK_QUESTIONS)[number];
export const RISK_CONCLUSIONS = ["suitable", "suitable_with_conditions", "not_suitable"] as const;
export const RISK_ANSWER_MAX = 2000;
export const riskForm = z.strictObject({
  // Each question may stay empty (the form says so); the conclusion and its date are required.
  ...(Object.fromEntries(RISK_QUESTIONS.map((q) => [q, text(RISK_ANSWER_MAX).default("")])) as Record<
    RiskQuestion,
    z.ZodDefault<z.ZodString>
  >),
  conclusion: z.enum(RISK_CONCLUSIONS),
  assessedOn: pastDay,
});
