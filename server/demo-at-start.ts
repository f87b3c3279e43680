import type { DatabaseHandle } from "../app/db/database.server.ts";
import { currentTotpCode } from "../app/features/auth/totp.server.ts";
import { seedDemoCases } from "../app/features/demo/demo-cases.server.ts";
import {
  type DemoState,
  demoAccounts,
  isDemoDatabase,
  isDemoMode,
  markDemoDatabase,
  renewUnreadableDemoSeeds,
  secondFactorSecretsCheck,
} from "../app/features/demo/demo-mode.server.ts";
import { demoNotice, seedDemoAccounts } from "../app/features/demo/demo-seed.server.ts";
import type { Config } from "../app/lib/config.server.ts";
import type { Logger } from "../app/lib/logger.server.ts";

/**
 * Demo data on a fresh embedded database (never in production, never with DATABASE_URL): the
 * accounts, fictional cases, and the mark that makes it a demo database.
 */
export async function seedDemo(handle: DatabaseHandle, config: Config, logger: Logger): Promise<void> {
  const now = new Date();
  const accounts = await seedDemoAccounts(handle.db, config.appSecret, now);
  const started = Date.now();
  const { registrations, cases, imported } = await seedDemoCases(handle.db, now, config.demoCases);
  await markDemoDatabase(handle.db);
  logger.warn(
    { accounts: accounts.length, registrations, cases, imported, ms: Date.now() - started },
    "demo data created (demo only)",
  );
}

/**
 * At every start: a demo database refuses production; in demo mode the banner with
 * the accounts, their TOTP secrets and current codes is printed again; a demo database outside
 * demo mode says so in one line. Answers the state the pages show.
 */
export async function demoAtStart(
  handle: DatabaseHandle,
  config: Config,
  logger: Logger,
  fail: (message: string) => never,
): Promise<DemoState> {
  const database = await isDemoDatabase(handle.db);
  if (database && config.nodeEnv === "production") {
    fail(
      "This is a demo database: it holds demo accounts with a published password and fictional cases, so it " +
        "does not start with NODE_ENV=production. For real use, start with an empty DATA_DIR and DEMO_DATA=off, " +
        "then create the first administrator with `npm run user:create`.",
    );
  }
  const mode = isDemoMode({ demoDatabase: database, ...config });
  if (mode) {
    const renewed = await renewUnreadableDemoSeeds(handle.db, config.appSecret);
    if (renewed > 0)
      logger.warn({ renewed }, "demo accounts got a new second factor (their old one could not be read)");
    const now = new Date();
    const accounts = await demoAccounts(handle.db, config.appSecret);
    process.stdout.write(`${demoNotice(accounts, (secret) => currentTotpCode(secret, now))}\n`);
  } else if (database) {
    process.stdout.write(
      "\nThis database holds demo data (DEMO_DATA is off): demo accounts cannot sign in once a real administrator exists.\n\n",
    );
  }
  return { database, mode };
}

/** One clear line when this APP_SECRET opens none of the stored second-factor secrets. */
export async function checkSecondFactorSecrets(handle: DatabaseHandle, config: Config, logger: Logger) {
  const { stored, opened } = await secondFactorSecretsCheck(handle.db, config.appSecret);
  if (stored === 0 || opened > 0) return;
  const message =
    `APP_SECRET does not open the second-factor secrets stored for ${stored} account(s): nobody can sign in with ` +
    "an authenticator code. Start with the APP_SECRET these accounts were set up with" +
    (config.databaseUrl ? "." : ` (the embedded database keeps it in ${config.dataDir}/keys/app-secret).`);
  logger.error(message);
  process.stderr.write(`\n${message}\n\n`);
}
