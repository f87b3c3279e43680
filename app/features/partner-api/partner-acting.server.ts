import type { Kysely, Transaction } from "kysely";
import { inTransaction } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** Before a call is authenticated: looking up its key by prefix (the partner API migration). */
export function withKeyLookup<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>) {
  return inTransaction(db, { "herstel.system": "partner-api" }, fn);
}

/** An authenticated call acts for one organisation and reaches only that one's records. */
export function withPartner<T>(db: Db, organisationId: number, fn: (trx: Transaction<Database>) => Promise<T>) {
  return inTransaction(db, { "herstel.partner_organisation": String(organisationId) }, fn);
}
