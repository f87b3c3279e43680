import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { APP_ROLE } from "./acting.server.ts";
import type { RawSession } from "./database.server.ts";
import { describeWithDatabase } from "./testing/test-database.ts";

/**
 * Migration 0018 rewrote the policy case_visible for speed and added a search function that
 * reads as the owner: both must show exactly what herstel_can_see_case(id) allows.
 */
describeWithDatabase("case visibility (0018)", (handle) => {
  it("matches herstel_can_see_case for every actor, and the search returns only visible cases", async () => {
    const tag = randomUUID().slice(0, 8);
    await handle().withRawSession(async (s) => {
      const one = async <T>(sql: string, params: unknown[] = []) => (await s.query<T>(sql, params))[0] as T;
      const regions = await s.query<{ id: number }>("SELECT id FROM region ORDER BY id LIMIT 3");
      const [a, b, c] = regions.map((r) => Number(r.id)) as [number, number, number];
      const user = async (name: string) =>
        Number(
          (
            await one<{ id: string }>(
              "INSERT INTO staff_user (email, display_name, status) VALUES ($1, $2, 'active') RETURNING id",
              [`${name}-${tag}@t.example`, name],
            )
          ).id,
        );
      const mediator = await user("mediator");
      const coordinator = await user("coordinator");
      const makeCase = async (n: number, region: number, party: string) => {
        const reference = `HB-2026-${String(Math.floor(Math.random() * 900000) + 100000)}`;
        const reg = await one<{ id: string }>(
          `INSERT INTO registration (reference, idempotency_key, channel, submitted_by, registrant_role, registrant_side,
             offence_category, locale, status, form_version, answers)
           VALUES ($1, $2, 'web', 'self', 'victim', 'victim', 'violence', 'nl', 'taken_up', 1, '{}') RETURNING id`,
          [reference, randomUUID()],
        );
        const made = await one<{ id: string }>(
          `INSERT INTO mediation_case (reference, registration_id, region_id, offence_category, taken_up_at, first_conversation_due)
           VALUES ($1, $2, $3, 'violence', now(), current_date) RETURNING id`,
          [`ZK-${tag}-${n}`, reg.id, region],
        );
        await s.query(
          "INSERT INTO case_party (case_id, side, role, display_name, created_at) VALUES ($1, 'victim', 'registrant', $2, now())",
          [made.id, party],
        );
        return Number(made.id);
      };
      const assigned = await makeCase(1, b, `Anna ${tag}`);
      const inRegion = await makeCase(2, a, `Bas ${tag}`);
      const opened = await makeCase(3, b, `Cor ${tag}`);
      const expired = await makeCase(4, b, `Dirk ${tag}`);
      const elsewhere = await makeCase(5, c, `Eva ${tag}`);
      const ids = [assigned, inRegion, opened, expired, elsewhere];
      await s.query(
        `INSERT INTO case_assignment (case_id, user_id, role, no_conflict_declared_at, assigned_at)
         VALUES ($1, $2, 'lead', now(), now())`,
        [assigned, mediator],
      );
      const grant = `INSERT INTO break_glass_grant (user_id, object_type, object_id, reason, created_at, expires_at)
        VALUES ($1, 'case', $2, 'a written reason of enough length', now() - interval '9 hours', $3)`;
      await s.query(grant, [coordinator, opened, new Date(Date.now() + 3_600_000)]);
      await s.query(grant, [coordinator, expired, new Date(Date.now() - 3_600_000)]);

      const actors: [string, number, string, string, number[]][] = [
        ["mediator", mediator, "mediator", "", [assigned]],
        ["mediator with regions but not coordinator", mediator, "mediator", `${a},${c}`, [assigned]],
        ["coordinator", coordinator, "coordinator", `${a}`, [inRegion, opened]],
        ["coordinator of two regions", coordinator, "coordinator", `${a},${c}`, [inRegion, opened, elsewhere]],
        ["coordinator without regions", coordinator, "coordinator", "", [opened]],
        ["coordinator, odd region list", coordinator, "coordinator", `0${a}, ${c},x`, [opened]],
        ["coordinator who is not assigned, as mediator", coordinator, "mediator,coordinator", "", [opened]],
        ["assigned mediator acting as coordinator only", mediator, "coordinator", "", []],
        ["intake", mediator, "intake", `${a}`, []],
        ["nobody", 0, "", "", []],
      ];
      for (const [name, id, roles, regionList, expected] of actors) {
        const asApp = async <T>(sql: string, params: unknown[]) => {
          await s.exec("BEGIN");
          try {
            await s.exec(`SET LOCAL ROLE ${APP_ROLE}`);
            await actAs(s, id, roles, regionList);
            return await s.query<T>(sql, params);
          } finally {
            await s.exec("ROLLBACK");
          }
        };
        const sorted = (rows: { id: string | number }[]) => rows.map((r) => Number(r.id)).sort((x, y) => x - y);
        const visible = sorted(await asApp("SELECT id FROM mediation_case WHERE id = ANY ($1)", [ids]));
        const byFunction = sorted(
          await asApp("SELECT id FROM unnest($1::bigint[]) id WHERE herstel_can_see_case(id)", [ids]),
        );
        const found = sorted(await asApp("SELECT herstel_search_case_ids($1) AS id", [`%${tag}%`]));
        const foundOne = sorted(await asApp("SELECT herstel_search_case_ids($1) AS id", [`%cor ${tag}%`]));
        expect({ name, visible }).toEqual({ name, visible: [...expected].sort((x, y) => x - y) });
        expect({ name, byFunction }).toEqual({ name, byFunction: visible });
        expect({ name, found }).toEqual({ name, found: visible });
        expect({ name, foundOne }).toEqual({ name, foundOne: visible.filter((v) => v === opened) });
      }
    });
  });
});

async function actAs(s: RawSession, id: number, roles: string, regions: string) {
  await s.query(
    `SELECT set_config('herstel.actor_id', $1, true), set_config('herstel.actor_roles', $2, true),
            set_config('herstel.actor_regions', $3, true)`,
    [id ? String(id) : "", roles, regions],
  );
}
