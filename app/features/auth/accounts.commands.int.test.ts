import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import {
  AccountError,
  deactivateUser,
  findLinkAccount,
  inviteUser,
  setPasswordWithLink,
} from "./accounts.commands.server.ts";
import { createSession, loadSession } from "./session.server.ts";

describeWithDatabase("staff accounts", (handle) => {
  const now = new Date("2026-11-28T09:00:00Z");

  it("use an invitation link once, before it expires, with the password policy", async () => {
    const db = handle().db;
    const { userId, token } = await inviteUser(db, {
      email: "Nina@Test.example ",
      displayName: "Nina",
      roles: ["mediator"],
      regionIds: [],
      actorId: null,
      origin: "t",
      now,
    });
    const user = await db
      .selectFrom("staff_user")
      .select(["email", "status"])
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ email: "nina@test.example", status: "invited" });
    await expect(
      inviteUser(db, {
        email: "nina@test.example",
        displayName: "Nina 2",
        roles: [],
        regionIds: [],
        actorId: null,
        origin: "t",
        now,
      }),
    ).rejects.toBeInstanceOf(AccountError);

    const later = new Date(now.getTime() + 8 * 24 * 3600 * 1000);
    expect(await findLinkAccount(db, token, "invite", later)).toBeUndefined();
    await expect(
      setPasswordWithLink(db, { token, purpose: "invite", password: "nina12345678", origin: "t", now }),
    ).rejects.toMatchObject({ code: "password_policy" });
    await expect(
      setPasswordWithLink(db, { token, purpose: "reset", password: "een lange en eigen zin", origin: "t", now }),
    ).rejects.toMatchObject({ code: "token_invalid" });
    expect(
      await setPasswordWithLink(db, { token, purpose: "invite", password: "een lange en eigen zin", origin: "t", now }),
    ).toBe(userId);
    await expect(
      setPasswordWithLink(db, { token, purpose: "invite", password: "nog een andere lange zin", origin: "t", now }),
    ).rejects.toMatchObject({ code: "token_invalid" });
  });

  it("end every session at once when an account is deactivated", async () => {
    const db = handle().db;
    const { userId, token } = await inviteUser(db, {
      email: "otto@test.example",
      displayName: "Otto",
      roles: ["intake"],
      regionIds: [],
      actorId: null,
      origin: "t",
      now,
    });
    await setPasswordWithLink(db, {
      token,
      purpose: "invite",
      password: "hij fietst elke dag naar kantoor",
      origin: "t",
      now,
    });
    const sessions = [
      await createSession(db, { userId, now, userAgent: "a", secondFactor: true }),
      await createSession(db, { userId, now, userAgent: "b", secondFactor: true }),
    ];
    for (const s of sessions) expect(await loadSession(db, s, now)).toBeDefined();
    await deactivateUser(db, { userId, actorId: null, origin: "t", now });
    for (const s of sessions) expect(await loadSession(db, s, now)).toBeUndefined();
  });

  it("let sessions lapse after 30 idle minutes and after 12 hours at most", async () => {
    const db = handle().db;
    const { userId, token } = await inviteUser(db, {
      email: "pia@test.example",
      displayName: "Pia",
      roles: ["intake"],
      regionIds: [],
      actorId: null,
      origin: "t",
      now,
    });
    await setPasswordWithLink(db, {
      token,
      purpose: "invite",
      password: "pia leest graag dikke boeken",
      origin: "t",
      now,
    });
    const session = await createSession(db, { userId, now, userAgent: "a", secondFactor: true });
    const minutes = (m: number) => new Date(now.getTime() + m * 60_000);
    expect(await loadSession(db, session, minutes(29))).toBeDefined();
    expect(await loadSession(db, session, minutes(29 + 31))).toBeUndefined();
    // Active every 20 minutes: still ended after 12 hours.
    const busy = await createSession(db, { userId, now, userAgent: "b", secondFactor: true });
    for (let m = 20; m < 12 * 60; m += 20) expect(await loadSession(db, busy, minutes(m)), `minute ${m}`).toBeDefined();
    expect(await loadSession(db, busy, minutes(12 * 60 + 1))).toBeUndefined();
  });
});
