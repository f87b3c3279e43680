import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { action as loginAction, loader as loginLoader } from "../../routes/login.tsx";
import { loader as codeLoader } from "../../routes/login-code.tsx";
import { formPost, routeContext, statusOf } from "../../testing/route-context.ts";
import { inviteUser } from "../auth/accounts.commands.server.ts";
import { createSession } from "../auth/session.server.ts";
import { currentTotpCode } from "../auth/totp.server.ts";
import { isDemoDatabase, markDemoDatabase, realAdministratorExists } from "./demo-mode.server.ts";
import { DEMO_PASSWORD, seedDemoAccounts } from "./demo-seed.server.ts";

/**
 * Demo mode: the sign-in page lists the demo accounts and the code page shows a
 * demo account's current code, in demo mode only; demo accounts cannot sign in once a real
 * administrator exists unless demo mode is on.
 */
const SECRET = "t".repeat(40); // the app secret of routeContext
const ON = { database: true, mode: true };
const OFF = { database: true, mode: false };

describeWithDatabase("demo mode", (handle) => {
  it("shows the accounts and the current code in demo mode only, and never for a real account", async () => {
    const db = handle().db;
    expect(await isDemoDatabase(db)).toBe(false);
    const now = new Date();
    const accounts = await seedDemoAccounts(db, SECRET, now);
    await markDemoDatabase(db);
    expect(await isDemoDatabase(db)).toBe(true);

    const page = (demo: typeof ON) =>
      loginLoader({
        request: new Request("http://localhost/inloggen"),
        context: routeContext(handle(), { demo }),
      } as never);
    const shown = (await page(ON)) as { demo: { password: string; accounts: { email: string; roles: string[] }[] } };
    expect(shown.demo.password).toBe(DEMO_PASSWORD);
    expect(shown.demo.accounts.map((a) => a.email)).toEqual(accounts.map((a) => a.email));
    expect(shown.demo.accounts.find((a) => a.email.startsWith("bemiddelaar"))?.roles).toEqual(["mediator"]);
    expect(await page(OFF)).toEqual({ demo: null });
    expect(await page({ database: false, mode: false })).toEqual({ demo: null });

    const mediator = accounts.find((a) => a.roles.includes("mediator"));
    const user = await db
      .selectFrom("staff_user")
      .select("id")
      .where("email", "=", mediator?.email as string)
      .executeTakeFirstOrThrow();
    const token = await createSession(db, { userId: user.id, now, userAgent: "t", secondFactor: false });
    const codePage = (demo: typeof ON, cookieToken = token) =>
      codeLoader({
        request: new Request("http://localhost/inloggen/code", {
          headers: { cookie: `herstel_sessie=${cookieToken}` },
        }),
        context: routeContext(handle(), { demo }),
      } as never);
    const code = (await codePage(ON)) as { demoCode: string };
    expect([
      currentTotpCode(mediator?.totpSecret as string, now),
      currentTotpCode(mediator?.totpSecret as string),
    ]).toContain(code.demoCode);
    expect((await codePage(OFF)).demoCode).toBeNull();

    // A real account in demo mode: no code shown.
    const real = await db
      .insertInto("staff_user")
      .values({
        email: "echt@test.example",
        display_name: "Echt",
        status: "active",
        totp_confirmed_at: now,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const realToken = await createSession(db, { userId: real.id, now, userAgent: "t", secondFactor: false });
    expect((await codePage(ON, realToken)).demoCode).toBeNull();
  });

  it("demo accounts cannot sign in once a real administrator exists, unless demo mode is on", async () => {
    const db = handle().db;
    const signIn = async (demo: typeof ON) => {
      try {
        return await loginAction({
          request: formPost(
            "http://localhost/inloggen",
            new URLSearchParams({ email: "beheerder@demo.herstel.example", password: DEMO_PASSWORD }),
          ),
          context: routeContext(handle(), { demo, clientAddress: `192.0.2.${Math.floor(Math.random() * 200)}` }),
        } as never);
      } catch (response) {
        return response;
      }
    };
    // No real administrator yet: the demo account works, also with demo mode off.
    expect(await realAdministratorExists(db)).toBe(false);
    expect(statusOf(await signIn(OFF))).toBe(303);

    await inviteUser(db, {
      email: "beheer@kantoor.example",
      displayName: "Echte Beheerder",
      roles: ["administrator"],
      regionIds: [],
      actorId: null,
      origin: "cli",
      now: new Date(),
    });
    expect(await realAdministratorExists(db)).toBe(true);
    const refused = (await signIn(OFF)) as { data: { error: string }; init: { status: number } };
    expect(refused.init.status).toBe(401);
    expect(refused.data.error).toBe("auth.login.demoDisabled");
    const audit = await db
      .selectFrom("audit_log")
      .select(["reason", "result"])
      .where("reason", "=", "demo_account_disabled")
      .executeTakeFirst();
    expect(audit).toEqual({ reason: "demo_account_disabled", result: "denied" });
    expect(statusOf(await signIn(ON))).toBe(303);
  });
});
