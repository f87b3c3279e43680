/**
 * `npm run backup -- FILE`: a consistent, encrypted backup of the configured database, also
 * while the app runs (ADR 0015). Exit 0 when written, 1 when it failed, 2 on wrong use.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { backupPglite, backupPostgres } from "../app/db/backup/backup.server.ts";
import { DataDirLockedError } from "../app/db/data-dir-lock.server.ts";
import { openPglite, openPostgres } from "../app/db/database.server.ts";
import { askRunningApp } from "../server/control-socket.ts";
import { fail, loadConfigOrExit } from "../server/start.ts";

const { positionals } = parseArgs({ allowPositionals: true, strict: true });
if (positionals.length !== 1) {
  process.stderr.write("usage: npm run backup -- FILE\n");
  process.exit(2);
}
const file = path.resolve(positionals[0] as string);
if (fs.existsSync(file)) fail(`${file} already exists; choose another file name (a backup never overwrites one).`);

const config = loadConfigOrExit();
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
try {
  if (config.databaseUrl) {
    const handle = openPostgres(config.databaseUrl, 1);
    try {
      const { bytes, header } = await backupPostgres(handle, config.databaseUrl, file);
      process.stdout.write(`Backup written: ${file} (${mb(bytes)}, PostgreSQL, schema ${header.migration})\n`);
    } finally {
      await handle.close();
    }
  } else {
    let handle: Awaited<ReturnType<typeof openPglite>> | undefined;
    try {
      handle = await openPglite(config.dataDir);
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error;
    }
    if (handle) {
      try {
        const { bytes, header } = await backupPglite(handle, file);
        process.stdout.write(`Backup written: ${file} (${mb(bytes)}, embedded database, schema ${header.migration})\n`);
      } finally {
        await handle.close();
      }
    } else {
      // The app runs on this folder (one process per folder): it makes the backup itself.
      const result = await askRunningApp(config.dataDir, { command: "backup", file });
      process.stdout.write(
        `Backup written by the running Herstel: ${file} (${mb(Number(result.bytes))}, embedded database, schema ${result.migration})\n`,
      );
    }
  }
} catch (error) {
  fs.rmSync(`${file}.partial`, { force: true });
  fail(`The backup failed: ${(error as Error).message}`);
}
