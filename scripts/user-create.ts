/**
 * Creates a staff account and prints its one-time set-up link. For the first administrator of a
 * new installation:
 *   npm run user:create -- --email beheer@example.org --name "Beheerder" --role administrator
 */
import { parseArgs } from "node:util";
import { linkFor } from "../app/features/auth/account-emails.ts";
import { AccountError, inviteUser } from "../app/features/auth/accounts.commands.server.ts";
import { isRole, ROLES, type Role } from "../app/features/auth/roles.ts";
import { fail, loadConfigOrExit } from "../server/start.ts";
import { openConfiguredDatabase } from "./configured-database.ts";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string", multiple: true },
  },
  strict: true,
});
const email = values.email?.trim().toLowerCase();
if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail("Give a valid e-mail address: --email name@example.org");
const roles = values.role ?? ["administrator"];
const invalid = roles.filter((r) => !isRole(r));
if (invalid.length > 0) fail(`Unknown role ${invalid.join(", ")}. Roles: ${ROLES.join(", ")}`);

const config = loadConfigOrExit();
const handle = await openConfiguredDatabase(config, { migrate: true });
try {
  const { token } = await inviteUser(handle.db, {
    email,
    displayName: values.name?.trim() || email,
    roles: roles as Role[],
    regionIds: [],
    actorId: null,
    origin: "cli",
    now: new Date(),
  });
  process.stdout.write(
    `Account created for ${email} (${roles.join(", ")}).\nOpen this link within 7 days to choose a password and set up the second factor:\n\n  ${linkFor(config.publicUrl, "invite", token)}\n\nThe link works once.\n`,
  );
} catch (error) {
  await handle.close();
  if (error instanceof AccountError && error.code === "email_taken") fail(`There is already an account for ${email}.`);
  throw error;
}
await handle.close();
