/**
 * Test fixture, run as its own process: writes rows to a PGlite data folder through the app's
 * database module and prints "ack N" after each committed write, or ("verify") prints the keys
 * it finds. Used to kill -9 a writer mid-stream and check that every acknowledged write survives.
 *
 *   node e2e/support/pglite-writer.ts write DATA_DIR [LIMIT]
 *   node e2e/support/pglite-writer.ts verify DATA_DIR
 */
import { openPglite } from "../../app/db/database.server.ts";
import { migrate } from "../../app/db/migrate.server.ts";
import { installDataFolderKeys } from "./data-folder-keys.ts";

const [mode, dataDir, limitArg] = process.argv.slice(2);
if (!dataDir || (mode !== "write" && mode !== "verify")) {
  process.stderr.write("usage: pglite-writer.ts write|verify DATA_DIR [LIMIT]\n");
  process.exit(2);
}
installDataFolderKeys(dataDir);
const handle = await openPglite(dataDir);
await migrate(handle);
if (mode === "write") {
  const limit = limitArg ? Number(limitArg) : Number.POSITIVE_INFINITY;
  for (let i = 0; i < limit; i++) {
    await handle.db
      .insertInto("app_setting")
      .values({ key: `crash.k${i}`, value: JSON.stringify({ i, at: Date.now() }) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify({ i }) }))
      .execute();
    process.stdout.write(`ack ${i}\n`);
  }
} else {
  const rows = await handle.db.selectFrom("app_setting").select("key").where("key", "like", "crash.%").execute();
  process.stdout.write(`${JSON.stringify(rows.map((r) => r.key))}\n`);
}
await handle.close();
