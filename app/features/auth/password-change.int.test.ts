import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { seal } from "../../lib/secret-box.server.ts";
import { hashPassword, verifyPassword } from "./password.server.ts";
import { changePassword } from "./password-change.commands.server.ts";
import { createSession, loadSession } from "./session.server.ts";
import { currentTotpCode, newTotpSecret } from "./totp.server.ts";

const SECRET = "k".repeat(40);

describeWithDatabase("changing the password", (handle) => {
  it("asks for the current password and a fresh code, then ends the other sessions", async () => {
    const db = handle().db;
    const now = new Date();
    const totp = newTotpSecret();
    const user = await db
      .insertInto("staff_user")
      .values({
        email: "wim@test.example",
        display_name: "Wim",
        password_hash: await hashPassword("oude zin met veel woorden"),
        totp_secret_enc: seal(SECRET, "totp", totp),
        totp_confirmed_at: now,
        status: "active",
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const here = await createSession(db, { userId: user.id, now, userAgent: "a", secondFactor: true });
    const elsewhere = await createSession(db, { userId: user.id, now, userAgent: "b", secondFactor: true });
    const base = { userId: user.id, email: "wim@test.example", sessionToken: here, origin: "t", now, secret: SECRET };

    expect(
      await changePassword(db, {
        ...base,
        currentPassword: "fout",
        code: currentTotpCode(totp, now),
        newPassword: "nieuwe zin van de fietstocht",
      }),
    ).toMatchObject({ ok: false, field: "currentPassword" });
    expect(
      await changePassword(db, {
        ...base,
        currentPassword: "oude zin met veel woorden",
        code: "000000",
        newPassword: "nieuwe zin van de fietstocht",
      }),
    ).toMatchObject({ ok: false, field: "code" });
    expect(
      await changePassword(db, {
        ...base,
        currentPassword: "oude zin met veel woorden",
        code: currentTotpCode(totp, now),
        newPassword: "welkom123456",
      }),
    ).toMatchObject({ ok: false, field: "newPassword", reason: "common" });
    expect(
      await changePassword(db, {
        ...base,
        currentPassword: "oude zin met veel woorden",
        code: currentTotpCode(totp, now),
        newPassword: "nieuwe zin van de fietstocht",
      }),
    ).toEqual({ ok: true });

    const row = await db
      .selectFrom("staff_user")
      .select("password_hash")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash ?? "", "nieuwe zin van de fietstocht")).toBe(true);
    expect(await loadSession(db, here, now)).toBeDefined();
    expect(await loadSession(db, elsewhere, now)).toBeUndefined();
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "result"])
      .where("actor_id", "=", user.id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => `${a.action}:${a.result}`)).toContain("auth.password_change:allowed");
  });
});
