import { sql } from "kysely";
import { afterEach, expect, inject, it } from "vitest";
import { type DatabaseHandle, openPostgres, type PostgresOptions } from "./database.server.ts";
import { classifyDatabaseError, isDatabaseFault } from "./database-faults.ts";
import { adminQuery } from "./testing/global-setup.ts";
import { describeWithDatabase } from "./testing/test-database.ts";

/*
 * What the database layer does when PostgreSQL ends the app's connections (pg_terminate_backend,
 * as a restart or failover does), runs a statement too long, or has no free connection; and what
 * PGlite does when a statement fails. The whole app under a real restart: e2e/database-faults.e2e.ts.
 */

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

const one = (db: DatabaseHandle["db"]) => sql<{ one: number }>`SELECT 1 AS one`.execute(db);

describeWithDatabase("database faults", (handle, kind, url) => {
  const opened: DatabaseHandle[] = [];
  const reports: string[] = [];
  function pool(size: number, options: PostgresOptions = {}): DatabaseHandle {
    const h = openPostgres(url() as string, size, {
      onFault: (error, source) => reports.push(`${source}:${classifyDatabaseError(error) ?? "other"}`),
      ...options,
    });
    opened.push(h);
    return h;
  }
  /** Ends every connection to this test's database, as a restart of the server does. */
  async function terminateAll(): Promise<void> {
    const name = new URL(url() as string).pathname.slice(1);
    await adminQuery(
      inject("backends").postgresAdminUrl as string,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`,
    );
  }
  afterEach(async () => {
    for (const h of opened.splice(0)) await h.close();
    reports.length = 0;
  });

  if (kind === "postgres") {
    it("keeps the process alive when a connection in use loses its server, and connects anew", async () => {
      const h = pool(2);
      const lock = 727_000_020;
      await h.withRawSession(async (session) => {
        // As the migrations do: a lock held on a connection of our own, idle between statements.
        await session.query(`SELECT pg_advisory_lock(${lock})`);
        // pg emits 'error' on the client, which ends the process unless someone listens.
        await terminateAll();
        await until(() => reports.includes("client:connection"));
        const next = session.query("SELECT 1");
        await expect(next).rejects.toSatisfy(isDatabaseFault);
      });
      expect((await one(h.db)).rows).toEqual([{ one: 1 }]);
      // The server released the lock with the session: the next migrator can take it.
      const taken = await sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(${lock}) AS ok`.execute(h.db);
      expect(taken.rows).toEqual([{ ok: true }]);
    });

    it("fails a transaction whose connection ends as a database fault; the next one works", async () => {
      const h = pool(2);
      const transaction = h.db.transaction().execute(async (trx) => {
        await one(trx);
        await terminateAll();
        await until(() => reports.includes("client:connection"));
        await one(trx);
      });
      await expect(transaction).rejects.toSatisfy((e) => classifyDatabaseError(e) === "connection");
      expect((await one(h.db)).rows).toEqual([{ one: 1 }]);
      // Idle pooled connections are replaced as well.
      await terminateAll();
      await until(() => reports.filter((r) => r === "client:connection").length >= 2);
      expect((await one(h.db)).rows).toEqual([{ one: 1 }]);
    });

    it("stops a statement at the statement timeout; the report pool's longer timeout lets it finish", async () => {
      const requests = pool(1, { statementTimeoutMs: 200 });
      const started = Date.now();
      await expect(sql`SELECT pg_sleep(2)`.execute(requests.db)).rejects.toSatisfy(
        (e) => classifyDatabaseError(e) === "timeout",
      );
      expect(Date.now() - started).toBeLessThan(1500);
      expect(reports).toContain("query:timeout");
      const reportPool = pool(1, { statementTimeoutMs: 5000 });
      await expect(sql`SELECT pg_sleep(0.4)`.execute(reportPool.db)).resolves.toBeDefined();
      // The connection that timed out is fine for the next request.
      expect((await one(requests.db)).rows).toEqual([{ one: 1 }]);
    });

    it("drops a connection whose statement got no answer in time (a server gone without a word)", async () => {
      // statement_timeout switched off on the pool's one connection stands in for a server that no
      // longer answers: the client stops waiting 2 s after the statement timeout.
      const h = pool(1, { statementTimeoutMs: 100 });
      await sql`SET statement_timeout = 0`.execute(h.db);
      const stuck = sql`SELECT pg_sleep(4)`.execute(h.db);
      await expect(stuck).rejects.toSatisfy((e) => classifyDatabaseError(e) === "connection");
      // A new connection answers at once, not after the old one's statement.
      const started = Date.now();
      expect((await one(h.db)).rows).toEqual([{ one: 1 }]);
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it("gives up waiting for a pooled connection after the pool wait", async () => {
      const h = pool(1, { poolWaitMs: 200 });
      let release: () => void = () => {};
      let holding = false;
      const busy = h.db.transaction().execute(async (trx) => {
        await one(trx);
        holding = true;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      });
      await until(() => holding);
      const started = Date.now();
      await expect(one(h.db)).rejects.toSatisfy((e) => classifyDatabaseError(e) === "busy");
      expect(Date.now() - started).toBeLessThan(1500);
      expect(reports).toContain("connect:busy");
      release();
      await busy;
      expect((await one(h.db)).rows).toEqual([{ one: 1 }]);
    });
  }

  if (kind === "pglite") {
    it("rolls back a transaction whose statement fails and carries on; it has no statement timeout", async () => {
      const { db } = handle();
      const failing = db.transaction().execute(async (trx) => {
        await trx.insertInto("job_lease").values({ name: "rolled-back" }).execute();
        await sql`SELECT * FROM no_such_table`.execute(trx);
      });
      await expect(failing).rejects.toThrow(/no_such_table/);
      // A bug, not the database being away: the route shows the 500 page, the app goes on.
      await failing.catch((e: unknown) => expect(isDatabaseFault(e)).toBe(false));
      expect(await db.selectFrom("job_lease").select("name").where("name", "=", "rolled-back").execute()).toEqual([]);
      // PGlite (WebAssembly, one connection) has no timer to stop a statement: documented in the README.
      await handle().withRawSession((s) => s.exec("SET statement_timeout = 50"));
      await expect(sql`SELECT pg_sleep(0.2)`.execute(db)).resolves.toBeDefined();
      await handle().withRawSession((s) => s.exec("RESET statement_timeout"));
      expect((await one(db)).rows).toEqual([{ one: 1 }]);
    });
  }
});
