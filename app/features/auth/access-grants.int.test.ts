import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { staffWithSecrets } from "../../testing/staff-fixtures.ts";
import { changeUserAccess, decideAccessRequest, listPendingGrants } from "./access-grants.commands.server.ts";
import { currentTotpCode } from "./totp.server.ts";

const SECRET = "g".repeat(40);

describeWithDatabase("giving access to cases: nobody alone, nobody for themselves", (handle) => {
  // Each re-authentication uses its own 30-second step: a TOTP code works once.
  let step = 0;
  const nextNow = () => new Date(Date.UTC(2026, 10, 30, 9, 0, 0) + 30_000 * step++);
  const reauthOf = (who: { password: string; totp: string }, now = nextNow()) => ({
    password: who.password,
    code: currentTotpCode(who.totp, now),
    origin: "t",
    now,
    secret: SECRET,
  });
  async function accessOf(userId: number) {
    const db = handle().db;
    const roles = await db.selectFrom("staff_role").select("role").where("user_id", "=", userId).execute();
    const regions = await db.selectFrom("staff_region").select("region_id").where("user_id", "=", userId).execute();
    return { roles: roles.map((r) => r.role).sort(), regionIds: regions.map((r) => r.region_id) };
  }
  async function audits(action: string, result: "allowed" | "denied") {
    const row = await handle()
      .db.selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("action", "=", action)
      .where("result", "=", result)
      .executeTakeFirstOrThrow();
    return row.n;
  }

  it("refuses an administrator's change of their own roles or regions, and audits the refusal", async () => {
    const a = await staffWithSecrets(handle(), {
      email: "a1@test.example",
      roles: ["administrator"],
      appSecret: SECRET,
    });
    const region = await handle().db.selectFrom("region").select("id").executeTakeFirstOrThrow();
    const denied = await audits("user.update_access", "denied");
    const result = await changeUserAccess(handle().db, {
      actor: { userId: a.userId, email: a.email },
      userId: a.userId,
      desired: { roles: ["administrator", "coordinator"], regionIds: [region.id] },
      reauth: reauthOf(a),
    });
    expect(result).toEqual({ ok: false, reason: "own_account" });
    expect(await accessOf(a.userId)).toEqual({ roles: ["administrator"], regionIds: [] });
    expect(await audits("user.update_access", "denied")).toBe(denied + 1);
  });

  it("holds a case-reading role and new regions until a second administrator approves, with re-authentication", async () => {
    const db = handle().db;
    const a = await staffWithSecrets(handle(), {
      email: "a2@test.example",
      roles: ["administrator"],
      appSecret: SECRET,
    });
    const b = await staffWithSecrets(handle(), {
      email: "b2@test.example",
      roles: ["administrator"],
      appSecret: SECRET,
    });
    const m = await staffWithSecrets(handle(), { email: "m2@test.example", roles: ["researcher"], appSecret: SECRET });
    const region = await db.selectFrom("region").select("id").executeTakeFirstOrThrow();
    const desired = { roles: ["coordinator" as const], regionIds: [region.id] };

    // Without the password and a fresh code nothing changes.
    const noReauth = await changeUserAccess(db, {
      actor: { userId: a.userId, email: a.email },
      userId: m.userId,
      desired,
      reauth: { ...reauthOf(a), password: "fout wachtwoord" },
    });
    expect(noReauth).toMatchObject({ ok: false, field: "currentPassword" });
    expect(await accessOf(m.userId)).toEqual({ roles: ["researcher"], regionIds: [] });

    // With them, the researcher role goes at once (less access), the rest waits.
    const asked = await changeUserAccess(db, {
      actor: { userId: a.userId, email: a.email },
      userId: m.userId,
      desired,
      reauth: reauthOf(a),
    });
    expect(asked).toEqual({ ok: true, pending: true });
    expect(await accessOf(m.userId)).toEqual({ roles: [], regionIds: [] });
    const [pending] = await listPendingGrants(db, { userId: m.userId });
    expect(pending).toMatchObject({ roles: ["coordinator"], regionIds: [region.id], requestedBy: a.userId });
    const id = pending?.id ?? 0;

    // The one who asked cannot approve it; neither can the one who would receive it.
    expect(
      await decideAccessRequest(db, {
        actor: { userId: a.userId, email: a.email },
        requestId: id,
        decision: "approved",
        reauth: reauthOf(a),
      }),
    ).toEqual({ ok: false, reason: "four_eyes" });
    // A second administrator needs their own password and code too.
    expect(
      await decideAccessRequest(db, {
        actor: { userId: b.userId, email: b.email },
        requestId: id,
        decision: "approved",
        reauth: { ...reauthOf(b), code: "000000" },
      }),
    ).toMatchObject({ ok: false, field: "code" });
    expect(await accessOf(m.userId)).toEqual({ roles: [], regionIds: [] });
    const approved = await audits("user.access_approve", "allowed");
    expect(
      await decideAccessRequest(db, {
        actor: { userId: b.userId, email: b.email },
        requestId: id,
        decision: "approved",
        reauth: reauthOf(b),
      }),
    ).toEqual({ ok: true });
    expect(await accessOf(m.userId)).toEqual({ roles: ["coordinator"], regionIds: [region.id] });
    expect(await audits("user.access_approve", "allowed")).toBe(approved + 1);
    expect(await listPendingGrants(db, { userId: m.userId })).toEqual([]);
    // Decided once.
    expect(
      await decideAccessRequest(db, {
        actor: { userId: b.userId, email: b.email },
        requestId: id,
        decision: "rejected",
        reauth: reauthOf(b),
      }),
    ).toEqual({ ok: false, reason: "not_found" });
  });

  it("takes access away at once, without a second administrator", async () => {
    const db = handle().db;
    const a = await staffWithSecrets(handle(), {
      email: "a3@test.example",
      roles: ["administrator"],
      appSecret: SECRET,
    });
    const m = await staffWithSecrets(handle(), {
      email: "m3@test.example",
      roles: ["coordinator", "mediator"],
      appSecret: SECRET,
    });
    const result = await changeUserAccess(db, {
      actor: { userId: a.userId, email: a.email },
      userId: m.userId,
      desired: { roles: ["mediator"], regionIds: [] },
      reauth: { password: "", code: "", origin: "t", now: nextNow(), secret: SECRET },
    });
    expect(result).toEqual({ ok: true, pending: false });
    expect(await accessOf(m.userId)).toEqual({ roles: ["mediator"], regionIds: [] });
  });
});
