import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";

type Db = Kysely<Database>;

import { BREAK_GLASS_MS, REASON_MAX, REASON_MIN } from "./break-glass.rules.ts";

export type GlassObject = "registration" | "case";

export async function hasActiveGrant(
  db: Db,
  userId: number,
  registrationId: number,
  now: Date,
  objectType: GlassObject = "registration",
): Promise<boolean> {
  const row = await db
    .selectFrom("break_glass_grant")
    .select("id")
    .where("object_type", "=", objectType)
    .where("object_id", "=", registrationId)
    .where("user_id", "=", userId)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row !== undefined;
}

/** Opens a file outside one's scope, with a written reason that is kept for review. */
export async function breakGlass(
  db: Db,
  input: {
    userId: number;
    registrationId: number;
    reason: string;
    origin: string;
    now: Date;
    objectType?: GlassObject;
  },
): Promise<void> {
  const objectType = input.objectType ?? "registration";
  const reason = input.reason.trim();
  if ([...reason].length < REASON_MIN || [...reason].length > REASON_MAX) throw new Error("reason length");
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("break_glass_grant")
      .values({
        user_id: input.userId,
        object_type: objectType,
        object_id: input.registrationId,
        reason,
        created_at: input.now,
        expires_at: new Date(input.now.getTime() + BREAK_GLASS_MS),
      })
      .execute();
    await recordAudit(trx, {
      actorId: input.userId,
      action: `${objectType}.break_glass`,
      objectType,
      objectId: input.registrationId,
      result: "allowed",
      origin: input.origin,
      reason: "break_glass",
      at: input.now,
    });
  });
}

/** Every use of break the glass, newest first, for review by coordinators and administrators. */
export async function listBreakGlass(db: Db, limit = 200) {
  return db
    .selectFrom("break_glass_grant as g")
    .innerJoin("staff_user as u", "u.id", "g.user_id")
    .select(["g.id", "g.object_type", "g.object_id", "g.reason", "g.created_at", "g.expires_at", "u.display_name"])
    .orderBy("g.created_at", "desc")
    .limit(limit)
    .execute();
}
