import type { Kysely, Selectable } from "kysely";
import type { AuditLogTable, Database } from "../../db/schema.ts";
import { keyRing } from "../../lib/keys/key-ring.server.ts";
import { auditHash, checkpointMac, GENESIS_HASH, keyedFromMac } from "./audit.rules.ts";

/**
 * key_missing: the record was signed with an audit key this process does not have (brokenId is
 * that record; nothing after it was checked). unkeyed_record: a record with a plain hash where
 * only keyed ones may be (after the chain was keyed). keyed_from_changed: the signed record of
 * where the chain was keyed is missing, changed, or does not match the records (brokenId 0 when
 * it is missing or changed). checkpoint_changed: the signed starting point after pruning
 * (migration 0034) was changed or signed without the audit key (brokenId 0).
 */
export type AuditChainProblem =
  | "hash_mismatch"
  | "chain_break"
  | "head_mismatch"
  | "key_missing"
  | "unkeyed_record"
  | "keyed_from_changed"
  | "checkpoint_changed";

/**
 * count: how many records were found intact (on failure: before the broken one).
 * brokenId: for hash_mismatch the changed record; for chain_break the first record after
 * the gap; for head_mismatch the record the head names when the tail was removed, or else
 * the first record the head does not account for.
 */
export type AuditChainVerification =
  | { ok: true; count: number; prunedThrough?: { id: number; before: Date } }
  | { ok: false; count: number; brokenId: number; problem: AuditChainProblem };

const DEFAULT_BATCH_SIZE = 1000;

/**
 * Walks the whole log in id order, a batch at a time (keyset pagination, so a million records
 * never sit in memory together), and checks each record's hash, each link to the record
 * before, and that the chain ends where audit_chain_head says.
 *
 * Everything is read in one REPEATABLE READ snapshot: records appended meanwhile are either
 * entirely in it, head included, or not at all.
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  options: { batchSize?: number } = {},
): Promise<AuditChainVerification> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const run = (trx: Kysely<Database>) => walkChain(trx, batchSize);
  if (db.isTransaction) return run(db);
  return db.transaction().setIsolationLevel("repeatable read").setAccessMode("read only").execute(run);
}

async function walkChain(trx: Kysely<Database>, batchSize: number): Promise<AuditChainVerification> {
  const head = await trx.selectFrom("audit_chain_head").select(["last_id", "last_hash"]).executeTakeFirst();
  // Records with a plain hash are accepted only up to where the chain was keyed, as signed then.
  const keyedFrom = await trx.selectFrom("audit_chain_keyed").selectAll().executeTakeFirst();
  const keyedFromKey = keyedFrom ? keyRing().auditKey(keyedFrom.key_id) : undefined;
  if (keyedFrom && !keyedFromKey) return { ok: false, count: 0, brokenId: 0, problem: "key_missing" };
  if (
    !keyedFrom ||
    !keyedFromKey ||
    keyedFromMac(keyedFromKey, keyedFrom.last_legacy_id, keyedFrom.last_legacy_hash) !== keyedFrom.mac
  ) {
    return { ok: false, count: 0, brokenId: 0, problem: "keyed_from_changed" };
  }
  const lastLegacyId = keyedFrom.last_legacy_id ?? 0;
  // After pruning, the chain starts at the signed checkpoint instead of the genesis hash.
  const checkpoint = await trx.selectFrom("audit_chain_checkpoint").selectAll().executeTakeFirst();
  if (checkpoint) {
    const key = keyRing().auditKey(checkpoint.key_id);
    if (!key) return { ok: false, count: 0, brokenId: 0, problem: "key_missing" };
    if (checkpointMac(key, Number(checkpoint.last_pruned_id), checkpoint.last_pruned_hash) !== checkpoint.mac) {
      return { ok: false, count: 0, brokenId: 0, problem: "checkpoint_changed" };
    }
  }
  const prunedThrough = checkpoint ? Number(checkpoint.last_pruned_id) : 0;
  // Pruned past where the chain was keyed: the switch is behind the checkpoint, vouched for by it.
  let keyedSeen = checkpoint !== undefined && prunedThrough >= lastLegacyId;
  let count = 0;
  let prevHash = checkpoint ? checkpoint.last_pruned_hash : GENESIS_HASH;
  let last: { id: number; hash: string } | undefined;
  let firstBeyondHead: number | undefined;
  for (;;) {
    let query = trx.selectFrom("audit_log").selectAll().orderBy("id").limit(batchSize);
    query = query.where("id", ">", last ? last.id : prunedThrough);
    const rows = await query.execute();
    for (const row of rows) {
      if (row.key_id === null && row.id > lastLegacyId) {
        return { ok: false, count, brokenId: row.id, problem: "unkeyed_record" };
      }
      const key = row.key_id === null ? undefined : keyRing().auditKey(row.key_id);
      if (row.key_id !== null && !key) return { ok: false, count, brokenId: row.id, problem: "key_missing" };
      // The hash first: a record whose fields were changed is named itself. Only a record
      // that is intact but does not link up points to a gap (or a rewritten record) before it.
      if (auditHash(row.prev_hash, row, key) !== row.hash) {
        return { ok: false, count, brokenId: row.id, problem: "hash_mismatch" };
      }
      if (row.prev_hash !== prevHash) return { ok: false, count, brokenId: row.id, problem: "chain_break" };
      // The first keyed record must follow exactly the plain-hash record signed as the last one.
      if (row.key_id !== null && !keyedSeen) {
        keyedSeen = true;
        if (prevHash !== keyedFrom.last_legacy_hash) {
          return { ok: false, count, brokenId: row.id, problem: "keyed_from_changed" };
        }
      }
      if (firstBeyondHead === undefined && head && (head.last_id === null || row.id > head.last_id)) {
        firstBeyondHead = row.id;
      }
      prevHash = row.hash;
      last = { id: row.id, hash: row.hash };
      count++;
    }
    if (rows.length < batchSize) break;
  }
  // The plain-hash records signed as the ones before the switch must all still be there.
  const legacyEnd = keyedSeen ? keyedFrom.last_legacy_hash : prevHash;
  if ((last?.id ?? prunedThrough) < lastLegacyId || legacyEnd !== keyedFrom.last_legacy_hash) {
    return { ok: false, count, brokenId: lastLegacyId, problem: "keyed_from_changed" };
  }
  if (head && head.last_id === (last?.id ?? null) && head.last_hash === prevHash) {
    return checkpoint
      ? { ok: true, count, prunedThrough: { id: prunedThrough, before: checkpoint.pruned_before } }
      : { ok: true, count };
  }
  return { ok: false, count, brokenId: headMismatchId(head, last, firstBeyondHead), problem: "head_mismatch" };
}

function headMismatchId(
  head: { last_id: number | null } | undefined,
  last: { id: number } | undefined,
  firstBeyondHead: number | undefined,
): number {
  // The head names a record past the end: the tail was removed, starting at or before it.
  if (head?.last_id != null && head.last_id > (last?.id ?? 0)) return head.last_id;
  // Records the head does not know of were added without moving it.
  if (firstBeyondHead !== undefined) return firstBeyondHead;
  // The head names the last record but with another hash (head or that record rewritten).
  return last?.id ?? head?.last_id ?? 0;
}

export type AccessHistoryItem = Pick<
  Selectable<AuditLogTable>,
  "id" | "occurred_at" | "actor_id" | "actor_label" | "action" | "result" | "reason"
>;

const MAX_HISTORY_LIMIT = 500;

/**
 * Who did what with one object and when, newest first: the coordinator's "who looked at this
 * file" view (docs/security.md item 21). Showing it is itself an access to audit: the caller
 * records that. The client address is left out; it is there for investigations.
 */
export async function accessHistory(
  db: Kysely<Database>,
  objectType: string,
  objectId: string | number,
  options: { limit: number },
): Promise<AccessHistoryItem[]> {
  const limit = Math.min(Math.max(1, Math.floor(options.limit) || 1), MAX_HISTORY_LIMIT);
  return db
    .selectFrom("audit_log")
    .select(["id", "occurred_at", "actor_id", "actor_label", "action", "result", "reason"])
    .where("object_type", "=", objectType)
    .where("object_id", "=", String(objectId))
    .orderBy("occurred_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
