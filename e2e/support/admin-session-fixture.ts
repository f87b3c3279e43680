/**
 * Test fixture, run as its own process before the server starts: an administrator with a
 * complete session (password and second factor done) in a PGlite data folder; prints the
 * session token as JSON, for pages that only need someone signed in.
 *   node e2e/support/admin-session-fixture.ts DATA_DIR
 */
import { openPglite } from "../../app/db/database.server.ts";
import { migrate } from "../../app/db/migrate.server.ts";
import { createSession } from "../../app/features/auth/session.server.ts";
import { installDataFolderKeys } from "./data-folder-keys.ts";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: admin-session-fixture.ts DATA_DIR");
installDataFolderKeys(dataDir);
const handle = await openPglite(dataDir);
await migrate(handle);
const now = new Date();
const user = await handle.db
  .insertInto("staff_user")
  .values({
    email: "beheer@test.example",
    display_name: "Bea Beheer",
    status: "active",
    totp_confirmed_at: now,
    created_at: now,
  })
  .returning("id")
  .executeTakeFirstOrThrow();
await handle.db.insertInto("staff_role").values({ user_id: user.id, role: "administrator" }).execute();
const token = await createSession(handle.db, { userId: user.id, now, userAgent: "e2e", secondFactor: true });
process.stdout.write(`${JSON.stringify({ token })}\n`);
await handle.close();
