import type { Kysely, Transaction } from "kysely";
import { createDataKey, reserveIds } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import { SealBox } from "../../db/sealed.server.ts";
import { keyRing } from "../../lib/keys/key-ring.server.ts";
import { type MatchTokens, matchTokens } from "./registration-match.server.ts";

/**
 * The columns of a new registration that hold its answers: its id (the sealed answers name their
 * row), a new data key of its own (adopted by the case it may become, ADR 0017), the answers
 * sealed with it, and the blind index for duplicate detection.
 */
export async function sealedRegistration(
  db: Kysely<Database> | Transaction<Database>,
  answers: Record<string, unknown>,
): Promise<{ id: number; data_key_id: number; answers: Uint8Array } & MatchTokens> {
  const dataKey = await createDataKey(db);
  const [id] = (await reserveIds(db, "registration", 1)) as [number];
  return {
    id,
    data_key_id: dataKey.id,
    answers: new SealBox(dataKey.key).json("registration.answers", id, answers),
    ...matchTokens(answers, keyRing().blindIndexKey),
  };
}
