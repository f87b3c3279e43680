import { type Kysely, sql, type Transaction } from "kysely";
import { DomainError, ErrorCode } from "../lib/errors.ts";
import { newDataKey, unwrapKey, wrapKey } from "../lib/keys/envelope.ts";
import type { KeyEntry } from "../lib/keys/key-material.ts";
import { keyRing } from "../lib/keys/key-ring.server.ts";
import type { Database } from "./schema.ts";
import { SealBox } from "./sealed.server.ts";

/**
 * Data keys (ADR 0017): one per registration, adopted by the case it becomes, each stored in
 * data_key wrapped by the key-encryption key (KEK), which never sits in the database. Short-lived
 * rows (form drafts, e-mail in the outbox) carry their own wrapped key in the row, so that
 * deleting the row deletes its key too.
 *
 * Erasing a case deletes its data keys (crypto-shredding): its content can never be read again,
 * also not from a copy of the database made later; `npm run restore` deletes them again in an
 * older backup (the erasure ledger, data_key_erasure).
 */
type Db = Kysely<Database> | Transaction<Database>;

export type DataKey = { id: number; key: Buffer };

const dataKeyAad = (id: number) => `data_key:${id}`;
export const inlineAad = (table: "registration_draft" | "outbox_message", rowId: string | number) =>
  `${table}.data_key:${rowId}`;

/** A new data key, stored wrapped by the current KEK. */
export async function createDataKey(db: Db): Promise<DataKey> {
  const [id] = await reserveIds(db, "data_key", 1);
  const key = newDataKey();
  await db
    .insertInto("data_key")
    .values({ id: id as number, ...wrapDataKey(id as number, key) })
    .execute();
  return { id: id as number, key };
}

/** The columns of a data_key row for this key, wrapped by the current KEK. */
export function wrapDataKey(id: number, key: Buffer): { kek_id: string; wrapped: Buffer } {
  const kek = keyRing().currentKek;
  return { kek_id: kek.id, wrapped: wrapKey(kek, dataKeyAad(id), key) };
}

export function unwrapDataKey(id: number, wrapped: Uint8Array): Buffer {
  return unwrapKey((kekId) => keyRing().kek(kekId), dataKeyAad(id), wrapped);
}

/** The same data key wrapped by another key-encryption key (keys:rotate). */
export function rewrapDataKey(id: number, wrapped: Uint8Array, kek: KeyEntry): Buffer {
  return wrapKey(kek, dataKeyAad(id), unwrapDataKey(id, wrapped));
}

/** The box of a row read together with its data key (`leftJoin("data_key as k", …)`, `k.wrapped`). */
export function boxOf(
  row: { data_key_id: number | null; wrapped: Uint8Array | null } | undefined,
): SealBox | undefined {
  if (!row) return undefined;
  return new SealBox(row.data_key_id !== null && row.wrapped ? unwrapDataKey(row.data_key_id, row.wrapped) : null);
}

/**
 * The box of a case, for reading its rows: who may read them is decided by row-level security on
 * those rows. Found through a function (migration 0027) rather than the case row, whose
 * visibility policy costs milliseconds; a DomainError NOT_FOUND when there is no such case. An
 * erased case gives a box that opens nothing.
 */
export async function caseBox(db: Db, caseId: number): Promise<SealBox> {
  const box = (await caseBoxes(db, [caseId])).get(caseId);
  if (!box) throw new DomainError(ErrorCode.NotFound);
  return box;
}

/** The boxes of several cases at once (lists across cases, such as my tasks). */
export async function caseBoxes(db: Db, caseIds: readonly number[]): Promise<Map<number, SealBox>> {
  const cache = caseKeyCache(db);
  const boxes = new Map<number, SealBox>();
  const missing: number[] = [];
  for (const id of new Set(caseIds)) {
    const key = cache.get(`case:${id}`);
    if (key) boxes.set(id, new SealBox(key));
    else missing.push(id);
  }
  if (missing.length === 0) return boxes;
  const { rows } = await sql<{ case_id: number; data_key_id: number | null; wrapped: Uint8Array | null }>`
    SELECT case_id, data_key_id, wrapped FROM herstel_case_data_keys(${missing}::bigint[])`.execute(db);
  for (const row of rows) boxes.set(Number(row.case_id), cachedCaseBox(db, Number(row.case_id), row));
  return boxes;
}

/** The case key cache of this database (its pool or embedded instance). */
function caseKeyCache(db: Db) {
  return keyRing().caseKeys(db.getExecutor().adapter);
}

/** A case's box from its row's key, remembered for a minute (erased keys are not remembered). */
export function cachedCaseBox(
  db: Db,
  caseId: number,
  row: { data_key_id: number | null; wrapped: Uint8Array | null },
): SealBox {
  const cache = caseKeyCache(db);
  const cached = cache.get(`case:${caseId}`);
  if (cached) return new SealBox(cached);
  const box = boxOf(row) as SealBox;
  if (row.data_key_id !== null && row.wrapped) cache.set(`case:${caseId}`, box.key as Buffer);
  return box;
}

/**
 * The box of a case the actor may see, through the case row and its row-level security: for
 * commands, which change a case only when it is visible (NOT_FOUND otherwise).
 */
export async function visibleCaseBox(db: Db, caseId: number): Promise<SealBox> {
  const row = await db
    .selectFrom("mediation_case as c")
    .leftJoin("data_key as k", "k.id", "c.data_key_id")
    .select(["c.data_key_id", "k.wrapped"])
    .where("c.id", "=", caseId)
    .executeTakeFirst();
  if (!row) throw new DomainError(ErrorCode.NotFound);
  return cachedCaseBox(db, caseId, row);
}

/** The box of a registration the actor may see; undefined when not visible. */
export async function registrationBox(db: Db, registrationId: number): Promise<SealBox | undefined> {
  const row = await db
    .selectFrom("registration as r")
    .leftJoin("data_key as k", "k.id", "r.data_key_id")
    .select(["r.data_key_id", "k.wrapped"])
    .where("r.id", "=", registrationId)
    .executeTakeFirst();
  return boxOf(row);
}

/** A new key for one row that carries its own (a draft, an e-mail): the box and the wrapped key to store. */
export function newInlineKey(
  table: "registration_draft" | "outbox_message",
  rowId: string | number,
): { box: SealBox; wrapped: Buffer } {
  const key = newDataKey();
  return { box: new SealBox(key), wrapped: wrapKey(keyRing().currentKek, inlineAad(table, rowId), key) };
}

export function inlineBox(table: "registration_draft" | "outbox_message", rowId: string | number, wrapped: Uint8Array) {
  return new SealBox(unwrapKey((kekId) => keyRing().kek(kekId), inlineAad(table, rowId), wrapped));
}

/**
 * Ids for rows about to be inserted: the associated data of a sealed value names its row, so the
 * id must be known before the insert (the identity columns are GENERATED BY DEFAULT for this).
 */
export async function reserveIds(db: Db, table: string, count: number): Promise<number[]> {
  if (count <= 0) return [];
  const { rows } = await sql<{ id: number }>`
    SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::int8 AS id FROM generate_series(1, ${count})`.execute(db);
  return rows.map((r) => Number(r.id));
}

/**
 * Crypto-shredding: deletes the data keys of a case and of every registration that belongs to
 * it, and notes each in the erasure ledger (so a restore of an older backup deletes them again).
 * Needs the table owner (the app role may not delete keys): the erasure job of the retention
 * rules runs as owner. Answers how many keys were deleted.
 */
export async function shredCaseKeys(db: Db, caseId: number, now = new Date()): Promise<number> {
  const run = async (trx: Transaction<Database>) => {
    const { rows } = await sql<{ id: number }>`
      SELECT DISTINCT data_key_id AS id FROM (
        SELECT data_key_id FROM mediation_case WHERE id = ${caseId}
        UNION ALL SELECT data_key_id FROM registration WHERE case_id = ${caseId}
      ) k WHERE data_key_id IS NOT NULL`.execute(trx);
    caseKeyCache(trx).delete(`case:${caseId}`);
    return eraseDataKeys(
      trx,
      rows.map((r) => Number(r.id)),
      now,
    );
  };
  return db.isTransaction ? run(db as Transaction<Database>) : db.transaction().execute(run);
}

/** What an erased case keeps in plain text of its parties: not their names. */
export const ERASED_NAME = "[gewist]";

/**
 * Deletes these data keys, notes them in the ledger, and removes what of theirs is not sealed:
 * the parties' names (kept plain for the search, ADR 0017) and the blind index of the
 * registrations. Used by shredCaseKeys and by restore for the erasures made after a backup.
 */
export async function eraseDataKeys(trx: Transaction<Database>, ids: number[], now = new Date()): Promise<number> {
  if (ids.length === 0) return 0;
  keyRing().forgetCaseKeys();
  await trx
    .updateTable("case_party")
    .set({ display_name: ERASED_NAME })
    .where("case_id", "in", (eb) => eb.selectFrom("mediation_case").select("id").where("data_key_id", "in", ids))
    .execute();
  await trx
    .updateTable("registration")
    .set({
      match_name: null,
      match_other_name: null,
      match_birth_date: null,
      match_incident_date: null,
      match_place: null,
      match_email: null,
      match_phone: null,
    })
    .where("data_key_id", "in", ids)
    .execute();
  await trx
    .insertInto("data_key_erasure")
    .values(ids.map((id) => ({ data_key_id: id, erased_at: now })))
    .onConflict((oc) => oc.column("data_key_id").doNothing())
    .execute();
  const deleted = await trx.deleteFrom("data_key").where("id", "in", ids).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
