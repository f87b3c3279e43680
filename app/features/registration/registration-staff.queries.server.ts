import { type Kysely, sql, type Transaction } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { registrationBox } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
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
    const row = await trx
      .selectFrom("registration")
      .select([
        "id",
        "reference",
        "received_at",
        "submitted_by",
        "registrant_role",
        "registrant_side",
        "offence_category",
        "referrer_type",
        "channel",
        "status",
        "answers",
      ])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) return undefined;
    return { ...row, answers: await openAnswers(trx, row.id, row.answers) };
  });
}

/** A registration's answers, opened with its data key (the row must be visible to the actor). */
export async function openAnswers(
  trx: Transaction<Database>,
  id: number,
  sealed: Uint8Array | null,
): Promise<Record<string, unknown>> {
  if (sealed === null) return {};
  const box = await registrationBox(trx, id);
  if (!box) throw new DomainError(ErrorCode.NotFound);
  return box.openJson("registration.answers", id, sealed);
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
