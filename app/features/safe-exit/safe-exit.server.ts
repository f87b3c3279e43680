import type { Kysely } from "kysely";
import { withFormInstance } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { isUuid } from "../registration/registration.queries.server.ts";
import { DEFAULT_NEUTRAL_SITE, NEUTRAL_SITE_SETTING, neutralSiteFrom } from "./safe-exit.ts";

type Db = Kysely<Database>;

/** The neutral site's address as the administrators set it, or the default. */
export async function neutralSite(db: Db): Promise<{ url: string; isDefault: boolean }> {
  const row = await db
    .selectFrom("app_setting")
    .select("value")
    .where("key", "=", NEUTRAL_SITE_SETTING)
    .executeTakeFirst();
  const url = neutralSiteFrom(row?.value);
  return { url, isDefault: row === undefined || url === DEFAULT_NEUTRAL_SITE };
}

/**
 * Sets the neutral site's address (already validated by neutralSiteSchema), with its audit
 * record in the same transaction. The audit record names the setting, never the address.
 */
export async function saveNeutralSite(
  db: Db,
  input: { url: string; actorId: number; origin: string; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("app_setting")
      .values({ key: NEUTRAL_SITE_SETTING, value: JSON.stringify(input.url), updated_at: input.now })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(input.url), updated_at: input.now }))
      .execute();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "settings.update",
      objectType: "app_setting",
      objectId: NEUTRAL_SITE_SETTING,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
  });
}

/**
 * Ends this browser's form session: its unfinished draft (every answer given so far) is deleted.
 * Row-level security lets a form instance reach only its own draft. Returns whether one was there.
 */
export async function endFormSession(db: Db, draftId: string | undefined): Promise<boolean> {
  if (!draftId || !isUuid(draftId)) return false;
  const result = await withFormInstance(db, draftId, (trx) =>
    trx.deleteFrom("registration_draft").where("id", "=", draftId).executeTakeFirst(),
  );
  return Number(result.numDeletedRows) > 0;
}
