import { dutchDay } from "../retention/retention.rules.ts";
import { runRetention } from "../retention/retention.server.ts";
import type { JobDefinition } from "./job-runner.server.ts";

/**
 * The retention schedule, daily (ADR 0020): erases the case files, registrations, e-mail and
 * sessions whose period has run out, except those on legal hold. One instance at a time through
 * the job's lease; every erasure checks inside its own transaction that the lease is still ours,
 * and a lost lease stops the run before the next file.
 */
export function retentionJob(now: () => Date = () => new Date()): JobDefinition {
  return {
    name: "retention",
    schedule: { dailyAt: "04:00" },
    async run({ db, signal, assertLease, log }) {
      const at = now();
      const run = await runRetention(db, {
        asOf: dutchDay(at),
        now: at,
        apply: true,
        signal,
        inTransaction: assertLease,
      });
      // Counts only: references of erased files are in the tombstones, never in the log.
      log.info({ ...run.erased }, "retention erased what was due");
    },
  };
}
