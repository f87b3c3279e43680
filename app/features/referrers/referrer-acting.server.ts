import type { Kysely, Transaction } from "kysely";
import { inTransaction } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Row-level security for referrers (the referrers migration). A signed-in referrer reaches their own
 * account and organisation, and their referrals only through referrer_referrals().
 */
export function withReferrer<T>(db: Db, referrerId: number, fn: (trx: Transaction<Database>) => Promise<T>) {
  return inTransaction(db, { "herstel.referrer_id": String(referrerId) }, fn);
}

/** Signing up and signing in, before anyone is known: account lookups by e-mail address. */
export function withReferrerAuth<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>) {
  return inTransaction(db, { "herstel.system": "referrer-auth" }, fn);
}
