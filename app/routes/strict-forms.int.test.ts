import { expect, it } from "vitest";
import { describeWithDatabase } from "../db/testing/test-database.ts";
import { requireStaffMiddleware } from "../features/auth/auth-route.server.ts";
import { hashPassword } from "../features/auth/password.server.ts";
import { takenUpCase, waitingRegistration } from "../testing/case-fixtures.ts";
import { formPost, routeContext, statusOf } from "../testing/route-context.ts";
import { staffWithSession } from "../testing/staff-fixtures.ts";

/**
 * docs/security.md 15: every staff form is parsed with a strict schema. The same post that
 * is stored without an extra field is refused with one, and then nothing is stored.
 */
type Action = (args: unknown) => Promise<unknown>;

describeWithDatabase("staff forms refuse fields they do not have", (handle) => {
  async function post(
    module: { action: Action },
    path: string,
    params: Record<string, string>,
    body: Record<string, string | string[]>,
    cookie: string,
  ) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) for (const one of [v].flat()) form.append(k, one);
    const request = formPost(`http://localhost${path}`, form, cookie);
    const args = { request, params, context: routeContext(handle()) } as never;
    const result = await Promise.resolve()
      .then(() => requireStaffMiddleware(args, (() => module.action(args)) as never))
      .catch((e: unknown) => e);
    return statusOf(result) ?? 0;
  }
  const count = async (table: "case_party" | "case_task" | "staff_user" | "registration") => {
    const row = await handle()
      .db.selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return row.n;
  };

  it("the case page's forms", async () => {
    const partiesModule = (await import("./staff-case-parties.tsx")) as unknown as { action: Action };
    const overviewModule = (await import("./staff-case-overview.tsx")) as unknown as { action: Action };
    const made = await takenUpCase(handle().db);
    const me = await staffWithSession(handle(), { email: "strict-med@test.example", roles: ["mediator"] });
    await handle()
      .db.insertInto("case_assignment")
      .values({
        case_id: made.caseId,
        user_id: me.userId,
        role: "co_mediator",
        no_conflict_declared_at: new Date(),
        assigned_at: new Date(),
      })
      .execute();
    const cookie = `herstel_sessie=${me.token}`;
    const path = `/medewerkers/zaken/${made.caseId}`;
    const params = { id: String(made.caseId) };
    const forms: [Record<string, string>, "case_party" | "case_task", { action: Action }][] = [
      [{ intent: "add-party", name: "Derde Persoon" }, "case_party", partiesModule],
      [
        { intent: "task-add", title: "Bellen", dueOn: "2026-12-20", ownerId: String(me.userId) },
        "case_task",
        overviewModule,
      ],
    ];
    for (const [body, table, caseModule] of forms) {
      const before = await count(table);
      expect(await post(caseModule, path, params, { ...body, isAdmin: "yes" }, cookie), body.intent).toBe(400);
      expect(await count(table)).toBe(before);
      expect(await post(caseModule, path, params, body, cookie), body.intent).toBe(200);
      expect(await count(table)).toBe(before + 1);
    }
    // A single field sent twice is refused too (which of the two would count?).
    expect(await post(partiesModule, path, params, { intent: "add-party", name: ["A", "B"] }, cookie)).toBe(400);
  });

  it("the intake desk's forms", async () => {
    const newModule = (await import("./staff-registration-new.tsx")) as unknown as { action: Action };
    const takeUpModule = (await import("./staff-registration.tsx")) as unknown as { action: Action };
    const me = await staffWithSession(handle(), { email: "strict-intake@test.example", roles: ["intake"] });
    const cookie = `herstel_sessie=${me.token}`;
    const before = await count("registration");
    expect(
      await post(newModule, "/medewerkers/aanmeldingen/nieuw", {}, { channel: "phone", role: "admin" }, cookie),
    ).toBe(400);
    expect(await count("registration")).toBe(before);
    const registration = await waitingRegistration(handle().db);
    const region = await handle().db.selectFrom("region").select("id").executeTakeFirstOrThrow();
    const mediator = await staffWithSession(handle(), { email: "strict-m2@test.example", roles: ["mediator"] });
    const body = {
      intent: "take-up",
      regionId: String(region.id),
      leadMediatorId: String(mediator.userId),
      noConflict: "yes",
    };
    const path = `/medewerkers/aanmeldingen/${registration.id}`;
    expect(await post(takeUpModule, path, { id: String(registration.id) }, { ...body, status: "closed" }, cookie)).toBe(
      400,
    );
    expect(await post(takeUpModule, path, { id: String(registration.id) }, body, cookie)).toBe(303);
  });

  it("the administrators' and the account forms", async () => {
    const userModule = (await import("./admin-user.tsx")) as unknown as { action: Action };
    const usersModule = (await import("./admin-users.tsx")) as unknown as { action: Action };
    const accountModule = (await import("./staff-account.tsx")) as unknown as { action: Action };
    const admin = await staffWithSession(handle(), { email: "strict-admin@test.example", roles: ["administrator"] });
    const other = await staffWithSession(handle(), { email: "strict-other@test.example", roles: ["researcher"] });
    const cookie = `herstel_sessie=${admin.token}`;
    const params = { id: String(other.userId) };
    const path = `/medewerkers/beheer/gebruikers/${other.userId}`;
    expect(await post(userModule, path, params, { roles: [], regions: [], superuser: "yes" }, cookie)).toBe(400);
    expect(await post(userModule, path, params, { roles: [], regions: [] }, cookie)).toBe(303);
    const users = await count("staff_user");
    const invite = { intent: "invite", name: "Nieuw", email: "nieuw-strict@test.example" };
    expect(await post(usersModule, "/medewerkers/beheer/gebruikers", {}, { ...invite, status: "active" }, cookie)).toBe(
      400,
    );
    expect(await count("staff_user")).toBe(users);
    expect(await post(usersModule, "/medewerkers/beheer/gebruikers", {}, invite, cookie)).toBe(200);
    expect(await count("staff_user")).toBe(users + 1);
    await handle()
      .db.updateTable("staff_user")
      .set({ password_hash: await hashPassword("een wachtwoord voor de test") })
      .where("id", "=", admin.userId)
      .execute();
    const change = {
      intent: "email",
      newEmail: "ander@test.example",
      currentPassword: "een wachtwoord voor de test",
      code: "000000",
      userId: "1",
    };
    const checks = async () =>
      (
        await handle()
          .db.selectFrom("audit_log")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("actor_id", "=", admin.userId)
          .where("action", "=", "auth.password")
          .executeTakeFirstOrThrow()
      ).n;
    const before = await checks();
    expect(await post(accountModule, "/medewerkers/account", {}, change, cookie)).toBe(400);
    // Refused as a form before the password was even checked.
    expect(await checks()).toBe(before);
    const { userId: _, ...known } = change;
    expect(await post(accountModule, "/medewerkers/account", {}, known, cookie)).toBe(400);
    expect(await checks()).toBe(before + 1);
  });
});
