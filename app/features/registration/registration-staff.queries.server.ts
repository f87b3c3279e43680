import { type Kysely, sql } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { boxOf } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import type { SealBox } from "../../db/sealed.server.ts";
import type { Actor } from "../auth/roles.ts";

type Db = Kysely<Database>;

/** The intake queue: registrations not yet taken up, oldest first. No free text, no names. */
export async function listNewRegistrations(db: Db, actor: Actor, limit = 200) {
  return withStaffActor(db, actor, (trx) =>
    trx
      .selectFrom("registration")
      .select(["id", "reference", "received_at", "submitted_by", "registrant_role", "offence_category", "channel"])
      .where("status", "=", "received")
      .orderBy("received_at", "asc")
      .orderBy("id", "asc")
      .limit(limit)
      .execute(),
  );
}

/** One registration with its answers (personal data: only after an access check). */
export async function getRegistration(db: Db, actor: Actor, id: number) {
  return withStaffActor(db, actor, async (trx) => {
    // With its data key in the same read, so a take-up committed meanwhile cannot split them.
    const row = await trx
      .selectFrom("registration as r")
      .leftJoin("data_key as k", "k.id", "r.data_key_id")
      .select([
        "r.id",
        "r.reference",
        "r.received_at",
        "r.submitted_by",
        "r.registrant_role",
        "r.registrant_side",
        "r.offence_category",
        "r.referrer_type",
        "r.channel",
        "r.status",
        "r.answers",
        "r.data_key_id",
        "k.wrapped",
      ])
      .where("r.id", "=", id)
      .executeTakeFirst();
    if (!row) return undefined;
    const { answers, data_key_id: _, wrapped: __, ...rest } = row;
    const box = boxOf(row) as SealBox;
    return { ...rest, answers: answers ? box.openJson("registration.answers", row.id, answers) : {} };
  });
}

/**
 * Only what an access decision needs (status and region), without personal data, whatever row-level
 * security would show this actor: the policy then decides between 403 and 404 (migration 0008).
 */
export async function getRegistrationAccessInfo(db: Db, id: number) {
  const { rows } = await sql<{ id: number; status: string; region_id: number | null }>`
    SELECT id, status, region_id FROM registration_access_info(${id})
  `.execute(db);
  return rows[0];
}
