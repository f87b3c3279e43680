import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";

/** The figures' tables: the list of changed registrations is emptied on every read of the figures. */
export const STATISTICS_TABLES = ["statistics_fact_stale", "statistics_fact", "statistics_rollup"] as const;

/**
 * VACUUM (ANALYZE) of the given tables (or every table of the schema) that the current role may
 * maintain: their owner, or on the embedded database the app role through MAINTAIN (migration
 * 0039). Others are left to PostgreSQL's autovacuum and are not named to it, so nothing warns.
 * One table at a time, outside any transaction, so that on the embedded database's single
 * session other work goes on between tables. Returns the tables vacuumed.
 */
export async function vacuumTables(db: Kysely<Database>, tables?: readonly string[]): Promise<string[]> {
  if (db.isTransaction) throw new Error("VACUUM cannot run inside a transaction");
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
      AND ${tables === undefined ? sql`true` : sql`c.relname = ANY (${[...tables]}::text[])`}
      AND (pg_has_role(c.relowner, 'USAGE')
        OR EXISTS (SELECT 1 FROM aclexplode(c.relacl) a
                   WHERE a.grantee = current_user::regrole AND a.privilege_type = 'MAINTAIN'))
    ORDER BY c.relname`.execute(db);
  for (const { name } of rows) await sql`VACUUM (ANALYZE) ${sql.id(name)}`.execute(db);
  return rows.map((r) => r.name);
}
