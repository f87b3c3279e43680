import { keyedFromMac } from "../features/audit/audit.rules.ts";
import { keyRing } from "../lib/keys/key-ring.server.ts";
import type { RawSession } from "./database.server.ts";
import { encryptExistingRows } from "./encrypt-existing.server.ts";

/**
 * Work of a migration that needs the app's keys, run right after the migration's SQL in the same
 * transaction (app/db/migrate.server.ts). Named after the migration, never its number.
 */
export type MigrationStep = (session: RawSession) => Promise<void>;

/** Signs where the audit chain switched to keyed hashes (migration audit_key). */
async function signKeyedFrom(session: RawSession): Promise<void> {
  const [head] = await session.query<{ last_id: string | number | null; last_hash: string }>(
    "SELECT last_id, last_hash FROM audit_chain_head",
  );
  if (!head) throw new Error("audit_chain_head is missing");
  const key = keyRing().currentAuditKey;
  const lastId = head.last_id === null ? null : Number(head.last_id);
  await session.query(
    "INSERT INTO audit_chain_keyed (last_legacy_id, last_legacy_hash, key_id, mac) VALUES ($1, $2, $3, $4)",
    [lastId, head.last_hash, key.id, keyedFromMac(key.key, lastId, head.last_hash)],
  );
}

export const MIGRATION_STEPS: Record<string, MigrationStep> = {
  audit_key: signKeyedFrom,
  encryption_at_rest: encryptExistingRows,
};
