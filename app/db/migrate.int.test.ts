import { expect, it } from "vitest";
import { type Migration, MigrationError, migrate, readMigrations } from "./migrate.server.ts";
import { describeWithDatabase } from "./testing/test-database.ts";

describeWithDatabase("migrations", (handle, kind) => {
  it("are all applied to the template, and a second run applies nothing", async () => {
    const all = readMigrations();
    const result = await migrate(handle());
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toBe(all.length);
  });

  it("apply a new migration once, in a transaction", async () => {
    const extra: Migration = {
      version: 0,
      name: "x",
      sql: "CREATE TABLE t_extra (id int); INSERT INTO t_extra VALUES (1), (2);",
      checksum: "c1",
    };
    const migrations = [...readMigrations()];
    extra.version = migrations.length + 1;
    const first = await migrate(handle(), [...migrations, extra]);
    expect(first.applied.map((m) => m.version)).toEqual([extra.version]);
    const second = await migrate(handle(), [...migrations, extra]);
    expect(second.applied).toEqual([]);
    const rows = await handle().withRawSession((s) => s.query<{ n: number }>("SELECT count(*) AS n FROM t_extra"));
    expect(rows[0]?.n).toBe(2);
  });

  it("roll back a failing migration completely and say which one failed", async () => {
    const migrations = await handle().withRawSession((s) =>
      s.query<{ version: number }>("SELECT version FROM schema_migration"),
    );
    const next = migrations.length + 1;
    const broken: Migration = {
      version: next,
      name: "broken",
      sql: "CREATE TABLE t_half (id int); SELECT * FROM does_not_exist;",
      checksum: "c2",
    };
    const known = await currentMigrations(handle);
    await expect(migrate(handle(), [...known, broken])).rejects.toThrow(
      new RegExp(`${String(next).padStart(4, "0")}_broken.sql failed`),
    );
    const tables = await handle().withRawSession((s) =>
      s.query<{ n: number }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 't_half'"),
    );
    expect(tables[0]?.n).toBe(0);
  });

  it("refuse to run when an applied migration file was changed", async () => {
    const known = await currentMigrations(handle);
    const changed = known.map((m, i) => (i === 0 ? { ...m, checksum: "edited" } : m));
    await expect(migrate(handle(), changed)).rejects.toBeInstanceOf(MigrationError);
    await expect(migrate(handle(), changed)).rejects.toThrow(/changed after it was applied/);
  });

  if (kind === "postgres") {
    it("let several instances start at once (advisory lock)", async () => {
      const known = await currentMigrations(handle);
      const results = await Promise.all([migrate(handle(), known), migrate(handle(), known), migrate(handle(), known)]);
      for (const r of results) expect(r.applied).toEqual([]);
    });
  }
});

/** The migrations recorded in this database, with the checksums they were applied with. */
async function currentMigrations(handle: () => import("./database.server.ts").DatabaseHandle): Promise<Migration[]> {
  const rows = await handle().withRawSession((s) =>
    s.query<{ version: number; name: string; checksum: string }>(
      "SELECT version, name, checksum FROM schema_migration ORDER BY version",
    ),
  );
  return rows.map((r) => ({ ...r, sql: "" }));
}
