import { sql } from "kysely";
import { expect, it } from "vitest";
import { createJobRunner } from "../features/jobs/job-runner.server.ts";
import { vacuumJob } from "../features/jobs/vacuum.job.server.ts";
import { DatabaseProvider } from "../lib/app-context.ts";
import { createLogger } from "../lib/logger.server.ts";
import { asAppRole } from "./testing/app-role.ts";
import { describeWithDatabase } from "./testing/test-database.ts";
import { STATISTICS_TABLES, vacuumTables } from "./vacuum.server.ts";

describeWithDatabase("vacuum", (handle, kind, url) => {
  const staleSize = async () => {
    const { rows } = await sql<{ size: string }>`SELECT pg_relation_size('statistics_fact_stale') AS size`.execute(
      handle().db,
    );
    return Number(rows[0]?.size);
  };

  it("removes the dead rows an emptied table leaves, as the owner on both backends", async () => {
    const { db } = handle();
    await sql`INSERT INTO statistics_fact_stale (source, source_id)
      SELECT 'import', g FROM generate_series(1, 20000) g`.execute(db);
    await sql`DELETE FROM statistics_fact_stale`.execute(db);
    // The table is empty, and its file still holds every deleted row.
    expect(await staleSize()).toBeGreaterThan(100_000);
    expect(await vacuumTables(db, STATISTICS_TABLES)).toEqual([...STATISTICS_TABLES].sort());
    expect(await staleSize()).toBe(0);
    await expect(db.transaction().execute((trx) => vacuumTables(trx))).rejects.toThrow(/inside a transaction/);
  });

  it("lets the app vacuum the embedded database (migration 0039) and leaves a server to autovacuum", async () => {
    await sql`INSERT INTO statistics_fact_stale (source, source_id)
      SELECT 'import', g FROM generate_series(1, 20000) g`.execute(handle().db);
    await sql`DELETE FROM statistics_fact_stale`.execute(handle().db);
    const { app, release } = await asAppRole(handle(), kind, url());
    try {
      const database = new DatabaseProvider();
      database.setReady(app);
      const lines: string[] = [];
      const runner = createJobRunner({
        database,
        logger: createLogger("info", { write: (l: string) => void lines.push(l) }),
        dailyPollMs: 60_000,
        now: () => new Date("2026-12-02T04:00:00Z"),
      });
      runner.register(vacuumJob());
      expect(await runner.runNow("vacuum")).toBe("ran");
      await runner.stop();
      const vacuumed = Number(/"tables":(\d+)/.exec(lines.join(""))?.[1]);
      if (kind === "pglite") {
        // Every table of the schema, the figures' list of changed registrations among them.
        expect(vacuumed).toBeGreaterThan(40);
        expect(await staleSize()).toBe(0);
      } else {
        // The app role owns no table and has no MAINTAIN on a server: nothing is named to VACUUM.
        expect(vacuumed).toBe(0);
        expect(await staleSize()).toBeGreaterThan(100_000);
      }
    } finally {
      await release();
    }
  });
});
