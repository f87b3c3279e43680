import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { checkPasswordPolicy, hashPassword } from "./password.server.ts";
import { reauthenticate } from "./reauth.server.ts";
import { endOtherSessions } from "./session.server.ts";

type Db = Kysely<Database>;

export type PasswordChangeResult =
  | { ok: true }
  | { ok: false; field: "currentPassword" | "code" | "newPassword"; reason: string };

/**
 * Changing the password asks again for the current password and a fresh second-factor code
 * (docs/security.md 12), then ends every other session of the account.
 */
export async function changePassword(
  db: Db,
  input: {
    userId: number;
    email: string;
    sessionToken: string;
    currentPassword: string;
    code: string;
    newPassword: string;
    origin: string;
    now: Date;
    secret: string;
  },
): Promise<PasswordChangeResult> {
  const user = await db
    .selectFrom("staff_user")
    .select(["display_name"])
    .where("id", "=", input.userId)
    .executeTakeFirstOrThrow();
  const policy = checkPasswordPolicy(input.newPassword, { email: input.email, name: user.display_name });
  if (!policy.ok) return { ok: false, field: "newPassword", reason: policy.reason };
  const reauth = await reauthenticate(db, {
    userId: input.userId,
    email: input.email,
    password: input.currentPassword,
    code: input.code,
    origin: input.origin,
    now: input.now,
    secret: input.secret,
  });
  if (!reauth.ok) return reauth;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("staff_user")
      .set({ password_hash: await hashPassword(input.newPassword) })
      .where("id", "=", input.userId)
      .execute();
    await endOtherSessions(trx, input.userId, input.sessionToken, input.now);
    await recordAudit(trx, {
      actorId: input.userId,
      action: "auth.password_change",
      objectType: "staff_user",
      objectId: input.userId,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
  });
  return { ok: true };
}
