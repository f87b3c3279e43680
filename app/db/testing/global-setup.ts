import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { installFixedKeys } from "../../testing/test-keys.ts";
import { fromPglite, openPostgres, PGLITE_EXTENSIONS } from "../database.server.ts";
import { migrate } from "../migrate.server.ts";
import { typeParsers } from "../type-parsers.ts";
import { DEFAULT_TEST_POSTGRES_URL, type ProvidedBackends, withDatabase } from "./backends.ts";

/**
 * Runs once before the integration tests: migrates one PGlite template and, when a PostgreSQL
 * server is reachable, one template database. Each test file then starts from a copy.
 */
export default async function setup(project: TestProject) {
  // The same fixed keys as every test file (setup-keys.ts): the template's audit chain is keyed.
  installFixedKeys();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-int-"));
  const pgliteTemplate = path.join(workDir, "template.tar");
  const pglite = await PGlite.create({ parsers: typeParsers, extensions: PGLITE_EXTENSIONS });
  const handle = fromPglite(pglite);
  await migrate(handle);
  const dump = await pglite.dumpDataDir("none");
  fs.writeFileSync(pgliteTemplate, Buffer.from(await dump.arrayBuffer()));
  await handle.close();

  const adminUrl = process.env.TEST_DATABASE_URL || DEFAULT_TEST_POSTGRES_URL;
  let postgresAdminUrl: string | null = null;
  let postgresTemplate: string | null = null;
  const reachable = await isReachable(adminUrl);
  if (reachable) {
    postgresAdminUrl = adminUrl;
    postgresTemplate = `herstel_tpl_${process.pid}_${Date.now()}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${postgresTemplate}`);
    const tpl = openPostgres(withDatabase(adminUrl, postgresTemplate), 2);
    await migrate(tpl);
    await tpl.close();
  } else if (process.env.REQUIRE_POSTGRES === "1") {
    throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL is not reachable at ${redact(adminUrl)}`);
  }

  const where = redact(adminUrl);
  process.stdout.write(
    reachable
      ? `\nIntegration tests run on 2 backends: PGlite and PostgreSQL (${where})\n`
      : `\nIntegration tests run on 1 backend: PGlite (PostgreSQL not reachable at ${where}; set TEST_DATABASE_URL)\n`,
  );

  const provided: ProvidedBackends = { pgliteTemplate, postgresAdminUrl, postgresTemplate };
  project.provide("backends", provided);

  return async () => {
    if (postgresAdminUrl && postgresTemplate) {
      await adminQuery(postgresAdminUrl, `DROP DATABASE IF EXISTS ${postgresTemplate} WITH (FORCE)`);
    }
    fs.rmSync(workDir, { recursive: true, force: true });
  };
}

async function isReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const u = new URL(url);
  u.password = "";
  return `${u.hostname}:${u.port || 5432}`;
}
