import { z } from "zod";

/** The referrer sign-in and management forms. Strict: a field these forms do not have is refused. */
const email = z.string().trim().max(254);
const text = z.string().trim().max(200);

export const referrerSignUpForm = z.strictObject({
  email: email.default(""),
  displayName: text.default(""),
  jobTitle: text.optional(),
  organisationName: text.optional(),
  referrerType: z.string().trim().max(50).optional(),
});
export const referrerLoginForm = z.strictObject({ email: email.default("") });
export const referrerCodeForm = z.strictObject({ code: z.string().trim().max(40).default("") });
export const organisationForm = z.strictObject({
  name: text.default(""),
  referrerType: z.string().trim().max(50).default(""),
  domains: z.string().max(2000).default(""),
});
export const organisationDecisionForm = z.strictObject({
  id: z.coerce.number().int().positive(),
  decision: z.enum(["approve", "reject"]),
});

/** A plausible address: one @, something before it, a dot after it. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}
