import type { Kysely } from "kysely";
import type { Database } from "../../app/db/schema.ts";
import type { Role } from "../../app/features/auth/roles.ts";
import { createSession } from "../../app/features/auth/session.server.ts";

/**
 * An active staff member with a complete session (password and second factor done), written
 * straight into the database as its owner; returns the session token for the session cookie.
 */
export async function signedInStaff(
  db: Kysely<Database>,
  staff: { email: string; displayName: string; roles: Role[] },
): Promise<string> {
  const now = new Date();
  const user = await db
    .insertInto("staff_user")
    .values({
      email: staff.email,
      display_name: staff.displayName,
      status: "active",
      totp_confirmed_at: now,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("staff_role")
    .values(staff.roles.map((role) => ({ user_id: user.id, role })))
    .execute();
  return createSession(db, { userId: user.id, now, userAgent: "e2e", secondFactor: true });
}
