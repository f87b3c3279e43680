import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database>;

/** The intake queue: registrations not yet taken up, oldest first. No free text, no names. */
export async function listNewRegistrations(db: Db, limit = 200) {
  return db
    .selectFrom("registration")
    .select(["id", "reference", "received_at", "submitted_by", "registrant_role", "offence_category", "channel"])
    .where("status", "=", "received")
    .orderBy("received_at", "asc")
    .orderBy("id", "asc")
    .limit(limit)
    .execute();
}

/** One registration with its answers (personal data: only after an access check). */
export async function getRegistration(db: Db, id: number) {
  return db
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
}

/** Only what an access decision needs, without personal data. */
export async function getRegistrationAccessInfo(db: Db, id: number) {
  return db.selectFrom("registration").select(["id", "status"]).where("id", "=", id).executeTakeFirst();
}
