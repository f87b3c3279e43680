import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type Kysely, sql } from "kysely";
import { MissingKekError } from "../../lib/keys/envelope.ts";
import { keyRing } from "../../lib/keys/key-ring.server.ts";
import { acquireDataDirLock, DataDirLockedError } from "../data-dir-lock.server.ts";
import { eraseDataKeys } from "../data-keys.server.ts";
import { type DatabaseHandle, fromPglite, openPostgres, PGLITE_EXTENSIONS } from "../database.server.ts";
import { migrate } from "../migrate.server.ts";
import type { Database } from "../schema.ts";
import { typeParsers } from "../type-parsers.ts";
import { pgToolConnection } from "./backup.server.ts";
import {
  appSecretFingerprint,
  BackupDamagedError,
  type BackupHeader,
  readBackupFile,
  readBackupHeader,
  verifyBackupFile,
} from "./backup-file.server.ts";

/**
 * `npm run restore -- FILE [--force]` (ADR 0018). The whole file is checked before anything is
 * touched: a damaged file, a backup of the other backend, or one made with a key-encryption key
 * that is not configured is refused with a clear message and changes nothing. A restore goes
 * into an empty database or data folder; replacing one that holds data needs --force. The
 * restored database is migrated forward to this version of Herstel, and every data key erased
 * since the backup (the target's erasure ledger) is deleted again, so an erased case stays erased.
 */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreRefused";
  }
}

export type RestoreResult = {
  header: BackupHeader;
  migrations: number;
  erasures: number;
  /** Keys of the backup that differ from the configured ones (sign-in or audit checks will fail). */
  warnings: string[];
};

type Ledger = { ids: number[]; lastKeyId: number };

async function checkFile(
  file: string,
  backend: BackupHeader["backend"],
): Promise<{ header: BackupHeader; warnings: string[] }> {
  let header: BackupHeader;
  try {
    header = readBackupHeader(file);
    if (header.backend !== backend) {
      throw new RestoreRefused(
        header.backend === "pglite"
          ? `${file} is a backup of the embedded database; restore it without DATABASE_URL (into DATA_DIR). Nothing was changed.`
          : `${file} is a backup of a PostgreSQL database; restore it with DATABASE_URL set. Nothing was changed.`,
      );
    }
    await verifyBackupFile(file);
  } catch (error) {
    if (error instanceof BackupDamagedError) throw new RestoreRefused(error.message);
    if (error instanceof MissingKekError) {
      throw new RestoreRefused(
        `${file} was made with key-encryption key ${error.kekId}, which is not configured. Set KEK (or KEK_FILE), ` +
          "or copy the keys folder (DATA_DIR/keys) of the installation that made it. Nothing was changed.",
      );
    }
    throw error;
  }
  const ring = keyRing();
  const warnings: string[] = [];
  if (header.keys.appSecret !== appSecretFingerprint(ring.appSecret)) {
    warnings.push(
      "the backup was made with another APP_SECRET: authenticator codes and duplicate detection will not work",
    );
  }
  if (!ring.auditKey(header.keys.audit)) {
    warnings.push(`the backup's audit records are signed with audit key ${header.keys.audit}, which is not configured`);
  }
  return { header, warnings };
}

/** The erasure ledger of the database about to be replaced, and how far its data key ids went. */
async function readLedger(db: Kysely<Database>): Promise<Ledger> {
  const exists = await sql<{ ok: boolean }>`SELECT to_regclass('data_key_erasure') IS NOT NULL AS ok`.execute(db);
  if (!exists.rows[0]?.ok) return { ids: [], lastKeyId: 0 };
  const rows = await db.selectFrom("data_key_erasure").select("data_key_id").execute();
  const last = await sql<{ n: number }>`SELECT coalesce(max(id), 0)::int8 AS n FROM data_key`.execute(db);
  const ids = rows.map((r) => Number(r.data_key_id));
  return { ids, lastKeyId: Math.max(Number(last.rows[0]?.n ?? 0), ...ids, 0) };
}

/**
 * Deletes again the data keys erased after the backup was made, and keeps data key ids from
 * ever being given out twice (an id in the ledger must never name a new key).
 */
async function applyLedger(db: Kysely<Database>, ledger: Ledger): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const erased = await eraseDataKeys(trx, ledger.ids);
    await sql`SELECT setval(pg_get_serial_sequence('data_key', 'id'),
      GREATEST(${ledger.lastKeyId}::int8, (SELECT coalesce(max(id), 0) FROM data_key), 1))`.execute(trx);
    return erased;
  });
}

async function finish(handle: DatabaseHandle, ledger: Ledger) {
  const migrated = await migrate(handle);
  const erasures = await applyLedger(handle.db, ledger);
  return { migrations: migrated.applied.length, erasures };
}

export async function restorePglite(dataDir: string, file: string, force: boolean): Promise<RestoreResult> {
  const { header, warnings } = await checkFile(file, "pglite");
  fs.mkdirSync(dataDir, { recursive: true });
  let lock: ReturnType<typeof acquireDataDirLock>;
  try {
    lock = acquireDataDirLock(dataDir);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      throw new RestoreRefused(
        `${error.message} A restore replaces the data folder: stop Herstel first. Nothing was changed.`,
      );
    }
    throw error;
  }
  const target = path.join(dataDir, "pgdata");
  const restoring = path.join(dataDir, "pgdata.restoring");
  try {
    const exists = fs.existsSync(target) && fs.readdirSync(target).length > 0;
    if (exists && !force) {
      throw new RestoreRefused(
        `The data folder ${dataDir} already holds a database. Restore into an empty DATA_DIR, or add --force to replace it. Nothing was changed.`,
      );
    }
    let ledger: Ledger = { ids: [], lastKeyId: 0 };
    if (exists) {
      const current = fromPglite(
        await PGlite.create({ dataDir: target, parsers: typeParsers, extensions: PGLITE_EXTENSIONS }),
      );
      try {
        ledger = await readLedger(current.db);
      } finally {
        await current.close();
      }
    }
    fs.rmSync(restoring, { recursive: true, force: true });
    const chunks: Buffer[] = [];
    for await (const chunk of readBackupFile(file)) chunks.push(chunk);
    const restored = fromPglite(
      await PGlite.create({
        dataDir: restoring,
        loadDataDir: new Blob(chunks.map((c) => new Uint8Array(c))),
        parsers: typeParsers,
        extensions: PGLITE_EXTENSIONS,
      }),
    );
    let done: { migrations: number; erasures: number };
    try {
      await restored.withRawSession((s) => s.exec("SET TIME ZONE 'UTC'"));
      done = await finish(restored, ledger);
    } finally {
      await restored.close();
    }
    // Only now the old folder makes way, by two renames in the same folder.
    const replaced = path.join(dataDir, `pgdata.replaced-${process.pid}`);
    if (exists) fs.renameSync(target, replaced);
    fs.renameSync(restoring, target);
    fs.rmSync(replaced, { recursive: true, force: true });
    return { header, warnings, ...done };
  } catch (error) {
    fs.rmSync(restoring, { recursive: true, force: true });
    throw error;
  } finally {
    lock.release();
  }
}

export async function restorePostgres(url: string, file: string, force: boolean): Promise<RestoreResult> {
  const { header, warnings } = await checkFile(file, "postgres");
  const owner = openPostgres(url, 1);
  try {
    await owner.ping(5000);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`.execute(owner.db);
    const tables = rows[0]?.n ?? 0;
    if (tables > 0 && !force) {
      throw new RestoreRefused(
        `The database already holds ${tables} tables. Restore into an empty database (createdb), or add --force to replace everything in it. Nothing was changed.`,
      );
    }
    const ledger = tables > 0 ? await readLedger(owner.db) : { ids: [], lastKeyId: 0 };
    // The application role is the cluster's, not the database's: made here when missing, as
    // migration 0007 does (the dump grants to it).
    await sql`DO $$ BEGIN CREATE ROLE herstel_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`.execute(owner.db);
    await pgRestore(url, file, tables > 0);
    return { header, warnings, ...(await finish(owner, ledger)) };
  } finally {
    await owner.close();
  }
}

/**
 * pg_restore turns the dump into SQL, psql runs it in one transaction together with clearing
 * the schema (with --force): either the whole backup is in place, or nothing changed.
 */
async function pgRestore(url: string, file: string, replace: boolean): Promise<void> {
  const { dbname, env } = pgToolConnection(url);
  const restore = spawn("pg_restore", ["--file=-"], { env, stdio: ["pipe", "pipe", "pipe"] });
  const clear = replace
    ? [
        "--command=DROP SCHEMA public CASCADE; CREATE SCHEMA public; ALTER SCHEMA public OWNER TO pg_database_owner; GRANT USAGE ON SCHEMA public TO PUBLIC;",
      ]
    : [];
  const psql = spawn(
    "psql",
    [
      "--no-psqlrc",
      "--quiet",
      "--single-transaction",
      "--set=ON_ERROR_STOP=1",
      `--dbname=${dbname}`,
      ...clear,
      "--file=-",
    ],
    { env, stdio: ["pipe", "ignore", "pipe"] },
  );
  restore.stdout.pipe(psql.stdin);
  let errors = "";
  for (const child of [restore, psql]) {
    child.stderr.on("data", (chunk) => {
      errors += chunk;
    });
  }
  const ended = (child: ReturnType<typeof spawn>, name: string) =>
    new Promise<number | null>((resolve, reject) => {
      child.on("error", (error) =>
        reject(
          (error as NodeJS.ErrnoException).code === "ENOENT"
            ? new Error(`${name} was not found: install the PostgreSQL client tools (postgresql-client)`)
            : error,
        ),
      );
      child.on("close", resolve);
    });
  const restoreEnded = ended(restore, "pg_restore");
  const psqlEnded = ended(psql, "psql");
  restore.stdin.on("error", () => {});
  for await (const chunk of readBackupFile(file)) {
    if (!restore.stdin.write(chunk)) await new Promise((resolve) => restore.stdin.once("drain", resolve));
  }
  restore.stdin.end();
  const [restoreCode, psqlCode] = await Promise.all([restoreEnded, psqlEnded]);
  if (restoreCode !== 0 || psqlCode !== 0) {
    throw new RestoreRefused(
      `The restore failed and was rolled back, nothing was changed: ${errors.trim().split("\n").slice(0, 3).join(" ")}`,
    );
  }
}
