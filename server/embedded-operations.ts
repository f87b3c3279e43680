import { createDailyBackup, type DailyBackup } from "../app/db/backup/daily-backup.server.ts";
import type { DatabaseHandle } from "../app/db/database.server.ts";
import type { Config } from "../app/lib/config.server.ts";
import { keyFolderFile, type LoadedKeys } from "../app/lib/keys/key-store.server.ts";
import type { Logger } from "../app/lib/logger.server.ts";
import { startControlSocket } from "./control-socket.ts";

/**
 * What an app on the embedded database runs beside the web server: the daily backup (scheduled
 * by the job runner: `daily`, when BACKUP_KEEP is above 0) and the socket through which
 * `npm run backup` and `npm run keys:rotate` reach it. Stopped before the database closes.
 */
export function startEmbeddedOperations(
  config: Config,
  keys: LoadedKeys,
  handle: DatabaseHandle,
  logger: Logger,
): { daily?: DailyBackup; stop(): Promise<void> } {
  const ownKek = keyFolderFile(config.dataDir, "kek");
  const control = startControlSocket({
    dataDir: config.dataDir,
    handle,
    logger,
    keyFolderFile: keys.where.kek === ownKek ? ownKek : undefined,
  });
  const daily =
    config.backupKeep > 0
      ? createDailyBackup({ handle, dataDir: config.dataDir, keep: config.backupKeep, logger })
      : undefined;
  return {
    daily,
    async stop() {
      await daily?.stop();
      await control.close();
    },
  };
}
