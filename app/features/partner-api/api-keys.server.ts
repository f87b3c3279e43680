import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { hashToken } from "../auth/tokens.server.ts";
import { bearerToken, formatKey, parseKey, SCOPES, type Scope } from "./api-keys.rules.ts";
import { withKeyLookup } from "./partner-acting.server.ts";

type Db = Kysely<Database>;

const PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export function newPrefix(): string {
  const bytes = randomBytes(12);
  return [...bytes].map((b) => PREFIX_ALPHABET[b % PREFIX_ALPHABET.length]).join("");
}

/** Makes a key for an organisation; returns it once. Only its hash is stored. */
export async function createApiKey(
  db: Db,
  actor: Actor,
  input: { organisationId: number; label: string; scopes: Scope[]; origin: string; now: Date },
): Promise<{ id: number; key: string }> {
  authorize(actor, "referrer-organisation.manage");
  const prefix = newPrefix();
  const key = formatKey(prefix, randomBytes(32).toString("base64url"));
  return withStaffActor(db, actor, async (trx) => {
    const organisation = await trx
      .selectFrom("referrer_organisation")
      .select("status")
      .where("id", "=", input.organisationId)
      .executeTakeFirst();
    if (organisation?.status !== "approved") throw new DomainError(ErrorCode.NotFound, "no approved organisation");
    const row = await trx
      .insertInto("partner_api_key")
      .values({
        organisation_id: input.organisationId,
        prefix,
        secret_hash: hashToken(key),
        label: input.label,
        scopes: SCOPES.filter((s) => input.scopes.includes(s)),
        created_at: input.now,
        created_by: actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: actor.userId,
      action: "partner_api_key.create",
      objectType: "partner_api_key",
      objectId: row.id,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
    return { id: row.id, key };
  });
}

export async function revokeApiKey(db: Db, actor: Actor, input: { id: number; origin: string; now: Date }) {
  authorize(actor, "referrer-organisation.manage");
  await withStaffActor(db, actor, async (trx) => {
    const done = await trx
      .updateTable("partner_api_key")
      .set({ revoked_at: input.now })
      .where("id", "=", input.id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new DomainError(ErrorCode.NotFound, "no such live key");
    await recordAudit(trx, {
      actorId: actor.userId,
      action: "partner_api_key.revoke",
      objectType: "partner_api_key",
      objectId: input.id,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
  });
}

export async function listApiKeys(db: Db, actor: Actor) {
  authorize(actor, "referrer-organisation.manage");
  return withStaffActor(db, actor, (trx) =>
    trx
      .selectFrom("partner_api_key")
      .select(["id", "organisation_id", "prefix", "label", "scopes", "created_at", "revoked_at", "last_used_at"])
      .orderBy("created_at", "desc")
      .execute(),
  );
}

export type PartnerAuth = { keyId: number; organisationId: number; scopes: Scope[] };

/**
 * The key of an API call: live, with an approved organisation, and the hash matching. Every
 * refusal is audited; the answer does not say which check failed.
 */
export async function authenticateApiKey(
  db: Db,
  input: { authorization: string | null; origin: string; now: Date },
): Promise<PartnerAuth | undefined> {
  const token = bearerToken(input.authorization);
  const parsed = token ? parseKey(token) : undefined;
  const row = parsed
    ? await withKeyLookup(db, (trx) =>
        trx
          .selectFrom("partner_api_key as k")
          .innerJoin("referrer_organisation as o", "o.id", "k.organisation_id")
          .select(["k.id", "k.organisation_id", "k.secret_hash", "k.scopes", "k.revoked_at", "o.status"])
          .where("k.prefix", "=", parsed.prefix)
          .executeTakeFirst(),
      )
    : undefined;
  const matches = row && token ? timingSafeEqual(Buffer.from(row.secret_hash), Buffer.from(hashToken(token))) : false;
  if (!row || !matches || row.revoked_at || row.status !== "approved") {
    await recordAudit(db, {
      actorId: null,
      actorLabel: row ? `partner-key:${row.id}` : "anonymous",
      action: "partner.authenticate",
      result: "denied",
      reason: !row
        ? "unknown_key"
        : !matches
          ? "wrong_secret"
          : row.revoked_at
            ? "revoked"
            : "organisation_not_approved",
      origin: input.origin,
      at: input.now,
    });
    return undefined;
  }
  return {
    keyId: row.id,
    organisationId: row.organisation_id,
    scopes: row.scopes.filter((s): s is Scope => SCOPES.includes(s as Scope)),
  };
}
