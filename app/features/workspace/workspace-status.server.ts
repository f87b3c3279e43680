import fs from "node:fs";
import { listBackups } from "../../db/backup/daily-backup.server.ts";

/**
 * The daily backups of the embedded database (DATA_DIR/backups, ADR 0018) as the administrator's
 * home shows them: when the newest was made (the file's modification time) and how many are kept.
 */
export function backupStatus(dataDir: string, keep: number): { keep: number; count: number; last: string | null } {
  const files = listBackups(dataDir);
  const newest = files[0];
  return {
    keep,
    count: files.length,
    last: newest ? fs.statSync(newest).mtime.toISOString() : null,
  };
}
