import { type DatabaseHandle, explainPostgresError, openPglite, openPostgres } from "../app/db/database.server.ts";
import { migrate } from "../app/db/migrate.server.ts";
import type { Config } from "../app/lib/config.server.ts";
import { fail } from "../server/start.ts";

/**
 * The database the configuration points at, for command-line tools: PostgreSQL with
 * DATABASE_URL, otherwise the embedded one in DATA_DIR (which must not be in use by a running
 * app). Tools connect as the owner (MIGRATION_DATABASE_URL, else DATABASE_URL). A problem ends the tool with a readable message.
 */
export async function openConfiguredDatabase(
  config: Config,
  options: { migrate?: boolean } = {},
): Promise<DatabaseHandle> {
  let handle: DatabaseHandle | undefined;
  try {
    // Tools work as the owner: MIGRATION_DATABASE_URL when the app has its own login in DATABASE_URL.
    const url = config.migrationDatabaseUrl ?? config.databaseUrl;
    handle = url ? openPostgres(url, 1) : await openPglite(config.dataDir);
    if (url) await handle.ping(5000);
    if (options.migrate) await migrate(handle);
    return handle;
  } catch (error) {
    await handle?.close().catch(() => {});
    const url = config.migrationDatabaseUrl ?? config.databaseUrl;
    fail(url ? explainPostgresError(error, url) : (error as Error).message);
  }
}
