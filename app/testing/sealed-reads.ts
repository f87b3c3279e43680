import type { Kysely } from "kysely";
import { caseBox, registrationBox } from "../db/data-keys.server.ts";
import type { Database } from "../db/schema.ts";
import type { SealBox } from "../db/sealed.server.ts";
import { openMail } from "../features/outbox/outbox.queries.server.ts";

/**
 * For tests that check what was stored: content is sealed at rest (ADR 0017), so these open it
 * with its data key (as the table owner; the app's own reads go through the features' modules).
 */
type Db = Kysely<Database>;

/** The stored answers of a registration. */
export async function storedAnswers(db: Db, registrationId: number): Promise<Record<string, unknown>> {
  const row = await db
    .selectFrom("registration")
    .select("answers")
    .where("id", "=", registrationId)
    .executeTakeFirstOrThrow();
  const box = await registrationBox(db, registrationId);
  if (!row.answers || !box) throw new Error(`registration ${registrationId} has no sealed answers`);
  return box.openJson("registration.answers", registrationId, row.answers);
}

/** Every message in the outbox, oldest first, with its address and text opened. */
export async function storedMail(db: Db) {
  const rows = await db.selectFrom("outbox_message").selectAll().orderBy("id").execute();
  return rows.map(({ data_key, ...m }) => ({ ...m, ...openMail(m.id, data_key, m) }));
}

/** The key of a case, for opening a stored value. */
export function storedCaseBox(db: Db, caseId: number): Promise<SealBox> {
  return caseBox(db, caseId);
}
