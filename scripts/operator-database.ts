import { DataDirLockedError } from "../app/db/data-dir-lock.server.ts";
import { type DatabaseHandle, openPglite, openPostgres } from "../app/db/database.server.ts";
import type { Config } from "../app/lib/config.server.ts";

/**
 * For operator commands that work while the app runs (backup, keys:rotate): the configured
 * database, opened by this process (PostgreSQL always; the embedded database when no app holds
 * its folder), or, when an app runs on the embedded database, `viaRunningApp` (which asks that
 * app through its control socket). The handle is closed afterwards.
 */
export async function onOperatorDatabase<T>(
  config: Config,
  direct: (handle: DatabaseHandle) => Promise<T>,
  viaRunningApp: () => Promise<T>,
): Promise<T> {
  let handle: DatabaseHandle | undefined;
  // As the owner (MIGRATION_DATABASE_URL when the app logs in with its own role): a dump must read
  // past row-level security, and re-wrapping keys updates data_key.
  const ownerUrl = config.migrationDatabaseUrl ?? config.databaseUrl;
  if (ownerUrl) handle = openPostgres(ownerUrl, 1);
  else {
    try {
      handle = await openPglite(config.dataDir);
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error;
    }
  }
  if (!handle) return viaRunningApp();
  try {
    return await direct(handle);
  } finally {
    await handle.close();
  }
}
