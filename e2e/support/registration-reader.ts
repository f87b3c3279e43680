/**
 * Test fixture, run as its own process once the app has stopped (one process per data folder):
 * opens a PGlite data folder through the app's database module and prints, as one JSON line,
 * every registration and every outbox message (without the message bodies).
 *
 *   node e2e/support/registration-reader.ts DATA_DIR
 */

import { registrationBox } from "../../app/db/data-keys.server.ts";
import { openPglite } from "../../app/db/database.server.ts";
import { migrate } from "../../app/db/migrate.server.ts";
import { listOutbox } from "../../app/features/outbox/outbox.queries.server.ts";
import { installDataFolderKeys } from "./data-folder-keys.ts";

const [dataDir] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: registration-reader.ts DATA_DIR\n");
  process.exit(2);
}
installDataFolderKeys(dataDir);
const handle = await openPglite(dataDir);
try {
  await migrate(handle);
  // Answers and addresses are sealed (ADR 0017): opened here with the data folder's keys.
  const rows = await handle.db.selectFrom("registration").selectAll().orderBy("id").execute();
  const registrations = [];
  for (const row of rows) {
    const box = await registrationBox(handle.db, row.id);
    const answers = row.answers && box ? box.openJson("registration.answers", row.id, row.answers) : {};
    registrations.push({ ...row, answers });
  }
  const outbox = (await listOutbox(handle.db, { limit: 500 })).reverse();
  const drafts = await handle.db.selectFrom("registration_draft").select(["id", "path"]).execute();
  process.stdout.write(`${JSON.stringify({ registrations, outbox, drafts })}\n`);
} finally {
  await handle.close();
}
