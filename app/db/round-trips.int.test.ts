import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startDraft } from "../features/registration/registration.commands.server.ts";
import { findDraft } from "../features/registration/registration.queries.server.ts";
import { inTransaction, withStaffActor } from "./acting.server.ts";
import { type DatabaseHandle, openPostgres } from "./database.server.ts";
import { availableBackends, createTestDatabase } from "./testing/test-database.ts";

/**
 * openPostgres holds back Kysely's `begin` and sends it with the transaction's first statement:
 * the actor's settings and `begin` go in one message (one round trip fewer per transaction).
 * What goes over the wire is counted at the driver (`pg.Client.prototype.query`).
 */
// PostgreSQL only: PGlite runs in the process and has no round trips (nor this wrapper).
describe.skipIf(!availableBackends().includes("postgres"))(
  "round trips to PostgreSQL: begin goes with the first statement, a draft is read in one",
  () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let app: DatabaseHandle;
    let sent: string[] = [];
    beforeAll(async () => {
      database = await createTestDatabase("postgres");
      app = openPostgres(database.url as string, 1);
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });
    const recording = async <T>(fn: () => Promise<T>): Promise<T> => {
      sent = [];
      const original = pg.Client.prototype.query;
      const spy = vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (this: pg.Client, ...args) {
        if (typeof args[0] === "string") sent.push(args[0]);
        return (original as (...a: unknown[]) => unknown).apply(this, args) as never;
      });
      try {
        return await fn();
      } finally {
        spy.mockRestore();
      }
    };
    const setting = sql<{ v: string | null }>`SELECT current_setting('herstel.actor_roles', true) AS v`;

    it("sends begin and the settings in one message, and the settings hold for that transaction only", async () => {
      const inside = await recording(() =>
        withStaffActor(app.db, { userId: 7, roles: ["mediator", "coordinator"], regionIds: [1, 2] }, async (trx) => {
          const { rows } = await setting.execute(trx);
          const id = await sql<{ id: string }>`SELECT current_setting('herstel.actor_id') AS id WHERE ${1} = 1`.execute(
            trx,
          );
          return { roles: rows[0]?.v, id: id.rows[0]?.id };
        }),
      );
      expect(inside).toEqual({ roles: "mediator,coordinator", id: "7" });
      expect(sent).toHaveLength(4);
      expect(sent[0]).toMatch(/^begin;SELECT set_config\('herstel\.actor_id', '7', true\)/);
      expect(sent[3]).toBe("commit");
      const { rows } = await setting.execute(app.db);
      expect(rows[0]?.v ?? "").toBe("");
    });

    it("sends begin on its own before a first statement with parameters", async () => {
      const n = await recording(() =>
        app.db
          .transaction()
          .execute(async (trx) => (await sql<{ n: number }>`SELECT ${41}::int + 1 AS n`.execute(trx)).rows[0]?.n),
      );
      expect(n).toBe(42);
      expect(sent).toEqual(["begin", "SELECT $1::int + 1 AS n", "commit"]);
    });

    it("both ways, the statements run in one transaction (one transaction time, after a pause)", async () => {
      for (const first of [sql<{ t: Date }>`SELECT now() AS t`, sql<{ t: Date }>`SELECT now() AS t WHERE ${1} = 1`]) {
        const [a, b] = await app.db.transaction().execute(async (trx) => {
          const one = (await first.execute(trx)).rows[0]?.t;
          await sql`SELECT pg_sleep(0.02)`.execute(trx);
          return [one, (await sql<{ t: Date }>`SELECT now() AS t`.execute(trx)).rows[0]?.t];
        });
        expect(a).toBeInstanceOf(Date);
        expect(b?.getTime()).toBe(a?.getTime());
      }
    });

    it("rolls back a failed transaction, and the connection is clean afterwards", async () => {
      await app.db.executeQuery(sql`CREATE TEMP TABLE IF NOT EXISTS deferred_probe (n int)`.compile(app.db));
      await expect(
        inTransaction(app.db, { "herstel.form_instance": "it's \\' quoted" }, async (trx) => {
          const { rows } = await sql<{ v: string }>`SELECT current_setting('herstel.form_instance') AS v`.execute(trx);
          expect(rows[0]?.v).toBe("it's \\' quoted");
          await sql`INSERT INTO deferred_probe VALUES (1)`.execute(trx);
          throw new Error("stop");
        }),
      ).rejects.toThrow("stop");
      const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM deferred_probe`.execute(app.db);
      expect(Number(rows[0]?.n)).toBe(0);
      const status = await sql<{
        v: string | null;
      }>`SELECT current_setting('herstel.form_instance', true) AS v`.execute(app.db);
      expect(status.rows[0]?.v ?? "").toBe("");
    });

    it("a transaction that runs nothing sends nothing", async () => {
      await recording(() => app.db.transaction().execute(async () => "nothing"));
      expect(sent).toEqual([]);
    });

    it("a failed first statement aborts the transaction it opened, and the connection is clean afterwards", async () => {
      await expect(
        recording(() =>
          app.db.transaction().execute(async (trx) => {
            await sql`SELECT 1 / 0`.execute(trx);
          }),
        ),
      ).rejects.toThrow(/division by zero/);
      expect(sent).toEqual(["begin;SELECT 1 / 0", "rollback"]);
      const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(app.db);
      expect(rows[0]?.one).toBe(1);
    });

    it("reads a form's draft in one statement outside a transaction", async () => {
      const now = new Date();
      const id = await startDraft(app.db, "self", now);
      const draft = await recording(() => findDraft(app.db, id, now));
      expect(draft).toEqual({ id, path: "self", answers: {} });
      expect(sent).toEqual(["SELECT id, path, answers, data_key FROM registration_draft_for_form($1, $2)"]);
      expect(await findDraft(app.db, id, new Date(now.getTime() + 25 * 3600 * 1000))).toBeUndefined();
    });
  },
);
