/**
 * Test fixture, run as its own process once the app has stopped (one process per data folder):
 * opens a PGlite data folder through the app's database module and prints, as one JSON line,
 * every registration and every outbox message (without the message bodies).
 *
 *   node e2e/support/registration-reader.ts DATA_DIR
 */
import { openPglite } from "../../app/db/database.server.ts";
import { migrate } from "../../app/db/migrate.server.ts";

const [dataDir] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: registration-reader.ts DATA_DIR\n");
  process.exit(2);
}
const handle = await openPglite(dataDir);
try {
  await migrate(handle);
  const registrations = await handle.db.selectFrom("registration").selectAll().orderBy("id").execute();
  const outbox = await handle.db
    .selectFrom("outbox_message")
    .select(["id", "kind", "recipient", "subject", "status", "attempts", "related_type", "related_id", "last_error"])
    .orderBy("id")
    .execute();
  const drafts = await handle.db.selectFrom("registration_draft").select(["id", "path"]).execute();
  process.stdout.write(`${JSON.stringify({ registrations, outbox, drafts })}\n`);
} finally {
  await handle.close();
}
