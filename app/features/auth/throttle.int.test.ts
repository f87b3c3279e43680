import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { checkPassword } from "./login.commands.server.ts";
import { hashPassword } from "./password.server.ts";

describeWithDatabase("sign-in limits under parallel attempts", (handle) => {
  const secret = "s".repeat(40);

  it("checks at most the limit of 30 wrong passwords sent at once, and refuses the rest unchecked", async () => {
    const db = handle().db;
    const now = new Date();
    const user = await db
      .insertInto("staff_user")
      .values({
        email: "parallel@test.example",
        display_name: "Parallel",
        status: "active",
        password_hash: await hashPassword("een heel goed wachtwoord 77"),
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const attempts = Array.from({ length: 30 }, (_, i) =>
      checkPassword(db, {
        email: "parallel@test.example",
        password: `verkeerd wachtwoord ${i}`,
        origin: `203.0.113.${i + 1}`,
        now,
        secret,
      }),
    );
    const results = await Promise.all(attempts);
    const evaluated = await db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("actor_id", "=", user.id)
      .where("action", "=", "auth.password")
      .where("reason", "=", "wrong_password")
      .executeTakeFirstOrThrow();
    // The short limit: 10 failures in 15 minutes for one account.
    expect(evaluated.n).toBeLessThanOrEqual(10);
    expect(results.filter((r) => !r.ok && r.reason === "throttled").length).toBeGreaterThanOrEqual(20);
    // The right password is refused too while the account is over its limit.
    const right = await checkPassword(db, {
      email: "parallel@test.example",
      password: "een heel goed wachtwoord 77",
      origin: "203.0.113.99",
      now,
      secret,
    });
    expect(right).toEqual({ ok: false, reason: "throttled" });
  });

  it("does not count successful sign-ins towards the limit", async () => {
    const db = handle().db;
    const now = new Date();
    await db
      .insertInto("staff_user")
      .values({
        email: "often@test.example",
        display_name: "Often",
        status: "active",
        password_hash: await hashPassword("een heel goed wachtwoord 78"),
        created_at: now,
      })
      .execute();
    for (let i = 0; i < 15; i++) {
      const result = await checkPassword(db, {
        email: "often@test.example",
        password: "een heel goed wachtwoord 78",
        origin: "203.0.113.50",
        now,
        secret,
      });
      expect(result.ok).toBe(true);
    }
  });
});
