/** `npm run db:migrate`: applies pending migrations to the configured database and exits. */
import { type DatabaseHandle, explainPostgresError, openPglite, openPostgres } from "../app/db/database.server.ts";
import { migrate } from "../app/db/migrate.server.ts";
import { fail, loadConfigOrExit } from "../server/start.ts";

const config = loadConfigOrExit();
let handle: DatabaseHandle;
try {
  handle = config.databaseUrl ? openPostgres(config.databaseUrl, 1) : await openPglite(config.dataDir);
  if (config.databaseUrl) await handle.ping(5000);
} catch (error) {
  fail(config.databaseUrl ? explainPostgresError(error, config.databaseUrl) : (error as Error).message);
}
try {
  const result = await migrate(handle);
  const names = result.applied.map((m) => `${String(m.version).padStart(4, "0")}_${m.name}`);
  process.stdout.write(
    names.length > 0
      ? `Applied ${names.length} migration(s): ${names.join(", ")}\n`
      : `Database is up to date (${result.alreadyApplied} migrations applied before).\n`,
  );
} catch (error) {
  await handle.close();
  fail((error as Error).message);
}
await handle.close();
