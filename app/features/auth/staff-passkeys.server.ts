import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import {
  passkeyLabel,
  type RelyingParty,
  registrationOptions,
  signInOptions,
  verifyRegistration,
  verifySignIn,
} from "./passkeys.server.ts";
import { REAUTH_VALID_MS, summariseUserAgent } from "./session.server.ts";

type Db = Kysely<Database>;

/**
 * Staff passkeys (ADR 0029): added on the account page after the password and a fresh code;
 * then used instead of password plus code (the passkey verifies the person itself), or instead
 * of the code after the password.
 */
export function recentlyReauthenticated(reauthenticatedAt: Date | null, now: Date): boolean {
  return reauthenticatedAt !== null && now.getTime() - reauthenticatedAt.getTime() <= REAUTH_VALID_MS;
}

export async function staffPasskeys(db: Db, userId: number) {
  return db
    .selectFrom("webauthn_credential")
    .select(["id", "credential_id", "transports", "label", "created_at", "last_used_at"])
    .where("staff_user_id", "=", userId)
    .orderBy("created_at")
    .execute();
}

export async function staffRegistrationOptions(
  db: Db,
  input: { userId: number; email: string; displayName: string; rp: RelyingParty; now: Date },
) {
  return registrationOptions(db, {
    rp: input.rp,
    purpose: "staff.register",
    owner: { staffId: input.userId },
    userName: input.email,
    displayName: input.displayName,
    existing: await staffPasskeys(db, input.userId),
    now: input.now,
  });
}

export async function addStaffPasskey(
  db: Db,
  input: { userId: number; response: unknown; rp: RelyingParty; origin: string; userAgent: string; now: Date },
): Promise<boolean> {
  const result = await verifyRegistration(db, {
    rp: input.rp,
    purpose: "staff.register",
    owner: { staffId: input.userId },
    response: input.response,
    now: input.now,
  });
  return db.transaction().execute(async (trx) => {
    // Demo accounts' passwords are published and they are switched off later: no passkeys for them.
    const demo = await trx.selectFrom("staff_user").select("is_demo").where("id", "=", input.userId).executeTakeFirst();
    const made =
      result.ok && demo?.is_demo === false
        ? await trx
            .insertInto("webauthn_credential")
            .values({
              ...result.credential,
              referrer_user_id: null,
              staff_user_id: input.userId,
              label: passkeyLabel(summariseUserAgent(input.userAgent), input.now),
              created_at: input.now,
            })
            .onConflict((oc) => oc.column("credential_id").doNothing())
            .returning("id")
            .executeTakeFirst()
        : undefined;
    await recordAudit(trx, {
      actorId: input.userId,
      action: "auth.passkey_add",
      objectType: "webauthn_credential",
      objectId: made?.id,
      result: made ? "allowed" : "denied",
      reason: result.ok ? (made ? undefined : demo?.is_demo ? "demo_account" : "duplicate") : result.reason,
      origin: input.origin,
      at: input.now,
    });
    return made !== undefined;
  });
}

/** Options for a staff sign-in: any staff passkey (no address), or this person's (second factor). */
export async function staffSignInOptions(db: Db, input: { rp: RelyingParty; userId?: number; now: Date }) {
  return signInOptions(db, {
    rp: input.rp,
    purpose: "staff.sign_in",
    owner: input.userId ? { staffId: input.userId } : undefined,
    allow: input.userId ? await staffPasskeys(db, input.userId) : undefined,
    now: input.now,
  });
}

/**
 * A staff sign-in with a passkey. With `userId` (after the password) only that person's passkey
 * counts. The account must be active; demo accounts have no passkeys (nobody can add one to them
 * without their TOTP, and the demo is reset).
 */
export async function signInStaffWithPasskey(
  db: Db,
  input: { response: unknown; rp: RelyingParty; origin: string; now: Date; userId?: number },
): Promise<{ ok: true; userId: number } | { ok: false }> {
  return db.transaction().execute(async (trx) => {
    const result = await verifySignIn(trx, {
      rp: input.rp,
      purpose: "staff.sign_in",
      owner: input.userId ? { staffId: input.userId } : undefined,
      response: input.response,
      now: input.now,
      find: (credentialId) => {
        let query = trx
          .selectFrom("webauthn_credential")
          .selectAll()
          .where("credential_id", "=", credentialId)
          .where("staff_user_id", "is not", null);
        if (input.userId) query = query.where("staff_user_id", "=", input.userId);
        return query.executeTakeFirst();
      },
    });
    const user = result.ok
      ? await trx
          .selectFrom("staff_user")
          .select("id")
          .where("id", "=", result.credential.staff_user_id)
          .where("status", "=", "active")
          .where("is_demo", "=", false)
          .executeTakeFirst()
      : undefined;
    await recordAudit(trx, {
      actorId: user?.id ?? input.userId ?? null,
      action: input.userId ? "auth.second_factor" : "auth.passkey_sign_in",
      objectType: "webauthn_credential",
      objectId: result.ok ? result.credential.id : result.credentialId,
      result: user ? "allowed" : "denied",
      reason: result.ok ? (user ? "passkey" : "not_active") : result.reason,
      origin: input.origin,
      at: input.now,
    });
    return user ? { ok: true as const, userId: user.id } : { ok: false as const };
  });
}

export async function removeStaffPasskey(db: Db, input: { userId: number; id: number; origin: string; now: Date }) {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("webauthn_credential")
      .where("id", "=", input.id)
      .where("staff_user_id", "=", input.userId)
      .executeTakeFirst();
    const ok = Number(removed.numDeletedRows) === 1;
    await recordAudit(trx, {
      actorId: input.userId,
      action: "auth.passkey_remove",
      objectType: "webauthn_credential",
      objectId: input.id,
      result: ok ? "allowed" : "denied",
      origin: input.origin,
      at: input.now,
    });
    return ok;
  });
}
