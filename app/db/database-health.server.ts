import type { Logger } from "../lib/logger.server.ts";
import { currentRequestId } from "../lib/request-scope.server.ts";
import { classifyDatabaseError } from "./database-faults.ts";

/*
 * Keeps track of whether PostgreSQL is there, so that an outage is logged once when it starts and
 * once when it ends, instead of once per failed request. Every connection of the app reports its
 * errors here (see openPostgres' onFault); the first connection fault starts a check that pings
 * with back-off until the database answers again.
 */

export type DatabaseHealthOptions = {
  logger: Logger;
  /** Resolves when the database answers; rejects otherwise. */
  ping: () => Promise<void>;
  /** Waits between checks while the database is away; the last one repeats. */
  retryDelaysMs?: readonly number[];
  /**
   * Connection errors this soon after a recovery belong to the outage that just ended: when every
   * backend is terminated at once, the pooled connections report it over a few milliseconds, and
   * the first check may already have succeeded.
   */
  graceMs?: number;
  /** At most one line per this interval for timeouts and a full pool (they come in bursts). */
  burstLogMs?: number;
  now?: () => number;
};

export type DatabaseHealth = {
  /** False from the first connection fault until a check succeeds. */
  readonly available: boolean;
  /** Notes an error of a database call; errors that are not database faults are ignored. */
  report(error: unknown, source: string): void;
  /** Ends the checks (shutdown). */
  stop(): void;
};

const DEFAULT_DELAYS = [250, 500, 1000, 2000, 5000];

export function createDatabaseHealth(options: DatabaseHealthOptions): DatabaseHealth {
  const log = options.logger.child({ component: "database" });
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  const graceMs = options.graceMs ?? 2000;
  const burstLogMs = options.burstLogMs ?? 10_000;
  const now = options.now ?? Date.now;
  let available = true;
  let stopped = false;
  let outageStartedAt = 0;
  let faultsInOutage = 0;
  let recoveredAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  const lastBurstLog = new Map<string, { at: number; suppressed: number }>();

  function scheduleCheck(attempt: number): void {
    if (stopped) return;
    const delay = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
    timer = setTimeout(() => void check(attempt), delay);
    timer.unref();
  }

  async function check(attempt: number): Promise<void> {
    if (stopped) return;
    try {
      await options.ping();
    } catch {
      scheduleCheck(attempt + 1);
      return;
    }
    available = true;
    recoveredAt = now();
    log.info(
      { downMs: recoveredAt - outageStartedAt, failedCalls: faultsInOutage },
      "database available again; requests are served normally",
    );
  }

  /** Timeouts and a full pool: one line per burst, with how many were left out. */
  function logBurst(kind: "timeout" | "busy", fields: Record<string, unknown>): void {
    const at = now();
    const last = lastBurstLog.get(kind);
    if (last && at - last.at < burstLogMs) {
      last.suppressed++;
      return;
    }
    lastBurstLog.set(kind, { at, suppressed: 0 });
    const message =
      kind === "timeout"
        ? "a database statement ran past its timeout and was stopped; the request got 503"
        : "no database connection became free within the pool wait; the request got 503";
    log.warn({ ...fields, requestId: currentRequestId(), sameSinceLastLine: last?.suppressed ?? 0 }, message);
  }

  return {
    get available() {
      return available;
    },
    report(error, source) {
      const kind = classifyDatabaseError(error);
      if (!kind || stopped) return;
      const code = (error as { code?: unknown })?.code;
      if (kind !== "connection") {
        logBurst(kind, { source, code: typeof code === "string" ? code : undefined });
        return;
      }
      if (!available) {
        faultsInOutage++;
        return;
      }
      if (now() - recoveredAt < graceMs) return;
      available = false;
      outageStartedAt = now();
      faultsInOutage = 1;
      // Connection errors carry no row data: their first line says what happened.
      const reason = String((error as { message?: unknown })?.message ?? error).split("\n")[0];
      log.error(
        { source, code: typeof code === "string" ? code : undefined, reason },
        "database unavailable; requests get 503 until it answers again",
      );
      scheduleCheck(0);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
