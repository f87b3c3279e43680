import type { DailyBackup } from "../../db/backup/daily-backup.server.ts";
import type { JobDefinition } from "./job-runner.server.ts";

export type BackupJobOptions = {
  /** How often to look whether a backup is due (the backup itself is made once a day). */
  checkEveryMs?: number;
  /** No backup this soon after start-up, so that a start stays quick. */
  firstCheckMs?: number;
  now?: () => Date;
};

/**
 * The daily backup of the embedded database (ADR 0018) on the job runner: one instance at a
 * time through the job's lease, like the other background jobs. The backup itself decides
 * whether the newest file is a day old.
 */
export function backupJob(backup: DailyBackup, options: BackupJobOptions = {}): JobDefinition {
  const now = options.now ?? (() => new Date());
  const notBefore = now().getTime() + (options.firstCheckMs ?? 10 * 60 * 1000);
  return {
    name: "backup",
    schedule: { everyMs: options.checkEveryMs ?? 60 * 60 * 1000 },
    // A backup of a large data folder takes a while; the lease is renewed every third of this.
    leaseMs: 5 * 60 * 1000,
    async run({ log }) {
      if (now().getTime() < notBefore) return;
      const file = await backup.runOnce();
      if (file) log.info({ made: true }, "backup job made today's backup");
    },
  };
}
