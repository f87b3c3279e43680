/** Pure rules of the audit log: what a record may contain and how its hash is computed. */
import { createHash, createHmac } from "node:crypto";
import { secretKeyOf } from "../../lib/keys/key-material.ts";

export type AuditResult = "allowed" | "denied";

/** Every stored field of an audit record except its own hash. */
export type AuditRecordContent = {
  id: number;
  occurred_at: Date;
  actor_id: number | null;
  actor_label: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  result: AuditResult;
  origin: string | null;
  reason: string | null;
  prev_hash: string;
  /**
   * The audit key that signed the record (its id, ADR 0017); null for records written before the
   * chain was keyed, whose hash is a plain SHA-256.
   */
  key_id?: string | null;
};

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The prev_hash of the first record; migration 0005 computes the same value in SQL. */
export const GENESIS_HASH = sha256Hex("herstel-audit-genesis");

/**
 * The exact text that is hashed. Fields are picked one by one in a fixed order (so extra
 * properties, such as a row's own hash, never leak in), absent values are explicit nulls, and
 * the time is ISO-8601 UTC with milliseconds: the precision that survives a round trip
 * through the database and back into a Date. Changing this breaks every existing chain.
 */
export function canonicalAuditContent(record: AuditRecordContent): string {
  const keyed = record.key_id ? { key_id: record.key_id } : {};
  return JSON.stringify({
    id: record.id,
    occurred_at: record.occurred_at.toISOString(),
    actor_id: record.actor_id,
    actor_label: record.actor_label,
    action: record.action,
    object_type: record.object_type,
    object_id: record.object_id,
    result: record.result,
    origin: record.origin,
    reason: record.reason,
    prev_hash: record.prev_hash,
    ...keyed,
  });
}

/**
 * The hash of a record that follows the record whose hash is prevHash: an HMAC-SHA-256 with the
 * audit key for a keyed record (so that only who holds the key can write a record that checks
 * out), a plain SHA-256 for a record from before the chain was keyed.
 */
export function auditHash(prevHash: string, record: Omit<AuditRecordContent, "prev_hash">, key?: Buffer): string {
  const text = canonicalAuditContent({ ...record, prev_hash: prevHash });
  if (!record.key_id) return sha256Hex(text);
  if (!key) throw new Error("auditHash: a keyed record needs its audit key");
  return createHmac("sha256", secretKeyOf(key)).update(text, "utf8").digest("hex");
}

/**
 * Where the chain switched from plain hashes to keyed ones (the last record before, or none),
 * signed with the audit key: kept in audit_chain_keyed, so that records from before the switch
 * cannot be rewritten, nor later ones passed off as from before it.
 */
export function keyedFromMac(key: Buffer, lastLegacyId: number | null, lastLegacyHash: string): string {
  return createHmac("sha256", key)
    .update(`herstel-audit-keyed-from:${lastLegacyId ?? ""}:${lastLegacyHash}`, "utf8")
    .digest("hex");
}

/**
 * Where the chain starts after the oldest records were pruned (the last pruned record's id and
 * hash), signed with the audit key: kept in audit_chain_checkpoint (migration 0034), so that
 * verification can start there and nobody without the key can move the starting point.
 */
export function checkpointMac(key: Buffer, lastPrunedId: number, lastPrunedHash: string): string {
  return createHmac("sha256", key)
    .update(`herstel-audit-checkpoint:${lastPrunedId}:${lastPrunedHash}`, "utf8")
    .digest("hex");
}

// The same shapes as the checks on audit_log in migration 0005.

/** Dotted lower case with at least two parts, e.g. 'auth.login', 'registration.read'. */
export function isValidAuditAction(value: string): boolean {
  return value.length <= 100 && /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(value);
}

/** A short code such as 'wrong_password' or 'break_glass', never free text. */
export function isValidAuditReason(value: string): boolean {
  return /^[a-z][a-z0-9_]{0,63}$/.test(value);
}

/** e.g. 'registration', 'staff_user'; dots allowed for sub-objects ('case.note'). */
export function isValidObjectType(value: string): boolean {
  return value.length <= 100 && /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/.test(value);
}

/** Codes such as 'system', 'anonymous' or a short hash prefix: no '@' or spaces, so no e-mail or name fits. */
export function isValidActorLabel(value: string): boolean {
  return /^[a-z0-9][a-z0-9_.:-]{0,63}$/.test(value);
}

/**
 * Object ids are ours (database ids, references), so anything else is a programming error.
 * Lone surrogates are refused because the database would store U+FFFD instead, and the stored
 * record would then no longer match the hash computed here.
 */
export function isValidObjectId(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  return value.length >= 1 && value.length <= 200 && value.isWellFormed() && !/[\u0000-\u001f\u007f]/.test(value);
}

/**
 * An object id as a visitor typed it in a URL (a refused look at `/medewerkers/zaken/…`): kept when
 * it is short printable text, otherwise a fixed marker, so that no input can make the audit
 * record itself fail.
 */
export function requestedObjectId(raw: string): string {
  const short = [...raw].slice(0, 40).join("");
  return isValidObjectId(short) ? short : "unreadable";
}

export const MAX_ORIGIN_LENGTH = 255;

/**
 * The client address comes from outside (a proxy header can carry anything), so it is never a
 * reason to fail the audited action. It is kept as given except what cannot be stored or
 * would make the stored text differ from the hashed text: control characters (NUL is refused
 * by PostgreSQL) and lone surrogates become U+FFFD, and it is cut to 255 characters.
 */
export function normaliseOrigin(value: string | undefined): string | null {
  if (value === undefined || value === "") return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
  const printable = value.replace(/[\u0000-\u001f\u007f]/g, "\ufffd");
  return printable.slice(0, MAX_ORIGIN_LENGTH).toWellFormed();
}
