import fs from "node:fs";
import path from "node:path";
import type { Logger } from "../../lib/logger.server.ts";
import type { DatabaseHandle } from "../database.server.ts";
import { backupPglite } from "./backup.server.ts";

/**
 * The daily backup of the embedded database into DATA_DIR/backups, keeping the last BACKUP_KEEP
 * (ADR 0018). Scheduled by the job runner (app/features/jobs/backup.job.server.ts, one instance
 * at a time through its lease): every hour it looks whether the newest backup is a day old, the
 * first time ten minutes after start-up (not at once: a start stays quick). Backups are files of
 * this process's data folder; copy them elsewhere, and keep the keys (DATA_DIR/keys) apart from
 * them. Erased files stay in a backup until it is removed (after BACKUP_KEEP days), but their
 * data keys are gone, so that copy can no longer be read (ADR 0020).
 */
export type DailyBackup = {
  /** Waits for a backup in progress, then stops. */
  stop(): Promise<void>;
  /** One check: makes a backup when the newest is a day old or there is none. Answers its path. */
  runOnce(): Promise<string | undefined>;
};

export type DailyBackupOptions = {
  handle: DatabaseHandle;
  dataDir: string;
  keep: number;
  logger: Logger;
  now?: () => Date;
};

const NAME = /^herstel-(\d{8})-(\d{6})\.backup$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export function backupFolder(dataDir: string): string {
  return path.join(dataDir, "backups");
}

/** The backups in the folder, newest first. */
export function listBackups(dataDir: string): string[] {
  const folder = backupFolder(dataDir);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => NAME.test(name))
    .sort()
    .reverse()
    .map((name) => path.join(folder, name));
}

/** When a backup was made, from its name (UTC): moving or copying the file keeps it. */
function madeAt(file: string): Date {
  const [, day, time] = NAME.exec(path.basename(file)) ?? [];
  if (!day || !time) return new Date(0);
  return new Date(
    `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4)}Z`,
  );
}

function fileName(at: Date): string {
  const iso = at.toISOString();
  return `herstel-${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19).replaceAll(":", "")}.backup`;
}

export function createDailyBackup(options: DailyBackupOptions): DailyBackup {
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ component: "daily-backup" });
  let running: Promise<string | undefined> | undefined;

  async function run(): Promise<string | undefined> {
    const newest = listBackups(options.dataDir)[0];
    if (newest && now().getTime() - madeAt(newest).getTime() < DAY_MS) return undefined;
    const folder = backupFolder(options.dataDir);
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    const file = path.join(folder, fileName(now()));
    const result = await backupPglite(options.handle, file);
    for (const old of listBackups(options.dataDir).slice(options.keep)) fs.rmSync(old, { force: true });
    log.info({ file: path.basename(file), bytes: result.bytes, kept: options.keep }, "daily backup written");
    return file;
  }

  function runOnce(): Promise<string | undefined> {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    async stop() {
      await running?.catch(() => {});
    },
    runOnce,
  };
}
