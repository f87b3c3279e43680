import { type Kysely, sql, type Transaction } from "kysely";
import pg from "pg";
import type { Database } from "./schema.ts";

/**
 * The database decides again who may see which rows (row-level security, migration 0007). These
 * helpers set, for one transaction only (`set_config(…, true)`), on whose behalf the application
 * acts. Outside such a transaction the application role sees no registration at all.
 */
export const APP_ROLE = "herstel_app";

type Db = Kysely<Database> | Transaction<Database>;

export async function inTransaction<T>(
  db: Db,
  settings: Record<string, string>,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  // All settings in one statement: one round trip to the database, however many there are. As
  // literals, not parameters: a statement without parameters goes out in one message with the
  // transaction's `begin` (openPostgres, ADR 0031), one round trip fewer per transaction. pg's
  // escapeLiteral quotes whatever the server's standard_conforming_strings.
  const calls = sql.join(
    Object.entries(settings).map(
      ([name, value]) => sql`set_config(${sql.raw(pg.escapeLiteral(name))}, ${sql.raw(pg.escapeLiteral(value))}, true)`,
    ),
  );
  const apply = async (trx: Transaction<Database>) => {
    if (Object.keys(settings).length > 0) await sql`SELECT ${calls}`.execute(trx);
    return fn(trx);
  };
  if (db.isTransaction) return apply(db as Transaction<Database>);
  return db.transaction().execute(apply);
}

/** Runs fn as the signed-in staff member with these roles. */
export function withStaffActor<T>(
  db: Db,
  actor: { userId: number; roles: readonly string[]; regionIds?: readonly number[] },
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return inTransaction(
    db,
    {
      "herstel.actor_id": String(actor.userId),
      "herstel.actor_roles": actor.roles.join(","),
      "herstel.actor_regions": (actor.regionIds ?? []).join(","),
    },
    fn,
  );
}

/** Runs fn for the person answering one outcome questionnaire: it reaches only that invitation (migration 0030). */
export function withOutcomeInvitation<T>(
  db: Db,
  invitationId: number,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return inTransaction(db, { "herstel.outcome_invitation": String(invitationId) }, fn);
}

/** Runs fn for one public form instance: it can reach only the registration made from it. */
export function withFormInstance<T>(
  db: Db,
  formInstance: string,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return inTransaction(db, { "herstel.form_instance": formInstance }, fn);
}

/**
 * Runs fn as one of the app's own background tasks (migration 0023: the outbox worker,
 * housekeeping; migration 0030: retention, the only task that may erase).
 */
export function withSystemTask<T>(
  db: Db,
  task: "outbox" | "housekeeping" | "retention" | "outcomes",
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return inTransaction(db, { "herstel.system": task }, fn);
}
