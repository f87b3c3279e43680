import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { type Access, mayApprove, needsApproval, planAccessChange } from "./access-grants.rules.ts";
import { type ReauthResult, reauthenticate } from "./reauth.server.ts";
import { isRole, type Role } from "./roles.ts";

type Db = Kysely<Database>;

/** The administrator acting, with what re-authentication needs. */
export type AdminActor = { userId: number; email: string };
export type Reauth = { password: string; code: string; origin: string; now: Date; secret: string };

export type AccessChangeResult =
  | { ok: true; pending: boolean }
  | { ok: false; reason: "own_account" }
  | Extract<ReauthResult, { ok: false }>;

async function currentAccess(db: Db | Transaction<Database>, userId: number): Promise<Access> {
  const [roles, regions] = await Promise.all([
    db.selectFrom("staff_role").select("role").where("user_id", "=", userId).execute(),
    db.selectFrom("staff_region").select("region_id").where("user_id", "=", userId).execute(),
  ]);
  return { roles: roles.map((r) => r.role).filter(isRole), regionIds: regions.map((r) => r.region_id) };
}

/**
 * Sets someone's roles and regions. Nobody changes their own. Less access takes effect
 * at once; a role that reads cases (or approves such grants) and any new region become a request
 * that a second administrator approves, and asking for it needs the password and a fresh code.
 * Refusals are audited outside any transaction, so they stay on record.
 */
export async function changeUserAccess(
  db: Db,
  input: { actor: AdminActor; userId: number; desired: Access; reauth: Reauth },
): Promise<AccessChangeResult> {
  const { actor, reauth } = input;
  const audit = {
    actorId: actor.userId,
    objectType: "staff_user",
    objectId: input.userId,
    origin: reauth.origin,
    at: reauth.now,
  };
  if (input.userId === actor.userId) {
    await recordAudit(db, { ...audit, action: "user.update_access", result: "denied", reason: "own_account" });
    return { ok: false, reason: "own_account" };
  }
  const change = planAccessChange(await currentAccess(db, input.userId), input.desired);
  if (needsApproval(change)) {
    const checked = await reauthenticate(db, { userId: actor.userId, email: actor.email, ...reauth });
    if (!checked.ok) return checked;
  }
  await db.transaction().execute(async (trx) => {
    if (change.removeRoles.length > 0)
      await trx
        .deleteFrom("staff_role")
        .where("user_id", "=", input.userId)
        .where("role", "in", change.removeRoles)
        .execute();
    if (change.removeRegionIds.length > 0)
      await trx
        .deleteFrom("staff_region")
        .where("user_id", "=", input.userId)
        .where("region_id", "in", change.removeRegionIds)
        .execute();
    if (change.addRoles.length > 0)
      await trx
        .insertInto("staff_role")
        .values(change.addRoles.map((role) => ({ user_id: input.userId, role })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    await recordAudit(trx, { ...audit, action: "user.update_access", result: "allowed" });
    if (needsApproval(change)) {
      const request = await trx
        .insertInto("access_grant_request")
        .values({
          user_id: input.userId,
          add_roles: change.requestRoles,
          add_region_ids: change.requestRegionIds,
          requested_by: actor.userId,
          requested_at: reauth.now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        ...audit,
        action: "user.access_request",
        objectType: "access_grant_request",
        objectId: request.id,
        result: "allowed",
      });
    }
  });
  return { ok: true, pending: needsApproval(change) };
}

/** Files a request for access of a new account (an invitation): the same four eyes. */
export async function requestAccessForNewUser(
  trx: Transaction<Database>,
  input: { actorId: number; userId: number; roles: Role[]; regionIds: number[]; origin: string; now: Date },
): Promise<void> {
  if (input.roles.length + input.regionIds.length === 0) return;
  const request = await trx
    .insertInto("access_grant_request")
    .values({
      user_id: input.userId,
      add_roles: input.roles,
      add_region_ids: input.regionIds,
      requested_by: input.actorId,
      requested_at: input.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    actorId: input.actorId,
    action: "user.access_request",
    objectType: "access_grant_request",
    objectId: request.id,
    result: "allowed",
    origin: input.origin,
    at: input.now,
  });
}

export type DecisionResult =
  | { ok: true }
  | { ok: false; reason: "not_found" | "four_eyes" }
  | Extract<ReauthResult, { ok: false }>;

/**
 * Approves (with the password and a fresh code) or rejects a pending request. Only an
 * administrator who neither asked for it nor receives it may approve; anyone may reject.
 */
export async function decideAccessRequest(
  db: Db,
  input: { actor: AdminActor; requestId: number; decision: "approved" | "rejected"; reauth: Reauth },
): Promise<DecisionResult> {
  const { actor, reauth } = input;
  const audit = {
    actorId: actor.userId,
    action: input.decision === "approved" ? "user.access_approve" : "user.access_reject",
    objectType: "access_grant_request",
    objectId: input.requestId,
    origin: reauth.origin,
    at: reauth.now,
  };
  const request = await db
    .selectFrom("access_grant_request")
    .selectAll()
    .where("id", "=", input.requestId)
    .where("decision", "is", null)
    .executeTakeFirst();
  if (!request) return { ok: false, reason: "not_found" };
  if (input.decision === "approved") {
    if (!mayApprove(actor.userId, { userId: request.user_id, requestedBy: request.requested_by })) {
      await recordAudit(db, { ...audit, result: "denied", reason: "four_eyes" });
      return { ok: false, reason: "four_eyes" };
    }
    const checked = await reauthenticate(db, { userId: actor.userId, email: actor.email, ...reauth });
    if (!checked.ok) return checked;
  }
  return db.transaction().execute(async (trx) => {
    // Decided once: a second approval sent at the same moment finds nothing pending.
    const decided = await trx
      .updateTable("access_grant_request")
      .set({ decision: input.decision, decided_by: actor.userId, decided_at: reauth.now })
      .where("id", "=", request.id)
      .where("decision", "is", null)
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) !== 1) return { ok: false, reason: "not_found" } as const;
    if (input.decision === "approved") {
      const roles = request.add_roles.filter(isRole);
      if (roles.length > 0)
        await trx
          .insertInto("staff_role")
          .values(roles.map((role) => ({ user_id: request.user_id, role })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      if (request.add_region_ids.length > 0)
        await trx
          .insertInto("staff_region")
          .values(request.add_region_ids.map((region_id) => ({ user_id: request.user_id, region_id })))
          .onConflict((oc) => oc.doNothing())
          .execute();
    }
    await recordAudit(trx, { ...audit, result: "allowed" });
    return { ok: true } as const;
  });
}

export type PendingGrant = {
  id: number;
  userId: number;
  userName: string;
  roles: Role[];
  regionIds: number[];
  requestedBy: number;
  requestedByName: string;
  requestedAt: Date;
};

/** Requests waiting for a second administrator, oldest first (optionally for one account). */
export async function listPendingGrants(db: Db, options: { userId?: number } = {}): Promise<PendingGrant[]> {
  let query = db
    .selectFrom("access_grant_request as g")
    .innerJoin("staff_user as u", "u.id", "g.user_id")
    .innerJoin("staff_user as r", "r.id", "g.requested_by")
    .select([
      "g.id",
      "g.user_id",
      "u.display_name as user_name",
      "g.add_roles",
      "g.add_region_ids",
      "g.requested_by",
      "r.display_name as requested_by_name",
      "g.requested_at",
    ])
    .where("g.decision", "is", null)
    .orderBy("g.requested_at")
    .orderBy("g.id");
  if (options.userId !== undefined) query = query.where("g.user_id", "=", options.userId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    roles: r.add_roles.filter(isRole),
    regionIds: r.add_region_ids,
    requestedBy: r.requested_by,
    requestedByName: r.requested_by_name,
    requestedAt: r.requested_at,
  }));
}
