/** `npm run db:migrate`: applies pending migrations to the configured database and exits. */
import { migrate } from "../app/db/migrate.server.ts";
import { purgeRemovedPlaintext } from "../app/db/purge-plaintext.server.ts";
import { fail, loadConfigOrExit } from "../server/start.ts";
import { openConfiguredDatabase } from "./configured-database.ts";

const config = loadConfigOrExit();
const handle = await openConfiguredDatabase(config);
try {
  const result = await migrate(handle);
  if (await purgeRemovedPlaintext(handle, result))
    process.stdout.write("Existing content sealed; old plain rows purged.\n");
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
