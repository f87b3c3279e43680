/**
 * Test fixture, run as its own process before the server starts: creates invited staff accounts
 * in a PGlite data folder and prints their set-up tokens as JSON; one link is already expired.
 *   node e2e/support/staff-fixture.ts DATA_DIR
 */
import { openPglite } from "../../app/db/database.server.ts";
import { migrate } from "../../app/db/migrate.server.ts";
import { inviteUser } from "../../app/features/auth/accounts.commands.server.ts";
import { hashToken } from "../../app/features/auth/tokens.server.ts";
import { installDataFolderKeys } from "./data-folder-keys.ts";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: staff-fixture.ts DATA_DIR");
installDataFolderKeys(dataDir);
const handle = await openPglite(dataDir);
await migrate(handle);
const now = new Date();
const base = { regionIds: [], actorId: null, origin: "test", now };
const admin = await inviteUser(handle.db, {
  ...base,
  email: "ada@test.example",
  displayName: "Ada Test",
  roles: ["administrator", "intake"],
});
const expired = await inviteUser(handle.db, {
  ...base,
  email: "late@test.example",
  displayName: "Laat",
  roles: ["mediator"],
});
await handle.db
  .updateTable("auth_token")
  .set({ expires_at: new Date(now.getTime() - 1000) })
  .where("token_hash", "=", hashToken(expired.token))
  .execute();
process.stdout.write(`${JSON.stringify({ adminToken: admin.token, expiredToken: expired.token })}\n`);
await handle.close();
