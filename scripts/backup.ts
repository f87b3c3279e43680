/**
 * `npm run backup -- FILE`: a consistent, encrypted backup of the configured database, also
 * while the app runs (ADR 0018). Exit 0 when written, 1 when it failed, 2 on wrong use.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { backupPglite, backupPostgres } from "../app/db/backup/backup.server.ts";
import { askRunningApp } from "../server/control-socket.ts";
import { fail, loadConfigOrExit } from "../server/start.ts";
import { onOperatorDatabase } from "./operator-database.ts";

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
  const line = await onOperatorDatabase(
    config,
    async (handle) => {
      const ownerUrl = config.migrationDatabaseUrl ?? config.databaseUrl;
      const { bytes, header } = ownerUrl
        ? await backupPostgres(handle, ownerUrl, file)
        : await backupPglite(handle, file);
      const kind = config.databaseUrl ? "PostgreSQL" : "embedded database";
      return `Backup written: ${file} (${mb(bytes)}, ${kind}, schema ${header.migration})`;
    },
    // The app runs on this folder (one process per folder): it makes the backup itself.
    async () => {
      const result = await askRunningApp(config.dataDir, { command: "backup", file });
      return `Backup written by the running Herstel: ${file} (${mb(Number(result.bytes))}, embedded database, schema ${result.migration})`;
    },
  );
  process.stdout.write(`${line}\n`);
} catch (error) {
  fs.rmSync(`${file}.partial`, { force: true });
  fail(`The backup failed: ${(error as Error).message}`);
}
