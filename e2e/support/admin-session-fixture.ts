/**
 * Test fixture, run as its own process before the server starts: an administrator with a
 * complete session (password and second factor done) in a PGlite data folder; prints the
 * session token as JSON, for pages that only need someone signed in.
 *   node e2e/support/admin-session-fixture.ts DATA_DIR
 */
import { openPglite } from "../../app/db/database.server.ts";
import { migrate } from "../../app/db/migrate.server.ts";
import { installDataFolderKeys } from "./data-folder-keys.ts";
import { signedInStaff } from "./signed-in-staff.ts";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: admin-session-fixture.ts DATA_DIR");
installDataFolderKeys(dataDir);
const handle = await openPglite(dataDir);
await migrate(handle);
const token = await signedInStaff(handle.db, {
  email: "beheer@test.example",
  displayName: "Bea Beheer",
  roles: ["administrator"],
});
process.stdout.write(`${JSON.stringify({ token })}\n`);
await handle.close();
