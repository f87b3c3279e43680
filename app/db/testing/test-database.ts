import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, inject } from "vitest";
import {
  type BackendKind,
  type DatabaseHandle,
  fromPglite,
  openPostgres,
  PGLITE_EXTENSIONS,
} from "../database.server.ts";
import { typeParsers } from "../type-parsers.ts";
import { withDatabase } from "./backends.ts";
import { adminQuery } from "./global-setup.ts";

/** A fresh, migrated database of one backend, for one test file. */
export async function createTestDatabase(kind: BackendKind): Promise<{
  handle: DatabaseHandle;
  drop(): Promise<void>;
  /** Connection string of the PostgreSQL test database, for child processes. */
  url?: string;
}> {
  const backends = inject("backends");
  if (kind === "pglite") {
    const tar = fs.readFileSync(backends.pgliteTemplate);
    const pglite = await PGlite.create({
      loadDataDir: new Blob([tar]),
      parsers: typeParsers,
      extensions: PGLITE_EXTENSIONS,
    });
    await pglite.exec("SET TIME ZONE 'UTC'");
    const handle = fromPglite(pglite);
    return { handle, drop: () => handle.close() };
  }
  const { postgresAdminUrl: admin, postgresTemplate: template } = backends;
  if (!admin || !template) throw new Error("PostgreSQL is not available for tests");
  const name = `herstel_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await createFromTemplate(admin, name, template);
  const url = withDatabase(admin, name);
  const handle = openPostgres(url, 4);
  return {
    handle,
    url,
    async drop() {
      await handle.close();
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The backends this run can test against: PGlite always, PostgreSQL when reachable. */
export function availableBackends(): BackendKind[] {
  return inject("backends").postgresAdminUrl ? ["pglite", "postgres"] : ["pglite"];
}

/**
 * Declares the same suite once per available backend, each with its own database:
 *   describeWithDatabase("registrations", (db) => { it("…", async () => { db().db… }) })
 */
export function describeWithDatabase(
  name: string,
  suite: (handle: () => DatabaseHandle, kind: BackendKind, url: () => string | undefined) => void,
) {
  for (const kind of availableBackends()) {
    describe(`${name} [${kind}]`, () => {
      let current: { handle: DatabaseHandle; drop(): Promise<void>; url?: string } | undefined;
      beforeAll(async () => {
        current = await createTestDatabase(kind);
      });
      afterAll(async () => {
        await current?.drop();
      });
      suite(
        () => {
          if (!current) throw new Error("test database not ready");
          return current.handle;
        },
        kind,
        () => current?.url,
      );
    });
  }
}

/** PostgreSQL copies a template only while nobody else uses it: retry when test files collide. */
async function createFromTemplate(admin: string, name: string, template: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(admin, `CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      const busy = (error as { code?: string }).code === "55006";
      if (!busy || attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    }
  }
}
