import { z } from "zod";

/**
 * The sign-in and account forms. Strict: a field these forms do not have is refused. Passwords
 * are never trimmed; their rules are checked by password.server.ts.
 */
const email = z.string().trim().max(254);
// Longer than any accepted password (128 characters): the policy then names the problem.
const password = z.string().max(1000);
const code = z.string().trim().max(40);

export const loginForm = z.strictObject({ email: email.default(""), password: password.default("") });
export const codeForm = z.strictObject({ code: code.default("") });
export const forgotForm = z.strictObject({ email: email.default("") });
export const passwordChangeForm = z.strictObject({
  currentPassword: password.default(""),
  code: code.default(""),
  newPassword: password.default(""),
});
export const emailChangeForm = z.strictObject({
  newEmail: z.email().max(254),
  currentPassword: password.default(""),
  code: code.default(""),
});
export const totpStartForm = z.strictObject({ currentPassword: password.default(""), code: code.default("") });
export const setPasswordForm = z.strictObject({ password: password.default("") });
export const sessionEndForm = z.strictObject({ session: z.string().regex(/^[0-9a-f]{64}$/) });
