import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseHandle, RawSession } from "./database.server.ts";
import { MIGRATION_STEPS, type MigrationStep } from "./migration-steps.server.ts";

/**
 * Plain-SQL migrations: `NNNN_name.sql`, applied in order, each in its own transaction. A few
 * migrations need the app's keys for part of their work (encrypting existing rows, signing the
 * audit chain's switch to a keyed hash): a step named after the migration (never its number,
 * which may change when branches are merged) runs right after its SQL in the same transaction.
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

/** Any constant works; it only has to be the same for every Herstel instance. */
const ADVISORY_LOCK_KEY = 727_202_601;

export type Migration = { version: number; name: string; sql: string; checksum: string };

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  const migrations = files.map((file) => {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new MigrationError(`Migration file name ${file} does not match NNNN_name.sql`);
    const sql = fs.readFileSync(path.join(dir, file), "utf8");
    return {
      version: Number(match[1]),
      name: match[2] as string,
      sql,
      checksum: createHash("sha256").update(sql).digest("hex"),
    };
  });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new MigrationError(
        `Migrations must be numbered 0001, 0002, … without gaps; found ${m.version} at position ${i + 1}`,
      );
    }
  });
  return migrations;
}

export type MigrationResult = { applied: Migration[]; alreadyApplied: number };

/**
 * Brings the schema up to date. Forward only: an applied migration whose file has changed
 * stops everything, because the database no longer matches the code that describes it.
 */
export async function migrate(
  handle: DatabaseHandle,
  migrations = readMigrations(),
  steps: Record<string, MigrationStep> = MIGRATION_STEPS,
): Promise<MigrationResult> {
  return handle.withRawSession(async (session) => {
    if (handle.kind === "postgres") await session.exec(`SELECT pg_advisory_lock(${ADVISORY_LOCK_KEY})`);
    try {
      return await applyPending(session, migrations, steps);
    } finally {
      if (handle.kind === "postgres") await session.exec(`SELECT pg_advisory_unlock(${ADVISORY_LOCK_KEY})`);
    }
  });
}

async function applyPending(
  session: RawSession,
  migrations: Migration[],
  steps: Record<string, MigrationStep>,
): Promise<MigrationResult> {
  await session.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const rows = await session.query<{ version: number; name: string; checksum: string }>(
    "SELECT version, name, checksum FROM schema_migration ORDER BY version",
  );
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const row of rows) {
    const m = known.get(row.version);
    if (!m) {
      throw new MigrationError(
        `The database has migration ${row.version} (${row.name}) that this version of Herstel does not know. ` +
          "Was it started with a newer version before?",
      );
    }
    if (m.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${String(m.version).padStart(4, "0")}_${m.name}.sql was changed after it was applied. ` +
          "Migrations are forward only: restore the file and add a new migration instead.",
      );
    }
  }
  const done = new Set(rows.map((r) => r.version));
  const applied: Migration[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    await session.exec("BEGIN");
    try {
      await session.exec(m.sql);
      // What SQL cannot do (it has no keys), done by the app in the same transaction.
      await steps[m.name]?.(session);
      await session.query("INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)", [
        m.version,
        m.name,
        m.checksum,
      ]);
      await session.exec("COMMIT");
    } catch (error) {
      await session.exec("ROLLBACK");
      throw new MigrationError(
        `Migration ${String(m.version).padStart(4, "0")}_${m.name}.sql failed: ${(error as Error).message}`,
      );
    }
    applied.push(m);
  }
  return { applied, alreadyApplied: done.size };
}
