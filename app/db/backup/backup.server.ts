import { spawn } from "node:child_process";
import { sql } from "kysely";
import type { DatabaseHandle } from "../database.server.ts";
import { type BackupHeader, writeBackupFile } from "./backup-file.server.ts";

/**
 * `npm run backup` and the daily backup (ADR 0018): a consistent, encrypted copy of the
 * configured database, made while the app runs. Embedded: PGlite's own dump of its data folder.
 * PostgreSQL: `pg_dump` in its custom format (the minimum; a production operator adds WAL
 * archiving for point-in-time recovery).
 */
export type BackupResult = { file: string; bytes: number; header: BackupHeader };

export async function schemaVersion(handle: DatabaseHandle): Promise<{ version: number; name: string }> {
  const { rows } = await sql<{ version: number; name: string }>`
    SELECT version, name FROM schema_migration ORDER BY version DESC LIMIT 1`.execute(handle.db);
  const last = rows[0];
  if (!last) throw new Error("the database has no migrations yet: there is nothing to back up");
  return last;
}

function migrationName(v: { version: number; name: string }) {
  return `${String(v.version).padStart(4, "0")}_${v.name}`;
}

/** The embedded database, from the open handle (the running app's, or a tool's). */
export async function backupPglite(handle: DatabaseHandle, file: string): Promise<BackupResult> {
  if (!handle.snapshot) throw new Error("backupPglite needs the embedded database");
  const version = await schemaVersion(handle);
  const dump = await handle.snapshot();
  const { bytes, header } = await writeBackupFile(
    file,
    { backend: "pglite", schemaVersion: version.version, migration: migrationName(version) },
    dump.stream(),
  );
  return { file, bytes, header };
}

/** Connection settings for pg_dump / pg_restore / psql, the password in the environment (not in `ps`). */
export function pgToolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** A PostgreSQL database through pg_dump, streamed into the encrypted file. */
export async function backupPostgres(handle: DatabaseHandle, url: string, file: string): Promise<BackupResult> {
  const version = await schemaVersion(handle);
  const { dbname, env } = pgToolConnection(url);
  const child = spawn("pg_dump", ["--format=custom", "--compress=6", `--dbname=${dbname}`], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", (error) =>
      reject(
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? new Error("pg_dump was not found: install the PostgreSQL client tools (postgresql-client)")
          : error,
      ),
    );
    child.on("close", resolve);
  });
  // A pg_dump that fails must not leave a file that looks like a backup: the stream ends with
  // an error, and writeBackupFile then removes what it wrote.
  async function* dumped(): AsyncGenerator<Uint8Array> {
    for await (const chunk of child.stdout) yield chunk as Buffer;
    const code = await exited;
    if (code !== 0) throw new Error(`pg_dump failed (exit ${code}): ${stderr.trim().split("\n")[0] ?? ""}`);
  }
  const { bytes, header } = await writeBackupFile(
    file,
    { backend: "postgres", schemaVersion: version.version, migration: migrationName(version) },
    dumped(),
  );
  return { file, bytes, header };
}
