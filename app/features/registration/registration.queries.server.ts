import { type Kysely, sql, type Transaction } from "kysely";
import { withFormInstance } from "../../db/acting.server.ts";
import { inlineBox } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import type { SealBox } from "../../db/sealed.server.ts";
import type { RegistrationPath } from "./registration.fields.ts";
import type { Answers, Lists } from "./registration.schema.ts";

type Db = Kysely<Database>;

/**
 * The lists change only through migrations (the app's database role may only read them), so each
 * database connection keeps them in memory for a minute instead of asking on every form step.
 */
const LISTS_TTL_MS = 60_000;
const listsCache = new WeakMap<Db, { at: number; lists: Promise<Lists> }>();

/** The configurable lists the form offers, active items in their order. */
export function loadLists(db: Db): Promise<Lists> {
  const cached = listsCache.get(db);
  if (cached && Date.now() - cached.at < LISTS_TTL_MS) return cached.lists;
  const lists = readLists(db);
  listsCache.set(db, { at: Date.now(), lists });
  // A failed read is not kept: the next request asks again.
  lists.catch(() => {
    if (listsCache.get(db)?.lists === lists) listsCache.delete(db);
  });
  return lists;
}

async function readLists(db: Db): Promise<Lists> {
  const rows = await db
    .selectFrom("list_item")
    .select(["list", "code", "label_nl", "label_en"])
    .where("active", "=", true)
    .where("list", "in", ["offence_category", "case_phase", "referrer_type"])
    .orderBy("list")
    .orderBy("position")
    .execute();
  const lists: Lists = { offence_category: [], case_phase: [], referrer_type: [] };
  for (const row of rows) lists[row.list as keyof Lists].push(row);
  return lists;
}

export type Draft = { id: string; path: RegistrationPath; answers: Answers };

/** A form in progress, unless it has expired. */
export async function findDraft(db: Db, id: string | undefined, now: Date): Promise<Draft | undefined> {
  if (!id || !isUuid(id)) return undefined;
  // Row-level security (migration 0023): a draft is reached only from its own form instance. The
  // function sets the form instance and reads in one statement: one round trip (migration 0041).
  const { rows } = await sql<{
    id: string;
    path: Draft["path"];
    answers: Uint8Array;
    data_key: Uint8Array;
  }>`SELECT id, path, answers, data_key FROM registration_draft_for_form(${id}, ${now})`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const answers = draftBox(row.id, row.data_key).openJson<Answers>("registration_draft.answers", row.id, row.answers);
  return { id: row.id, path: row.path, answers };
}

/** The key of a draft, kept wrapped in its own row. */
export function draftBox(id: string, wrapped: Uint8Array): SealBox {
  return inlineBox("registration_draft", id, wrapped);
}

/** The registration made from one form instance (for the confirmation page and double submits). */
export async function findSubmitted(db: Db | Transaction<Database>, idempotencyKey: string | undefined) {
  if (!idempotencyKey || !isUuid(idempotencyKey)) return undefined;
  return withFormInstance(db, idempotencyKey, (trx) =>
    trx
      .selectFrom("registration")
      .select(["reference", "received_at", "submitted_by"])
      .where("idempotency_key", "=", idempotencyKey)
      .executeTakeFirst(),
  );
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}
