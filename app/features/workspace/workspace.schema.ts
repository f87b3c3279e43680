import { z } from "zod";

/** The administrators' form for the caseload norm (admin settings); the message keys are the errors. */
export const caseloadNormForm = z.strictObject({ caseloadNorm: z.string().optional() });

export const caseloadNormSchema = z
  .string({ message: "admin.settings.caseloadNormInvalid" })
  .trim()
  .regex(/^\d{1,3}$/, "admin.settings.caseloadNormInvalid")
  .transform(Number)
  .refine((n) => n >= 1 && n <= 200, "admin.settings.caseloadNormInvalid");
