import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { staffWithSession } from "../../testing/staff-fixtures.ts";
import { createSession, loadSession } from "./session.server.ts";

/** docs/security.md 10: every sign-in step starts a new session id and ends the one before. */
describeWithDatabase("session ids at sign-in", (handle) => {
  it("gives a new id after the password and again after the second factor, ending the previous one", async () => {
    const db = handle().db;
    const { userId } = await staffWithSession(handle(), { email: "rotate@test.example", roles: ["mediator"] });
    const now = new Date();
    const afterPassword = await createSession(db, { userId, now, userAgent: "t", secondFactor: false });
    const afterCode = await createSession(db, {
      userId,
      now,
      userAgent: "t",
      secondFactor: true,
      previousToken: afterPassword,
    });
    expect(afterCode).not.toBe(afterPassword);
    expect(await loadSession(db, afterPassword, now)).toBeUndefined();
    expect((await loadSession(db, afterCode, now))?.secondFactorAt).toEqual(now);
  });
});
