import { z } from "zod";
import { REASON_MAX } from "../auth/break-glass.rules.ts";

/** The forms on a registration's staff page (strict: an unknown field is refused). */
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const linkForm = z.strictObject({ caseId: id });
// Ids left out or unreadable count as not chosen: the command then names what is missing.
const chosen = id.optional().catch(undefined);
export const takeUpForm = z.strictObject({
  regionId: chosen,
  leadMediatorId: chosen,
  coMediatorId: chosen,
  noConflict: z.literal("yes").optional(),
});
export const registrationBreakGlassForm = z.strictObject({ reason: z.string().trim().max(REASON_MAX).default("") });
