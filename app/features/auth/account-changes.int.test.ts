import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { open } from "../../lib/secret-box.server.ts";
import { storedMail } from "../../testing/sealed-reads.ts";
import { staffWithSecrets } from "../../testing/staff-fixtures.ts";
import { changeOwnEmail, confirmTotpChange, startTotpChange } from "./account-changes.commands.server.ts";
import { checkSecondFactor } from "./login.commands.server.ts";
import { createSession, loadSession } from "./session.server.ts";
import { currentTotpCode } from "./totp.server.ts";

const SECRET = "e".repeat(40);

/** docs/security.md 12: changing the e-mail address or the second factor asks for the password and a fresh code. */
describeWithDatabase("changing one's e-mail address and second factor", (handle) => {
  let step = 0;
  const nextNow = () => new Date(Date.UTC(2026, 10, 30, 10, 0, 0) + 30_000 * step++);

  it("changes the e-mail address only after re-authentication, tells the old address, ends other sessions", async () => {
    const db = handle().db;
    const me = await staffWithSecrets(handle(), { email: "oud@test.example", roles: ["mediator"], appSecret: SECRET });
    await staffWithSecrets(handle(), { email: "bezet@test.example", roles: ["mediator"], appSecret: SECRET });
    const now = nextNow();
    const elsewhere = await createSession(db, { userId: me.userId, now, userAgent: "b", secondFactor: true });
    const base = {
      userId: me.userId,
      email: me.email,
      sessionToken: me.token,
      origin: "t",
      secret: SECRET,
      locale: "nl" as const,
    };

    const wrong = await changeOwnEmail(db, {
      ...base,
      now,
      password: "fout",
      code: currentTotpCode(me.totp, now),
      newEmail: "nieuw@test.example",
    });
    expect(wrong).toMatchObject({ ok: false, field: "currentPassword" });
    const taken = nextNow();
    expect(
      await changeOwnEmail(db, {
        ...base,
        now: taken,
        password: me.password,
        code: currentTotpCode(me.totp, taken),
        newEmail: "Bezet@test.example",
      }),
    ).toEqual({ ok: false, field: "newEmail", reason: "taken" });
    const later = nextNow();
    const done = await changeOwnEmail(db, {
      ...base,
      now: later,
      password: me.password,
      code: currentTotpCode(me.totp, later),
      newEmail: " Nieuw@Test.example",
    });
    expect(done).toEqual({ ok: true, oldEmail: "oud@test.example" });
    const user = await db
      .selectFrom("staff_user")
      .select("email")
      .where("id", "=", me.userId)
      .executeTakeFirstOrThrow();
    expect(user.email).toBe("nieuw@test.example");
    expect(await loadSession(db, elsewhere, later)).toBeUndefined();
    expect(await loadSession(db, me.token, later)).toBeDefined();
    const notice = (await storedMail(db)).find((m) => m.kind === "account.email_changed");
    expect(notice?.recipient).toBe("oud@test.example");
    expect(notice?.body_text).toContain("nieuw@test.example");
  });

  it("keeps the old authenticator until the new one has given a code, then replaces it and the recovery codes", async () => {
    const db = handle().db;
    const me = await staffWithSecrets(handle(), {
      email: "totp@test.example",
      roles: ["coordinator"],
      appSecret: SECRET,
    });
    const base = { userId: me.userId, email: me.email, sessionToken: me.token, origin: "t", secret: SECRET };
    const refused = nextNow();
    expect(await startTotpChange(db, { ...base, now: refused, password: me.password, code: "123456" })).toMatchObject({
      ok: false,
      field: "code",
    });
    const started = nextNow();
    expect(
      await startTotpChange(db, {
        ...base,
        now: started,
        password: me.password,
        code: currentTotpCode(me.totp, started),
      }),
    ).toEqual({
      ok: true,
    });
    const row = await db
      .selectFrom("staff_user")
      .select("totp_pending_enc")
      .where("id", "=", me.userId)
      .executeTakeFirstOrThrow();
    const fresh = open(SECRET, "totp", row.totp_pending_enc ?? "") ?? "";
    // The old app still signs in meanwhile.
    const meanwhile = nextNow();
    expect(
      await checkSecondFactor(db, { ...base, now: meanwhile, code: currentTotpCode(me.totp, meanwhile) }),
    ).toMatchObject({ ok: true });
    const confirmAt = nextNow();
    const session = { sessionToken: me.token, reauthenticatedAt: started, origin: "t", secret: SECRET };
    expect(
      await confirmTotpChange(db, {
        ...session,
        userId: me.userId,
        now: confirmAt,
        code: currentTotpCode(me.totp, confirmAt),
      }),
    ).toEqual({
      ok: false,
      reason: "invalid",
    });
    const confirmed = await confirmTotpChange(db, {
      ...session,
      userId: me.userId,
      now: confirmAt,
      code: currentTotpCode(fresh, confirmAt),
    });
    expect(confirmed).toMatchObject({ ok: true });
    expect(confirmed.ok && confirmed.codes).toHaveLength(10);
    const after = nextNow();
    expect(await checkSecondFactor(db, { ...base, now: after, code: currentTotpCode(me.totp, after) })).toMatchObject({
      ok: false,
    });
    const next = nextNow();
    expect(await checkSecondFactor(db, { ...base, now: next, code: currentTotpCode(fresh, next) })).toMatchObject({
      ok: true,
    });
  });

  it("refuses to finish a change more than five minutes after the re-authentication", async () => {
    const db = handle().db;
    const me = await staffWithSecrets(handle(), { email: "traag@test.example", roles: ["intake"], appSecret: SECRET });
    const started = nextNow();
    await startTotpChange(db, {
      userId: me.userId,
      email: me.email,
      sessionToken: me.token,
      origin: "t",
      secret: SECRET,
      now: started,
      password: me.password,
      code: currentTotpCode(me.totp, started),
    });
    const tooLate = new Date(started.getTime() + 6 * 60_000);
    expect(
      await confirmTotpChange(db, {
        userId: me.userId,
        sessionToken: me.token,
        reauthenticatedAt: started,
        origin: "t",
        secret: SECRET,
        now: tooLate,
        code: "000000",
      }),
    ).toEqual({ ok: false, reason: "expired" });
  });
});
