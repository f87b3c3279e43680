import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { keyRing } from "../../lib/keys/key-ring.server.ts";
import {
  type AuditRecordContent,
  type AuditResult,
  auditHash,
  isValidActorLabel,
  isValidAuditAction,
  isValidAuditReason,
  isValidObjectId,
  isValidObjectType,
  normaliseOrigin,
} from "./audit.rules.ts";

export type AuditEntry = {
  /** The staff user acting; null for anonymous visitors and the system. */
  actorId: number | null;
  /** Instead of a person: a code such as 'system' or 'anonymous'. Never personal data. */
  actorLabel?: string;
  /** Dotted lower case, e.g. 'auth.password', 'registration.read'. */
  action: string;
  objectType?: string;
  objectId?: string | number;
  result: AuditResult;
  /** The client address as the server saw it. */
  origin?: string;
  /** A short code, e.g. 'wrong_password'; never free text. */
  reason?: string;
  /** When it happened; now by default. */
  at?: Date;
};

/**
 * Appends one record to the audit log. Pass the transaction of the audited action, so that
 * the action and its record are committed together or not at all; with a plain Kysely it
 * runs in a transaction of its own (use that for denials whose action rolls back).
 *
 * The append locks the single audit_chain_head row until the caller's transaction ends, so
 * every audited transaction waits for the one before it: call this as late as possible in
 * the transaction. Under REPEATABLE READ or SERIALIZABLE a concurrent append makes PostgreSQL
 * report a serialisation failure here (retry the transaction), never a forked chain.
 *
 * Throws a plain Error for a malformed action, reason, object or label: those are written in
 * code, so that is a programming error. The message never quotes the values.
 */
export async function recordAudit(
  db: Transaction<Database> | Kysely<Database>,
  entry: AuditEntry,
): Promise<{ id: number; hash: string }> {
  // Validated before the lock is taken, to keep the serialised part short.
  const content = contentOf(entry);
  if (db.isTransaction) return append(db, content);
  return db.transaction().execute((trx) => append(trx, content));
}

type PendingRecord = Omit<AuditRecordContent, "id" | "prev_hash" | "key_id">;

function contentOf(entry: AuditEntry): PendingRecord {
  if (!isValidAuditAction(entry.action)) throw new Error("recordAudit: action must look like 'feature.verb'");
  if (entry.result !== "allowed" && entry.result !== "denied") {
    throw new Error("recordAudit: result must be 'allowed' or 'denied'");
  }
  if (entry.actorId !== null && !(Number.isSafeInteger(entry.actorId) && entry.actorId > 0)) {
    throw new Error("recordAudit: actorId must be a positive whole number or null");
  }
  if (entry.actorLabel !== undefined && !isValidActorLabel(entry.actorLabel)) {
    throw new Error("recordAudit: actorLabel must be a short lower-case code");
  }
  if (entry.reason !== undefined && !isValidAuditReason(entry.reason)) {
    throw new Error("recordAudit: reason must be a short code such as 'wrong_password'");
  }
  if (entry.objectType !== undefined && !isValidObjectType(entry.objectType)) {
    throw new Error("recordAudit: objectType must be lower case, e.g. 'registration'");
  }
  let objectId: string | null = null;
  if (entry.objectId !== undefined) {
    if (entry.objectType === undefined) throw new Error("recordAudit: objectId needs an objectType");
    if (typeof entry.objectId === "number" && !Number.isSafeInteger(entry.objectId)) {
      throw new Error("recordAudit: a numeric objectId must be a whole number");
    }
    objectId = String(entry.objectId);
    if (!isValidObjectId(objectId)) throw new Error("recordAudit: objectId must be 1–200 printable characters");
  }
  const at = entry.at ?? new Date();
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new Error("recordAudit: at must be a valid Date");
  return {
    // A copy: the caller's Date could change while the append waits for the lock.
    occurred_at: new Date(at.getTime()),
    actor_id: entry.actorId,
    actor_label: entry.actorLabel ?? null,
    action: entry.action,
    object_type: entry.objectType ?? null,
    object_id: objectId,
    result: entry.result,
    origin: normaliseOrigin(entry.origin),
    reason: entry.reason ?? null,
  };
}

/** Runs inside a transaction (the caller's or our own). */
async function append(trx: Kysely<Database>, pending: PendingRecord): Promise<{ id: number; hash: string }> {
  // 1. The lock: a concurrent writer waits here until this transaction ends, then reads the
  //    head this one leaves behind. Under READ COMMITTED, FOR UPDATE returns that newest head.
  const head = await trx.selectFrom("audit_chain_head").select("last_hash").forUpdate().executeTakeFirst();
  if (!head) throw new Error("recordAudit: audit_chain_head is missing (was migration 0005 applied?)");

  // 2. The id, taken while holding the lock so that ids ascend in chain order (verification
  //    walks the log by id). The hash covers the id, and a row can never be updated once
  //    inserted, so the id must be known before the insert: nextval on the identity's own
  //    sequence, then an insert with that id. A rollback wastes the number (a gap in ids),
  //    which is harmless because the chain is linked by prev_hash.
  const next = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS id`.execute(trx);
  const id = next.rows[0]?.id;
  if (typeof id !== "number") throw new Error("recordAudit: the audit_log id sequence gave no number");

  // Keyed with the current audit key (ADR 0017): rewriting the chain needs that key.
  const auditKey = keyRing().currentAuditKey;
  const record: AuditRecordContent = { ...pending, id, prev_hash: head.last_hash, key_id: auditKey.id };
  const hash = auditHash(record.prev_hash, record, auditKey.key);

  // 3. Insert and move the head. Kysely has no OVERRIDING SYSTEM VALUE, hence plain SQL
  //    (parameterised); the time goes as ISO text so both drivers send the same instant.
  await sql`INSERT INTO audit_log
      (id, occurred_at, actor_id, actor_label, action, object_type, object_id, result, origin, reason, prev_hash, hash, key_id)
    OVERRIDING SYSTEM VALUE
    VALUES (${record.id}, ${record.occurred_at.toISOString()}, ${record.actor_id}, ${record.actor_label},
      ${record.action}, ${record.object_type}, ${record.object_id}, ${record.result}, ${record.origin},
      ${record.reason}, ${record.prev_hash}, ${hash}, ${record.key_id})`.execute(trx);
  // The head's trigger (migration 0005) checks that this record links to the old head.
  await trx.updateTable("audit_chain_head").set({ last_id: id, last_hash: hash }).execute();
  return { id, hash };
}
