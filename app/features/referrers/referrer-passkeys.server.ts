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
} from "../auth/passkeys.server.ts";
import { summariseUserAgent } from "../auth/session.server.ts";
import { hitRateLimit, type RateLimit, rateLimitKey } from "../rate-limit/rate-limit.server.ts";
import { referrerLabel } from "./referrer-accounts.commands.server.ts";
import { withReferrer, withReferrerAuth } from "./referrer-acting.server.ts";

type Db = Kysely<Database>;

/** Passkey ceremonies started per client address: plenty for people, a bound for scripts. */
const CEREMONIES_PER_ORIGIN: RateLimit = { bucket: "passkey.options.origin", limit: 60, windowSeconds: 600 };

export async function passkeyCeremonyAllowed(db: Db, appSecret: string, origin: string, now: Date): Promise<boolean> {
  return (await hitRateLimit(db, CEREMONIES_PER_ORIGIN, rateLimitKey(appSecret, origin), now)).allowed;
}

export async function referrerPasskeys(db: Db, referrerId: number) {
  return withReferrer(db, referrerId, (trx) =>
    trx
      .selectFrom("webauthn_credential")
      .select(["id", "credential_id", "transports", "label", "created_at", "last_used_at", "backed_up"])
      .where("referrer_user_id", "=", referrerId)
      .orderBy("created_at")
      .execute(),
  );
}

export async function referrerHasPasskey(db: Db, referrerId: number): Promise<boolean> {
  return (await referrerPasskeys(db, referrerId)).length > 0;
}

export async function referrerRegistrationOptions(
  db: Db,
  input: { referrerId: number; email: string; displayName: string; rp: RelyingParty; now: Date },
) {
  const existing = await referrerPasskeys(db, input.referrerId);
  return registrationOptions(db, {
    rp: input.rp,
    purpose: "referrer.register",
    owner: { referrerId: input.referrerId },
    userName: input.email,
    displayName: input.displayName,
    existing,
    now: input.now,
  });
}

/** Stores a new passkey of this referrer once it verified; audited either way. */
export async function addReferrerPasskey(
  db: Db,
  input: { referrerId: number; response: unknown; rp: RelyingParty; origin: string; userAgent: string; now: Date },
): Promise<boolean> {
  const result = await verifyRegistration(db, {
    rp: input.rp,
    purpose: "referrer.register",
    owner: { referrerId: input.referrerId },
    response: input.response,
    now: input.now,
  });
  return withReferrer(db, input.referrerId, async (trx) => {
    const made = result.ok
      ? await trx
          .insertInto("webauthn_credential")
          .values({
            ...result.credential,
            referrer_user_id: input.referrerId,
            staff_user_id: null,
            label: passkeyLabel(summariseUserAgent(input.userAgent), input.now),
            created_at: input.now,
          })
          .onConflict((oc) => oc.column("credential_id").doNothing())
          .returning("id")
          .executeTakeFirst()
      : undefined;
    await recordAudit(trx, {
      actorId: null,
      actorLabel: referrerLabel(input.referrerId),
      action: "referrer.passkey_add",
      objectType: "webauthn_credential",
      objectId: made?.id,
      result: made ? "allowed" : "denied",
      reason: result.ok ? (made ? undefined : "duplicate") : result.reason,
      origin: input.origin,
      at: input.now,
    });
    return made !== undefined;
  });
}

export async function referrerSignInOptions(db: Db, input: { rp: RelyingParty; now: Date }) {
  return signInOptions(db, { rp: input.rp, purpose: "referrer.sign_in", now: input.now });
}

/**
 * Signs a referrer in with a passkey (no e-mail address asked: the passkey names its account).
 * The passkey verified the person, so the session is complete at once.
 */
export async function signInReferrerWithPasskey(
  db: Db,
  input: { response: unknown; rp: RelyingParty; origin: string; now: Date },
): Promise<{ ok: true; referrerId: number } | { ok: false }> {
  return withReferrerAuth(db, async (trx) => {
    const result = await verifySignIn(trx, {
      rp: input.rp,
      purpose: "referrer.sign_in",
      response: input.response,
      now: input.now,
      find: (credentialId) =>
        trx
          .selectFrom("webauthn_credential")
          .selectAll()
          .where("credential_id", "=", credentialId)
          .where("referrer_user_id", "is not", null)
          .executeTakeFirst(),
    });
    const owner = result.ok
      ? await trx
          .selectFrom("referrer_user as u")
          .innerJoin("referrer_organisation as o", "o.id", "u.organisation_id")
          .select("u.id")
          .where("u.id", "=", result.credential.referrer_user_id)
          .where("u.status", "=", "active")
          .where("o.status", "=", "approved")
          .executeTakeFirst()
      : undefined;
    await recordAudit(trx, {
      actorId: null,
      actorLabel: owner ? referrerLabel(owner.id) : "anonymous",
      action: "referrer.passkey_sign_in",
      objectType: "webauthn_credential",
      objectId: result.ok ? result.credential.id : result.credentialId,
      result: owner ? "allowed" : "denied",
      reason: result.ok ? (owner ? undefined : "not_active") : result.reason,
      origin: input.origin,
      at: input.now,
    });
    return owner ? { ok: true as const, referrerId: owner.id } : { ok: false as const };
  });
}

/** Removes one of the referrer's own passkeys; the last one only while an authenticator app remains. */
export async function removeReferrerPasskey(
  db: Db,
  input: { referrerId: number; id: number; hasTotp: boolean; origin: string; now: Date },
): Promise<"removed" | "last" | "not_found"> {
  return withReferrer(db, input.referrerId, async (trx) => {
    const own = await trx
      .selectFrom("webauthn_credential")
      .select("id")
      .where("referrer_user_id", "=", input.referrerId)
      .execute();
    const outcome = !own.some((c) => c.id === input.id)
      ? "not_found"
      : own.length === 1 && !input.hasTotp
        ? "last"
        : "removed";
    if (outcome === "removed") await trx.deleteFrom("webauthn_credential").where("id", "=", input.id).execute();
    await recordAudit(trx, {
      actorId: null,
      actorLabel: referrerLabel(input.referrerId),
      action: "referrer.passkey_remove",
      objectType: "webauthn_credential",
      objectId: input.id,
      result: outcome === "removed" ? "allowed" : "denied",
      reason: outcome === "removed" ? undefined : outcome,
      origin: input.origin,
      at: input.now,
    });
    return outcome;
  });
}
