import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { hashToken } from "../auth/tokens.server.ts";
import { referrerLabel } from "../referrers/referrer-accounts.commands.server.ts";
import { withReferrer } from "../referrers/referrer-acting.server.ts";
import { formatKey, SCOPES, type Scope } from "./api-keys.rules.ts";
import { newPrefix } from "./api-keys.server.ts";

type Db = Kysely<Database>;

/**
 * API keys made and revoked by the organisation's own contact person (ADR 0029), as staff do
 * (api-keys.server.ts). Row-level security (partner_api_key_contact) lets a contact person
 * reach only their own organisation's keys; anyone else reaches none. The same condition is in
 * the queries too, for the embedded database, where the app is the tables' owner.
 */
const contactOrganisation = sql<number>`referrer_contact_organisation()`;
export async function listContactApiKeys(db: Db, referrerId: number) {
  return withReferrer(db, referrerId, (trx) =>
    trx
      .selectFrom("partner_api_key")
      .select(["id", "prefix", "label", "scopes", "created_at", "revoked_at", "last_used_at"])
      .where("organisation_id", "=", contactOrganisation)
      .orderBy("created_at", "desc")
      .execute(),
  );
}

export async function createContactApiKey(
  db: Db,
  referrerId: number,
  input: { organisationId: number; label: string; scopes: Scope[]; origin: string; now: Date },
): Promise<{ id: number; key: string }> {
  const prefix = newPrefix();
  const key = formatKey(prefix, randomBytes(32).toString("base64url"));
  return withReferrer(db, referrerId, async (trx) => {
    const { rows } = await sql<{ id: number | null }>`SELECT ${contactOrganisation} AS id`.execute(trx);
    if (rows[0]?.id !== input.organisationId)
      throw new DomainError(ErrorCode.Forbidden, "not this organisation's contact");
    const row = await trx
      .insertInto("partner_api_key")
      .values({
        organisation_id: input.organisationId,
        prefix,
        secret_hash: hashToken(key),
        label: input.label,
        scopes: SCOPES.filter((s) => input.scopes.includes(s)),
        created_at: input.now,
        created_by: null,
        created_by_referrer: referrerId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: null,
      actorLabel: referrerLabel(referrerId),
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

export async function revokeContactApiKey(
  db: Db,
  referrerId: number,
  input: { id: number; origin: string; now: Date },
) {
  return withReferrer(db, referrerId, async (trx) => {
    const done = await trx
      .updateTable("partner_api_key")
      .set({ revoked_at: input.now })
      .where("id", "=", input.id)
      .where("organisation_id", "=", contactOrganisation)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    const ok = Number(done.numUpdatedRows) === 1;
    await recordAudit(trx, {
      actorId: null,
      actorLabel: referrerLabel(referrerId),
      action: "partner_api_key.revoke",
      objectType: "partner_api_key",
      objectId: input.id,
      result: ok ? "allowed" : "denied",
      origin: input.origin,
      at: input.now,
    });
    return ok;
  });
}
