import { z } from "zod";
import { ROLES } from "./roles.ts";

/**
 * The administrators' forms (strict: unknown fields are refused). Giving access to cases asks
 * for the administrator's own password and a fresh code; without such a grant they may stay empty.
 */
const reauth = {
  currentPassword: z.string().max(1000).optional(),
  code: z.string().trim().max(40).optional(),
};
const access = {
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  regions: z.array(z.coerce.number().int().positive().max(2_147_483_647)).max(50),
};
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const accessForm = z.strictObject({ ...access, ...reauth });
export const inviteForm = z.strictObject({
  ...access,
  ...reauth,
  email: z.email({ error: "validation.email" }).max(254),
  name: z.string().trim().min(1, { error: "validation.required" }).max(200),
});
export const deactivateForm = z.strictObject({ userId: id });
export const grantDecisionForm = z.strictObject({
  requestId: id,
  decision: z.enum(["approved", "rejected"]),
  ...reauth,
});
/** Repeated fields of these forms (checkbox groups). */
export const ACCESS_REPEATED = ["roles", "regions"] as const;
