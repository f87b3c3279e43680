import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { APP_ROLE, withStaffActor } from "./acting.server.ts";
import { openPostgres } from "./database.server.ts";
import { describeWithDatabase } from "./testing/test-database.ts";

/**
 * docs/security.md 4, the second line of defence: raw SQL as the application role, with the acting
 * user set per transaction, returns only what that user may see. Runs on both backends; the
 * application role's privileges are checked on PostgreSQL and PGlite alike.
 */
describeWithDatabase("row-level security for the application role", (handle, kind, testUrl) => {
  let seeded = 0;
  async function seed() {
    const keys = { received: randomUUID(), takenUp: randomUUID() };
    const n = seeded++;
    await handle().withRawSession(async (s) => {
      for (const [key, status, ref] of [
        [keys.received, "received", `HB-2026-8${n}0001`],
        [keys.takenUp, "taken_up", `HB-2026-8${n}0002`],
      ]) {
        await s.query(
          `INSERT INTO registration (reference, idempotency_key, channel, submitted_by, registrant_role, registrant_side,
             offence_category, locale, status, form_version, answers)
           VALUES ($1, $2, 'web', 'self', 'victim', 'victim', 'violence', 'nl', $3, 1, '{}')`,
          [ref, key, status],
        );
      }
    });
    return keys;
  }

  /** Runs statements as the application role in one transaction, like the app does. */
  async function asApp(settings: Record<string, string>, sql: string): Promise<{ reference: string }[]> {
    return handle().withRawSession(async (s) => {
      await s.exec("BEGIN");
      try {
        await s.exec(`SET LOCAL ROLE ${APP_ROLE}`);
        for (const [name, value] of Object.entries(settings))
          await s.query("SELECT set_config($1, $2, true)", [name, value]);
        const rows = await s.query<{ reference: string }>(sql);
        await s.exec("COMMIT");
        return rows;
      } catch (error) {
        await s.exec("ROLLBACK");
        throw error;
      }
    });
  }

  it("is not the owner, cannot bypass row-level security, and row-level security is forced", async () => {
    const [role] = await handle().withRawSession((s) =>
      s.query<{ rolbypassrls: boolean; rolsuper: boolean }>(
        "SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = $1",
        [APP_ROLE],
      ),
    );
    expect(role).toEqual({ rolbypassrls: false, rolsuper: false });
    const [table] = await handle().withRawSession((s) =>
      s.query<{ owner: string; rls: boolean; forced: boolean }>(
        "SELECT pg_get_userbyid(relowner) AS owner, relrowsecurity AS rls, relforcerowsecurity AS forced FROM pg_class WHERE relname = 'registration'",
      ),
    );
    expect(table?.owner).not.toBe(APP_ROLE);
    expect(table).toMatchObject({ rls: true, forced: true });
  });

  it("shows intake only registrations not yet taken up, a coordinator all, anyone else none", async () => {
    await seed();
    const select = "SELECT reference FROM registration WHERE reference LIKE 'HB-2026-8%' ORDER BY reference";
    expect(await asApp({ "herstel.actor_id": "1", "herstel.actor_roles": "intake" }, select)).toEqual([
      { reference: "HB-2026-800001" },
    ]);
    expect(
      (await asApp({ "herstel.actor_id": "2", "herstel.actor_roles": "coordinator" }, select)).map((r) => r.reference),
    ).toEqual(["HB-2026-800001", "HB-2026-800002"]);
    expect(
      await asApp({ "herstel.actor_id": "3", "herstel.actor_roles": "mediator,researcher,administrator" }, select),
    ).toEqual([]);
    expect(await asApp({}, select)).toEqual([]);
  });

  it("lets a public form instance reach only its own registration", async () => {
    const keys = await seed();
    const rows = await asApp(
      { "herstel.form_instance": keys.takenUp },
      "SELECT reference FROM registration ORDER BY reference",
    );
    expect(rows).toEqual([{ reference: "HB-2026-810002" }]);
  });

  it("shows a coordinator their regions, unassigned files, and others only after breaking the glass", async () => {
    await handle().withRawSession(async (s) => {
      await s.exec(
        `INSERT INTO staff_user (email, display_name, status) VALUES ('rls-coord@test.example', 'C', 'active')`,
      );
      for (const [ref, region] of [
        ["HB-2026-850001", "midden"],
        ["HB-2026-850002", "noord"],
      ]) {
        await s.query(
          `INSERT INTO registration (reference, idempotency_key, channel, submitted_by, registrant_role, registrant_side,
             offence_category, locale, status, form_version, answers, region_id)
           VALUES ($1, gen_random_uuid(), 'web', 'self', 'victim', 'victim', 'violence', 'nl', 'taken_up', 1, '{}',
             (SELECT id FROM region WHERE code = $2))`,
          [ref, region],
        );
      }
    });
    const [ids] = await handle().withRawSession((s) =>
      s.query<{ user_id: string; midden: string }>(
        "SELECT (SELECT id FROM staff_user WHERE email = 'rls-coord@test.example')::text AS user_id, (SELECT id FROM region WHERE code = 'midden')::text AS midden",
      ),
    );
    const settings = {
      "herstel.actor_id": ids?.user_id ?? "",
      "herstel.actor_roles": "coordinator",
      "herstel.actor_regions": ids?.midden ?? "",
    };
    const select = "SELECT reference FROM registration WHERE reference LIKE 'HB-2026-85%' ORDER BY reference";
    expect(await asApp(settings, select)).toEqual([{ reference: "HB-2026-850001" }]);
    await handle().withRawSession((s) =>
      s.query(
        `INSERT INTO break_glass_grant (user_id, object_type, object_id, reason, created_at, expires_at)
         SELECT $1::bigint, 'registration', id, 'Dringend: collega afwezig, aanmelder belt terug.', now(), now() + interval '1 hour'
         FROM registration WHERE reference = 'HB-2026-850002'`,
        [ids?.user_id],
      ),
    );
    expect((await asApp(settings, select)).map((r) => r.reference)).toEqual(["HB-2026-850001", "HB-2026-850002"]);

    // The same through the application's own helper, on a pool that works as herstel_app.
    const url = testUrl();
    if (kind === "postgres" && url) {
      const app = openPostgres(url, 1, { role: APP_ROLE });
      try {
        const other = { userId: 999_999, roles: ["coordinator"], regionIds: [Number(ids?.midden)] };
        const seen = await withStaffActor(app.db, other, (trx) =>
          trx
            .selectFrom("registration")
            .select("reference")
            .where("reference", "like", "HB-2026-85%")
            .orderBy("reference")
            .execute(),
        );
        expect(seen.map((r) => r.reference)).toEqual(["HB-2026-850001"]);
      } finally {
        await app.close();
      }
    }
  });

  it("reads a draft through registration_draft_for_form for that form instance only; the setting ends with the statement", async () => {
    const [mine, theirs] = [randomUUID(), randomUUID()];
    await handle().withRawSession(async (s) => {
      for (const id of [mine, theirs]) {
        await s.query(
          `INSERT INTO registration_draft (id, path, answers, data_key, expires_at)
           VALUES ($1, 'self', '\\x00', '\\x00', now() + interval '1 hour')`,
          [id],
        );
      }
    });
    const read = `SELECT id::text AS reference FROM registration_draft_for_form('${mine}', now())`;
    expect(await asApp({}, read)).toEqual([{ reference: mine }]);
    expect(await asApp({}, `SELECT id::text AS reference FROM registration_draft`)).toEqual([]);
    // In the same statement, the other draft stays out of reach.
    expect(
      await asApp(
        {},
        `SELECT (SELECT count(*) FROM registration_draft_for_form('${mine}', now()))::text || '/' ||
                (SELECT count(*) FROM registration_draft WHERE id = '${theirs}')::text AS reference`,
      ),
    ).toEqual([{ reference: "1/0" }]);
    // An expired draft is not read.
    expect(
      await asApp(
        {},
        `SELECT id::text AS reference FROM registration_draft_for_form('${mine}', now() + interval '2 hours')`,
      ),
    ).toEqual([]);
    // Outside a transaction the setting lasts for the one statement.
    const after = await handle().withRawSession(async (s) => {
      await s.exec(`SET ROLE ${APP_ROLE}`);
      try {
        const first = await s.query<{ id: string }>(
          `SELECT id::text AS id FROM registration_draft_for_form($1, now())`,
          [mine],
        );
        const setting = await s.query<{ v: string | null }>(
          `SELECT current_setting('herstel.form_instance', true) AS v`,
        );
        const direct = await s.query<{ id: string }>(`SELECT id::text AS id FROM registration_draft`);
        return { first, setting: setting[0]?.v ?? "", direct };
      } finally {
        await s.exec("RESET ROLE");
      }
    });
    expect(after).toEqual({ first: [{ id: mine }], setting: "", direct: [] });
  });

  it("refuses UPDATE, DELETE and TRUNCATE of the audit log to the application role", async () => {
    for (const statement of ["UPDATE audit_log SET action = 'x.y'", "DELETE FROM audit_log", "TRUNCATE audit_log"]) {
      await expect(asApp({}, statement)).rejects.toThrow(/permission denied|append-only/);
    }
  });

  it("refuses a registration insert for another form instance", async () => {
    await expect(
      asApp(
        { "herstel.form_instance": randomUUID() },
        `INSERT INTO registration (reference, idempotency_key, channel, submitted_by, registrant_role, registrant_side,
           offence_category, locale, form_version, answers)
         VALUES ('HB-2026-800009', '${randomUUID()}', 'web', 'self', 'victim', 'victim', 'violence', 'nl', 1, '{}') RETURNING reference`,
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
