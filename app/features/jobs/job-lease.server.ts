import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { JobHistory } from "./job.rules.ts";

/*
 * The lease row of a job (job_lease, ADR 0015). All times are the database's clock (now()), so
 * app servers with different clocks agree. Each new holder gets a higher token: a holder checks
 * the token on every renewal (and may check it inside its own transactions), so it finds out
 * when another instance took the job over after its lease ran out.
 */

type Db = Kysely<Database> | Transaction<Database>;

export type Lease = { name: string; holder: string; token: number };

/** The job's lease is no longer ours: another instance took it over, or it could not be renewed. */
export class LeaseLostError extends Error {
  constructor(name: string, why: string) {
    super(`lease of job ${name} lost: ${why}`);
    this.name = "LeaseLostError";
  }
}

type HistoryRow = {
  last_succeeded_at: Date | null;
  last_finished_at: Date | null;
  failures: number;
};

const history = (row: HistoryRow | undefined): JobHistory => ({
  lastSucceededAt: row?.last_succeeded_at ?? null,
  lastFinishedAt: row?.last_finished_at ?? null,
  failures: row?.failures ?? 0,
});

/** What earlier runs left (no lease taken). */
export async function readJobHistory(db: Db, name: string): Promise<JobHistory> {
  const row = await db
    .selectFrom("job_lease")
    .select(["last_succeeded_at", "last_finished_at", "failures"])
    .where("name", "=", name)
    .executeTakeFirst();
  return history(row);
}

/**
 * Takes the job's lease for `leaseMs` when nobody holds it, its holder's lease ran out, or the
 * holder is us (a run of ours that ended without releasing). Returns nothing when another
 * instance holds it.
 */
export async function acquireLease(
  db: Db,
  name: string,
  holder: string,
  leaseMs: number,
): Promise<{ lease: Lease; history: JobHistory } | undefined> {
  const result = await sql<HistoryRow & { token: number }>`
    INSERT INTO job_lease (name, holder, token, lease_until, last_started_at)
    VALUES (${name}, ${holder}, 1, now() + ${leaseMs}::integer * interval '1 millisecond', now())
    ON CONFLICT (name) DO UPDATE
      SET holder = excluded.holder,
          token = job_lease.token + 1,
          lease_until = excluded.lease_until,
          last_started_at = excluded.last_started_at
      WHERE job_lease.lease_until IS NULL
         OR job_lease.lease_until < now()
         OR job_lease.holder = excluded.holder
    RETURNING token, last_succeeded_at, last_finished_at, failures`.execute(db);
  const row = result.rows[0];
  return row ? { lease: { name, holder, token: row.token }, history: history(row) } : undefined;
}

/** Extends our lease; false when it is no longer ours (the token moved on). */
export async function renewLease(db: Db, lease: Lease, leaseMs: number): Promise<boolean> {
  const result = await sql`
    UPDATE job_lease SET lease_until = now() + ${leaseMs}::integer * interval '1 millisecond'
    WHERE name = ${lease.name} AND holder = ${lease.holder} AND token = ${lease.token}`.execute(db);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/**
 * Gives the lease up. `ok` or `error` (a name or code, never a message) records how the run ended;
 * "not-run" records nothing (the job turned out not to be due).
 */
export async function releaseLease(
  db: Db,
  lease: Lease,
  outcome: { ok: true } | { ok: false; error: string } | "not-run",
): Promise<void> {
  const where = sql`name = ${lease.name} AND holder = ${lease.holder} AND token = ${lease.token}`;
  if (outcome === "not-run") {
    await sql`UPDATE job_lease SET holder = NULL, lease_until = NULL WHERE ${where}`.execute(db);
    return;
  }
  await sql`
    UPDATE job_lease
    SET holder = NULL,
        lease_until = NULL,
        last_finished_at = now(),
        last_succeeded_at = CASE WHEN ${outcome.ok}::boolean THEN now() ELSE last_succeeded_at END,
        last_error = ${outcome.ok ? null : outcome.error.slice(0, 200)},
        failures = CASE WHEN ${outcome.ok}::boolean THEN 0 ELSE failures + 1 END
    WHERE ${where}`.execute(db);
}

/**
 * Fencing: inside a job's own transaction, makes sure the lease is still ours and holds it until
 * the transaction ends (FOR SHARE: nobody can take it over meanwhile). Throws LeaseLostError.
 */
export async function assertLeaseHeld(trx: Transaction<Database>, lease: Lease): Promise<void> {
  const row = await sql<{ ok: boolean }>`
    SELECT lease_until > now() AS ok FROM job_lease
    WHERE name = ${lease.name} AND holder = ${lease.holder} AND token = ${lease.token}
    FOR SHARE`.execute(trx);
  if (!row.rows[0]?.ok) throw new LeaseLostError(lease.name, "taken over or expired");
}
