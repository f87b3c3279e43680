import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { accessHistory } from "./audit.queries.server.ts";

/** The access history of one object with staff names, for the coordinator's view of a file. */
export async function accessHistoryWithNames(db: Kysely<Database>, objectType: string, objectId: number | string) {
  const items = await accessHistory(db, objectType, objectId, { limit: 200 });
  const ids = [...new Set(items.map((i) => i.actor_id).filter((id): id is number => id !== null))];
  const names = ids.length
    ? await db.selectFrom("staff_user").select(["id", "display_name"]).where("id", "in", ids).execute()
    : [];
  return items.map((i) => ({
    id: i.id,
    at: i.occurred_at.toISOString(),
    who: names.find((n) => n.id === i.actor_id)?.display_name ?? null,
    action: i.action,
    result: i.result,
  }));
}
