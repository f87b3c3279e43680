import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { checkPassword, checkSecondFactor } from "./login.commands.server.ts";

export type ReauthInput = {
  userId: number;
  email: string;
  password: string;
  code: string;
  origin: string;
  now: Date;
  secret: string;
};
export type ReauthResult = { ok: true } | { ok: false; field: "currentPassword" | "code"; reason: string };

/**
 * Asks again for the password and a fresh second-factor code before a sensitive change
 * (docs/security.md 12): changing the password, the e-mail address or the second factor, and giving or
 * approving access to cases. Both checks count towards the sign-in limits and are audited.
 */
export async function reauthenticate(db: Kysely<Database>, input: ReauthInput): Promise<ReauthResult> {
  const password = await checkPassword(db, {
    email: input.email,
    password: input.password,
    origin: input.origin,
    now: input.now,
    secret: input.secret,
  });
  if (!password.ok || password.userId !== input.userId) {
    return { ok: false, field: "currentPassword", reason: password.ok ? "invalid" : password.reason };
  }
  const factor = await checkSecondFactor(db, {
    userId: input.userId,
    email: input.email,
    code: input.code,
    origin: input.origin,
    now: input.now,
    secret: input.secret,
  });
  return factor.ok ? { ok: true } : { ok: false, field: "code", reason: factor.reason };
}
