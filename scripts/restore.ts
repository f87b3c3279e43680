/**
 * `npm run restore -- FILE [--force]`: restores a backup into the configured, empty database or
 * data folder (with --force: replacing what is there), migrates it forward, and erases again
 * what was erased since (ADR 0018). Exit 0 when restored, 1 when refused or failed, 2 on wrong use.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { RestoreRefused, type RestoreResult, restorePglite, restorePostgres } from "../app/db/backup/restore.server.ts";
import { ConfigError, loadConfig } from "../app/lib/config.server.ts";
import { KeyError, loadKeysFor } from "../server/load-keys.ts";
import { fail } from "../server/start.ts";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  strict: true,
  options: { force: { type: "boolean", default: false } },
});
if (positionals.length !== 1) {
  process.stderr.write("usage: npm run restore -- FILE [--force]\n");
  process.exit(2);
}
const file = path.resolve(positionals[0] as string);

let config: ReturnType<typeof loadKeysFor>["config"];
try {
  // Never new keys: the backup needs the keys it was made with.
  config = loadKeysFor(loadConfig(), { create: false }).config;
} catch (error) {
  if (error instanceof ConfigError || error instanceof KeyError) fail(`Restore refused: ${error.message}`);
  throw error;
}

let result: RestoreResult;
try {
  // As the owner (MIGRATION_DATABASE_URL when the app logs in with its own role).
  const ownerUrl = config.migrationDatabaseUrl ?? config.databaseUrl;
  result = ownerUrl
    ? await restorePostgres(ownerUrl, file, values.force)
    : await restorePglite(config.dataDir, file, values.force);
} catch (error) {
  if (error instanceof RestoreRefused) fail(`Restore refused: ${error.message}`);
  fail(`The restore failed: ${(error as Error).message}`);
}
const where = config.databaseUrl ? "the PostgreSQL database" : `the embedded database in ${config.dataDir}`;
process.stdout.write(
  `Restored ${file} (made ${result.header.createdAt}, schema ${result.header.migration}) into ${where}.\n` +
    `Migrated forward: ${result.migrations} migration(s). Erased again since the backup: ${result.erasures} data key(s).\n`,
);
for (const warning of result.warnings) process.stdout.write(`Warning: ${warning}.\n`);
