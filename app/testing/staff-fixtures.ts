import type { DatabaseHandle } from "../db/database.server.ts";
import { hashPassword } from "../features/auth/password.server.ts";
import type { Role } from "../features/auth/roles.ts";
import { createSession } from "../features/auth/session.server.ts";
import { newTotpSecret } from "../features/auth/totp.server.ts";
import { seal } from "../lib/secret-box.server.ts";

/** A staff member with a live session of the given stage, for tests. */
export async function staffWithSession(
  handle: DatabaseHandle,
  options: { email: string; roles: Role[]; secondFactor?: boolean; regionCodes?: string[] },
): Promise<{ userId: number; token: string }> {
  const db = handle.db;
  const now = new Date();
  const user = await db
    .insertInto("staff_user")
    .values({
      email: options.email,
      display_name: options.email.split("@")[0] ?? "test",
      status: "active",
      totp_confirmed_at: now,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (options.roles.length)
    await db
      .insertInto("staff_role")
      .values(options.roles.map((role) => ({ user_id: user.id, role })))
      .execute();
  for (const code of options.regionCodes ?? []) {
    const region = await db.selectFrom("region").select("id").where("code", "=", code).executeTakeFirstOrThrow();
    await db.insertInto("staff_region").values({ user_id: user.id, region_id: region.id }).execute();
  }
  const token = await createSession(db, {
    userId: user.id,
    now,
    userAgent: "test",
    secondFactor: options.secondFactor ?? true,
  });
  return { userId: user.id, token };
}

/** A staff member who can re-authenticate: a password and a confirmed TOTP secret. */
export async function staffWithSecrets(
  handle: DatabaseHandle,
  options: { email: string; roles: Role[]; appSecret: string; password?: string },
): Promise<{ userId: number; email: string; password: string; totp: string; token: string }> {
  const password = options.password ?? "een lange zin om mee in te loggen";
  const { userId, token } = await staffWithSession(handle, options);
  const totp = newTotpSecret();
  await handle.db
    .updateTable("staff_user")
    .set({ password_hash: await hashPassword(password), totp_secret_enc: seal(options.appSecret, "totp", totp) })
    .where("id", "=", userId)
    .execute();
  return { userId, email: options.email, password, totp, token };
}
