import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { seal } from "../../lib/secret-box.server.ts";
import { hashPassword } from "../auth/password.server.ts";
import type { Role } from "../auth/roles.ts";
import { newTotpSecret } from "../auth/totp.server.ts";

/**
 * Demo mode: a fresh embedded database gets one account per role and some clearly fictional
 * registrations, so that a newcomer sees a working system. Never in production and never on
 * PostgreSQL (the caller checks; see server/start.ts). The accounts' passwords and TOTP
 * secrets are printed at start-up with a warning.
 */
export type DemoAccount = { email: string; name: string; roles: Role[]; password: string; totpSecret: string };

/** Published (README, start-up log, sign-in page in demo mode): demo accounts only. */
export const DEMO_PASSWORD = "demo alleen om te proberen";

/** regionIndex: the region of another account, so that two coordinators share one (four eyes). */
const ACCOUNTS: (Omit<DemoAccount, "password" | "totpSecret"> & { regionIndex?: number })[] = [
  { email: "aanmeldpunt@demo.herstel.example", name: "Iris Intake (demo)", roles: ["intake"] },
  { email: "bemiddelaar@demo.herstel.example", name: "Bram Bemiddelaar (demo)", roles: ["mediator"] },
  { email: "coordinator@demo.herstel.example", name: "Carla Coördinator (demo)", roles: ["coordinator"] },
  { email: "beheerder@demo.herstel.example", name: "Ada Beheerder (demo)", roles: ["administrator"] },
  { email: "onderzoeker@demo.herstel.example", name: "Ruben Onderzoeker (demo)", roles: ["researcher"] },
  {
    email: "coordinator2@demo.herstel.example",
    name: "Cas Coördinator (demo)",
    roles: ["coordinator"],
    regionIndex: 2,
  },
  { email: "privacy@demo.herstel.example", name: "Pim Privacy (demo)", roles: ["privacy_officer"] },
];

export async function seedDemoAccounts(db: Kysely<Database>, appSecret: string, now: Date): Promise<DemoAccount[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const regions = await db.selectFrom("region").select("id").orderBy("id").execute();
  const created: DemoAccount[] = [];
  for (const [index, account] of ACCOUNTS.entries()) {
    const totpSecret = newTotpSecret();
    const user = await db
      .insertInto("staff_user")
      .values({
        email: account.email,
        display_name: account.name,
        password_hash: passwordHash,
        totp_secret_enc: seal(appSecret, "totp", totpSecret),
        totp_confirmed_at: now,
        status: "active",
        is_demo: true,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("staff_role")
      .values(account.roles.map((role) => ({ user_id: user.id, role })))
      .execute();
    const region = regions[(account.regionIndex ?? index) % regions.length];
    if (region) await db.insertInto("staff_region").values({ user_id: user.id, region_id: region.id }).execute();
    const { regionIndex: _, ...shown } = account;
    created.push({ ...shown, password: DEMO_PASSWORD, totpSecret });
  }
  return created;
}

/** The start-up notice: loud, so nobody mistakes demo accounts for real ones. Printed at every start in demo mode. */
export function demoNotice(
  accounts: { email: string; roles: readonly string[]; totpSecret: string | undefined }[],
  currentCode: (secret: string) => string,
): string {
  const lines = [
    "",
    "==================================================================",
    "  DEMO ONLY: these accounts exist only in this demo database.",
    "  Never use the embedded demo data for real cases.",
    "==================================================================",
    `  Password for every demo account: ${DEMO_PASSWORD}`,
    "  Second factor: add the TOTP secret to an authenticator app, or read the current code",
    "  on the code page (shown there in demo mode only).",
    "",
    ...accounts.map((a) =>
      a.totpSecret
        ? `  ${a.roles.join(", ").padEnd(14)} ${a.email.padEnd(36)} TOTP secret ${a.totpSecret} (code now: ${currentCode(a.totpSecret)})`
        : `  ${a.roles.join(", ").padEnd(14)} ${a.email.padEnd(36)} (no second factor)`,
    ),
    "",
  ];
  return lines.join("\n");
}
