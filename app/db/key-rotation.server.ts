import { type Kysely, sql, type Transaction } from "kysely";
import { unwrapKey, wrapKey, wrappingKekId } from "../lib/keys/envelope.ts";
import { type KeyEntry, newKeyText } from "../lib/keys/key-material.ts";
import { keyRing } from "../lib/keys/key-ring.server.ts";
import { prependKeyToFile } from "../lib/keys/key-store.server.ts";
import { inlineAad, rewrapDataKey } from "./data-keys.server.ts";
import type { Database } from "./schema.ts";

/**
 * `npm run keys:rotate` (ADR 0017): re-wraps every data key under the current key-encryption
 * key, without touching the content they encrypt. A batch at a time, each in a transaction of
 * its own: it may run while the app works, may be interrupted, and continues where it stopped
 * when run again. Rows being changed meanwhile are skipped (SKIP LOCKED) and picked up by the
 * next pass. Runs as the tables' owner (the app role may not change data keys).
 */
export type RotationProgress = { rewrapped: number; remaining: number };

const BATCH = 500;

/** How many data keys are not yet wrapped by the current KEK. */
export async function keysToRewrap(db: Kysely<Database>): Promise<number> {
  const target = keyRing().currentKek.id;
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM data_key WHERE kek_id <> ${target}`.execute(
    db,
  );
  let inline = 0;
  for (const table of ["registration_draft", "outbox_message"] as const) {
    const wrapped = await db.selectFrom(table).select("data_key").execute();
    inline += wrapped.filter((r) => wrappingKekId(r.data_key) !== target).length;
  }
  return (rows[0]?.n ?? 0) + inline;
}

export type RotationOptions = {
  onBatch?: (progress: RotationProgress) => void;
  batchSize?: number;
  /** Run first in each transaction: the embedded app works as its role and becomes owner here. */
  asOwner?: (trx: Transaction<Database>) => Promise<void>;
};

export async function rotateDataKeys(db: Kysely<Database>, options: RotationOptions = {}): Promise<RotationProgress> {
  const target = keyRing().currentKek;
  const batch = options.batchSize ?? BATCH;
  let rewrapped = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      await options.asOwner?.(trx);
      const rows = await trx
        .selectFrom("data_key")
        .select(["id", "wrapped"])
        .where("kek_id", "<>", target.id)
        .orderBy("id")
        .limit(batch)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const row of rows) {
        await trx
          .updateTable("data_key")
          .set({ kek_id: target.id, wrapped: rewrapDataKey(row.id, row.wrapped, target) })
          .where("id", "=", row.id)
          .execute();
      }
      return rows.length;
    });
    rewrapped += done;
    if (done > 0) options.onBatch?.({ rewrapped, remaining: await keysToRewrap(db) });
    if (done < batch) break;
  }
  rewrapped += await rotateInline(db, "registration_draft", target, options);
  rewrapped += await rotateInline(db, "outbox_message", target, options);
  return { rewrapped, remaining: await keysToRewrap(db) };
}

/** Drafts and e-mails carry their key in their own row: re-wrapped the same way, row by row. */
async function rotateInline(
  db: Kysely<Database>,
  table: "registration_draft" | "outbox_message",
  target: KeyEntry,
  options: RotationOptions,
): Promise<number> {
  const rows = await db.selectFrom(table).select(["id", "data_key"]).execute();
  let count = 0;
  for (const row of rows) {
    if (wrappingKekId(row.data_key) === target.id) continue;
    const id = row.id as string | number;
    await db.transaction().execute(async (trx) => {
      await options.asOwner?.(trx);
      // Read again under a row lock: the app may have changed (or deleted) it meanwhile.
      const current = await trx
        .selectFrom(table)
        .select("data_key")
        .where("id", "=", id as never)
        .forUpdate()
        .executeTakeFirst();
      if (!current || wrappingKekId(current.data_key) === target.id) return;
      const key = unwrapKey((kekId) => keyRing().kek(kekId), inlineAad(table, id), current.data_key);
      await trx
        .updateTable(table)
        .set({ data_key: wrapKey(target, inlineAad(table, id), key) })
        .where("id", "=", id as never)
        .execute();
      count++;
    });
  }
  return count;
}

/** The ids of the key-encryption keys some data key still needs (to tell which old keys may go). */
export async function kekIdsInUse(db: Kysely<Database>): Promise<Set<string>> {
  const { rows } = await sql<{ kek_id: string }>`SELECT DISTINCT kek_id FROM data_key`.execute(db);
  const ids = new Set(rows.map((r) => r.kek_id));
  for (const table of ["registration_draft", "outbox_message"] as const) {
    for (const r of await db.selectFrom(table).select("data_key").execute()) ids.add(wrappingKekId(r.data_key));
  }
  return ids;
}

export type RotationOutcome = RotationProgress & {
  kekId: string;
  /** A new KEK was made in DATA_DIR/keys/kek for this rotation (its id). */
  addedKey?: string;
  /** Nothing to do: every key is under the only KEK configured, and no new one can be made here. */
  nothingToDo?: boolean;
};

/**
 * The command as a whole: continues a rotation that was interrupted; otherwise, when the KEK
 * lives in the key folder (DATA_DIR/keys/kek), first puts a new key in front of it (the old one
 * stays after it, for backups made before). A KEK from the environment or a key file is the
 * operator's: they put the new key in front, and this only re-wraps.
 */
export async function rotateKeys(
  db: Kysely<Database>,
  options: RotationOptions & { keyFolderFile?: string } = {},
): Promise<RotationOutcome> {
  if ((await keysToRewrap(db)) === 0) {
    if (!options.keyFolderFile) {
      return { rewrapped: 0, remaining: 0, kekId: keyRing().currentKek.id, nothingToDo: true };
    }
    prependKeyToFile(options.keyFolderFile, newKeyText());
    keyRing().reload();
    const progress = await rotateDataKeys(db, options);
    return { ...progress, kekId: keyRing().currentKek.id, addedKey: keyRing().currentKek.id };
  }
  const progress = await rotateDataKeys(db, options);
  return { ...progress, kekId: keyRing().currentKek.id };
}
