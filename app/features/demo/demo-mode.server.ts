import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { open, seal } from "../../lib/secret-box.server.ts";
import { isRole, type Role } from "../auth/roles.ts";
import { currentTotpCode, newTotpSecret } from "../auth/totp.server.ts";

/**
 * Demo mode. A *demo database* holds the demo accounts and fictional cases
 * (app_setting demo.database); *demo mode* is DEMO_DATA=on on such a database, on the embedded
 * database, outside production. Only demo mode shows the demo accounts on the sign-in page and
 * a demo account's current code; a demo database says so on every page whatever the mode.
 */
export type DemoState = { database: boolean; mode: boolean };

export const DEMO_SETTING = "demo.database";

/**
 * Demo mode: a demo database, DEMO_DATA=on, the embedded database, not production (where a demo
 * database does not start at all). Anything else shows no demo accounts and no codes.
 */
export function isDemoMode(input: {
  demoDatabase: boolean;
  demoData: boolean;
  databaseUrl: string | undefined;
  nodeEnv: string;
}): boolean {
  return input.demoDatabase && input.demoData && input.databaseUrl === undefined && input.nodeEnv !== "production";
}

export async function isDemoDatabase(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("app_setting").select("value").where("key", "=", DEMO_SETTING).executeTakeFirst();
  return row?.value === true;
}

export async function markDemoDatabase(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto("app_setting")
    .values({ key: DEMO_SETTING, value: "true" })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
}

/** Whether a real (not demo) administrator account exists, active or invited. */
export async function realAdministratorExists(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom("staff_user as u")
    .innerJoin("staff_role as r", "r.user_id", "u.id")
    .select("u.id")
    .where("r.role", "=", "administrator")
    .where("u.is_demo", "=", false)
    .where("u.status", "in", ["active", "invited"])
    .executeTakeFirst();
  return row !== undefined;
}

export type DemoAccountView = { email: string; name: string; roles: Role[]; totpSecret: string | undefined };

/** The demo accounts that can sign in (each with a second factor), with their TOTP secret opened. */
export async function demoAccounts(db: Kysely<Database>, appSecret: string): Promise<DemoAccountView[]> {
  const rows = await db
    .selectFrom("staff_user as u")
    .select(["u.email", "u.display_name", "u.totp_secret_enc"])
    .select(sql<string[]>`ARRAY(SELECT r.role FROM staff_role r WHERE r.user_id = u.id ORDER BY r.role)`.as("roles"))
    .where("u.is_demo", "=", true)
    .where("u.status", "=", "active")
    .where("u.totp_secret_enc", "is not", null)
    .orderBy("u.id")
    .execute();
  return rows.map((r) => ({
    email: r.email,
    name: r.display_name,
    roles: r.roles.filter(isRole),
    totpSecret: r.totp_secret_enc ? open(appSecret, "totp", r.totp_secret_enc) : undefined,
  }));
}

/**
 * A demo database made before its secret was kept (every start had a new one) has TOTP seeds
 * that no longer open: in demo mode those demo accounts get a new seed, printed at start-up.
 */
export async function renewUnreadableDemoSeeds(db: Kysely<Database>, appSecret: string): Promise<number> {
  const rows = await db
    .selectFrom("staff_user")
    .select(["id", "totp_secret_enc"])
    .where("is_demo", "=", true)
    .where("totp_secret_enc", "is not", null)
    .execute();
  let renewed = 0;
  for (const row of rows) {
    if (row.totp_secret_enc && open(appSecret, "totp", row.totp_secret_enc) !== undefined) continue;
    await db
      .updateTable("staff_user")
      .set({ totp_secret_enc: seal(appSecret, "totp", newTotpSecret()), totp_last_step: null })
      .where("id", "=", row.id)
      .execute();
    renewed++;
  }
  return renewed;
}

/**
 * How many stored second-factor secrets there are and how many this app secret opens: a start
 * with another APP_SECRET than the one the accounts were set up with says so (server/start.ts).
 */
export async function secondFactorSecretsCheck(
  db: Kysely<Database>,
  appSecret: string,
): Promise<{ stored: number; opened: number }> {
  const rows = await db
    .selectFrom("staff_user")
    .select("totp_secret_enc")
    .where("totp_secret_enc", "is not", null)
    .where("status", "=", "active")
    .limit(50)
    .execute();
  const opened = rows.filter((r) => r.totp_secret_enc && open(appSecret, "totp", r.totp_secret_enc) !== undefined);
  return { stored: rows.length, opened: opened.length };
}

/** The code a demo account's authenticator would show now (demo mode's code page); undefined for any other account. */
export async function demoCodeFor(
  db: Kysely<Database>,
  userId: number,
  appSecret: string,
  now: Date,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("staff_user")
    .select(["is_demo", "totp_secret_enc"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!row?.is_demo || !row.totp_secret_enc) return undefined;
  const secret = open(appSecret, "totp", row.totp_secret_enc);
  return secret ? currentTotpCode(secret, now) : undefined;
}
