import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { CASELOAD_NORM_SETTING } from "./workspace.lists.ts";

/** Sets the caseload norm (already validated by caseloadNormSchema), with its audit record in the same transaction. */
export async function saveCaseloadNorm(
  db: Kysely<Database>,
  input: { norm: number; actorId: number; origin: string; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const value = JSON.stringify(input.norm);
    await trx
      .insertInto("app_setting")
      .values({ key: CASELOAD_NORM_SETTING, value, updated_at: input.now })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: input.now }))
      .execute();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "settings.update",
      objectType: "app_setting",
      objectId: CASELOAD_NORM_SETTING,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
  });
}
