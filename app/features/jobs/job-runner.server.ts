import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Kysely, Transaction } from "kysely";
import { classifyDatabaseError } from "../../db/database-faults.ts";
import type { Database } from "../../db/schema.ts";
import type { DatabaseProvider } from "../../lib/app-context.ts";
import type { Logger } from "../../lib/logger.server.ts";
import { databaseRetryDelayMs, isDailyRunDue, type JobSchedule } from "./job.rules.ts";
import {
  acquireLease,
  assertLeaseHeld,
  type Lease,
  LeaseLostError,
  readJobHistory,
  releaseLease,
  renewLease,
} from "./job-lease.server.ts";

/*
 * Runs named background jobs (the outbox, daily jobs such as housekeeping, later retention and
 * backups) in at most one app instance at a time, through a lease row per job (ADR 0015).
 *
 * While a job runs, its lease is renewed every third of its length. When a renewal finds the
 * lease taken over, or cannot reach the database, the job's signal is aborted: the job stops
 * starting new work and ends. A job whose run fails because the database is away is tried again
 * with back-off (1, 2, 4, 8, then every 10 seconds), and the runner says so once per outage.
 */

export type JobContext = {
  /** The request pool (short statement timeout). */
  db: Kysely<Database>;
  /** The report pool (long statement timeout), for long reads and writes. */
  reportDb: Kysely<Database>;
  /** Aborted when the lease is lost or the runner stops: start no new work, end soon. */
  signal: AbortSignal;
  lease: Lease;
  /** Inside the job's own transaction: throws LeaseLostError unless the lease is still ours. */
  assertLease(trx: Transaction<Database>): Promise<void>;
  log: Logger;
};

export type JobDefinition = {
  /** Lower case and hyphens, e.g. "outbox", "housekeeping". */
  name: string;
  schedule: JobSchedule;
  /** How long the lease lasts without renewal (default 60 s); it is renewed every third of it. */
  leaseMs?: number;
  run(context: JobContext): Promise<void>;
};

export type JobTickResult =
  | "ran"
  | "failed"
  | "lease-lost"
  | "not-due"
  | "held-elsewhere"
  | "busy"
  | "no-database"
  | "database-unavailable"
  | "stopped";

export type JobRunnerOptions = {
  database: DatabaseProvider;
  logger: Logger;
  /** How often daily jobs are checked (JOBS_POLL_MS). */
  dailyPollMs: number;
  /** Names this instance in lease rows; unique per process by default. */
  holder?: string;
  now?: () => Date;
  /** Told the outcome of every check of a job and how long it took (for /metrics). */
  onResult?: (job: string, result: JobTickResult, seconds: number) => void;
};

export type JobRunner = {
  register(job: JobDefinition): void;
  /** Checks every job now and then on its schedule; timers do not keep the process alive. */
  start(): void;
  /** One check of one job, now (tests; also what the schedule calls). */
  runNow(name: string): Promise<JobTickResult>;
  /** Stops scheduling, aborts running jobs' signals and waits for them to end. */
  stop(): Promise<void>;
};

const DEFAULT_LEASE_MS = 60_000;

type JobState = {
  job: JobDefinition;
  running?: Promise<JobTickResult>;
  /** Failed tries in a row because the database was away. */
  databaseFaults: number;
  timer?: NodeJS.Timeout;
};

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { database } = options;
  const holder = options.holder ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ component: "jobs" });
  const jobs = new Map<string, JobState>();
  const stopping = new AbortController();
  let started = false;

  function databaseFault(state: JobState, error: unknown): JobTickResult {
    state.databaseFaults++;
    if (state.databaseFaults === 1) {
      log.warn(
        { job: state.job.name, code: errorCode(error) },
        "job cannot reach the database; trying again with back-off",
      );
    }
    return "database-unavailable";
  }

  function databaseOk(state: JobState): void {
    if (state.databaseFaults > 0) {
      log.info({ job: state.job.name, failedTries: state.databaseFaults }, "job reaches the database again");
    }
    state.databaseFaults = 0;
  }

  async function runLeased(state: JobState, db: Kysely<Database>, reportDb: Kysely<Database>, lease: Lease) {
    const { job } = state;
    const leaseMs = job.leaseMs ?? DEFAULT_LEASE_MS;
    const controller = new AbortController();
    let lost: string | undefined;
    const lose = (why: string) => {
      if (lost) return;
      lost = why;
      log.warn({ job: job.name, why }, "job lost its lease; stopping it");
      controller.abort(new LeaseLostError(job.name, why));
    };
    const onStop = () => controller.abort(new Error("job runner stopping"));
    stopping.signal.addEventListener("abort", onStop);
    const heartbeat = setInterval(() => {
      renewLease(db, lease, leaseMs).then(
        (ours) => ours || lose("taken over by another instance"),
        (error: unknown) => lose(classifyDatabaseError(error) ? "database unavailable" : "renewal failed"),
      );
    }, leaseMs / 3);
    heartbeat.unref();
    let failure: unknown;
    try {
      await job.run({
        db,
        reportDb,
        signal: controller.signal,
        lease,
        assertLease: (trx) => assertLeaseHeld(trx, lease),
        log: log.child({ job: job.name }),
      });
    } catch (error) {
      failure = error;
    } finally {
      clearInterval(heartbeat);
      stopping.signal.removeEventListener("abort", onStop);
    }
    return { failure, lost };
  }

  async function attempt(state: JobState): Promise<JobTickResult> {
    const { job } = state;
    const handle = database.current();
    if (!handle) return "no-database";
    const { db } = handle;
    const reportDb = database.reports().db;
    const daily = "dailyAt" in job.schedule ? job.schedule.dailyAt : undefined;
    try {
      if (daily && !isDailyRunDue(await readJobHistory(db, job.name), daily, now())) {
        databaseOk(state);
        return "not-due";
      }
      const taken = await acquireLease(db, job.name, holder, job.leaseMs ?? DEFAULT_LEASE_MS);
      databaseOk(state);
      if (!taken) return "held-elsewhere";
      const { lease } = taken;
      // Another instance may have finished today's run between our check and our lease.
      if (daily && !isDailyRunDue(taken.history, daily, now())) {
        await releaseLease(db, lease, "not-run");
        return "not-due";
      }
      const { failure, lost } = await runLeased(state, db, reportDb, lease);
      if (lost) {
        // Still ours if the database only went away: give it up, or let it run out.
        await releaseLease(db, lease, { ok: false, error: "LeaseLost" }).catch(() => {});
        return "lease-lost";
      }
      if (failure !== undefined) {
        if (classifyDatabaseError(failure)) {
          await releaseLease(db, lease, { ok: false, error: errorCode(failure) ?? "DatabaseFault" }).catch(() => {});
          return databaseFault(state, failure);
        }
        log.error(
          { job: job.name, errorName: errorName(failure), code: errorCode(failure) },
          "job failed; it will be tried again later",
        );
        await releaseLease(db, lease, {
          ok: false,
          error: [errorName(failure), errorCode(failure)].filter(Boolean).join(" "),
        });
        return "failed";
      }
      await releaseLease(db, lease, { ok: true });
      if (daily) log.info({ job: job.name }, "job finished");
      return "ran";
    } catch (error) {
      if (classifyDatabaseError(error)) return databaseFault(state, error);
      log.error(
        { job: job.name, errorName: errorName(error), code: errorCode(error) },
        "job runner could not check a job",
      );
      return "failed";
    }
  }

  async function runNow(name: string): Promise<JobTickResult> {
    const state = jobs.get(name);
    if (!state) throw new Error(`no job named ${name}`);
    if (stopping.signal.aborted) return "stopped";
    if (state.running) return "busy";
    const run = attempt(state);
    state.running = run;
    const started = performance.now();
    try {
      const result = await run;
      options.onResult?.(name, result, (performance.now() - started) / 1000);
      return result;
    } finally {
      state.running = undefined;
    }
  }

  function schedule(state: JobState): void {
    if (stopping.signal.aborted) return;
    const interval = "everyMs" in state.job.schedule ? state.job.schedule.everyMs : options.dailyPollMs;
    const delay = state.databaseFaults > 0 ? databaseRetryDelayMs(state.databaseFaults) : interval;
    state.timer = setTimeout(() => {
      void runNow(state.job.name).finally(() => schedule(state));
    }, delay);
    state.timer.unref();
  }

  return {
    register(job) {
      if (!/^[a-z][a-z0-9-]{0,62}$/.test(job.name)) throw new Error(`invalid job name ${job.name}`);
      if (jobs.has(job.name)) throw new Error(`job ${job.name} registered twice`);
      const state: JobState = { job, databaseFaults: 0 };
      jobs.set(job.name, state);
      if (started) void runNow(job.name).finally(() => schedule(state));
    },
    start() {
      if (started) return;
      started = true;
      for (const state of jobs.values()) void runNow(state.job.name).finally(() => schedule(state));
    },
    runNow,
    async stop() {
      stopping.abort();
      for (const state of jobs.values()) clearTimeout(state.timer);
      await Promise.allSettled([...jobs.values()].map((s) => s.running));
    },
  };
}

function errorName(error: unknown): string | undefined {
  const name = (error as { name?: unknown })?.name;
  return typeof name === "string" ? name.slice(0, 60) : undefined;
}

/** Codes only: database error messages can quote row values. */
function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" && /^[A-Z0-9_]{1,40}$/.test(code) ? code : undefined;
}
