import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { withStaffActor } from "../../db/acting.server.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import type { Actor } from "../auth/roles.ts";
import { CASES_PER_PAGE, listCases } from "./case.queries.server.ts";

/**
 * The case search of migration 0036: a fragment that matches more than 2,000 cases is answered by
 * walking the actor's visible cases in the list's order until the page is full, a rarer one
 * through the trigram indexes. Either way the pages must be exactly those of every visible match
 * in the list's order. 2,600 cases in three regions, most of whose parties share a surname, with
 * one mediator assigned to a few of them across the regions and a grant to a coordinator.
 */
describeWithDatabase("case search, common and rare fragments (0036)", (handle) => {
  const tag = randomUUID().slice(0, 8);
  let regions: number[] = [];
  let coordinator: Actor;
  let national: Actor;
  let mediator: Actor;

  beforeAll(async () => {
    await handle().withRawSession(async (s) => {
      regions = (await s.query<{ id: number }>("SELECT id FROM region ORDER BY id LIMIT 3")).map((r) => Number(r.id));
      await s.exec(`
        INSERT INTO staff_user (email, display_name, status)
        SELECT format('%s-${tag}@t.example', n), n, 'active' FROM unnest(ARRAY['mediator', 'coordinator', 'national']) n;
        INSERT INTO registration (id, reference, idempotency_key, channel, submitted_by, registrant_role, registrant_side,
          offence_category, locale, status, form_version, answers)
        OVERRIDING SYSTEM VALUE
        SELECT 900000 + i, format('HB-1999-%s', 900000 + i), gen_random_uuid(), 'web', 'self', 'victim', 'victim', 'violence', 'nl',
          'taken_up', 1, '{}'
        FROM generate_series(1, 2600) i;
        INSERT INTO mediation_case (id, reference, registration_id, region_id, offence_category, step, taken_up_at,
          first_conversation_due, closed_at)
        OVERRIDING SYSTEM VALUE
        SELECT 900000 + i, format('ZS-${tag}-%s', i), 900000 + i, (ARRAY[${regions.join(",")}])[1 + i % 3], 'violence',
          CASE WHEN i % 4 = 0 THEN 'closed' ELSE 'taken_up' END, now(), current_date + (i * 7919) % 400,
          CASE WHEN i % 4 = 0 THEN now() END
        FROM generate_series(1, 2600) i;
        INSERT INTO case_party (case_id, side, role, display_name, created_at)
        SELECT 900000 + i, 'victim', 'registrant', CASE WHEN i % 13 = 0 THEN 'Kees Rarename' ELSE 'Anna Jansen-${tag}' END, now()
        FROM generate_series(1, 2600) i;
        INSERT INTO case_party (case_id, side, role, display_name, created_at)
        SELECT 900000 + i, 'offender', 'other_party', CASE WHEN i % 5 = 0 THEN 'Piet Jansen-${tag}' ELSE 'Bas de Vries' END, now()
        FROM generate_series(1, 2600) i;
        INSERT INTO case_assignment (case_id, user_id, role, no_conflict_declared_at, assigned_at)
        SELECT 900000 + i, (SELECT id FROM staff_user WHERE email = 'mediator-${tag}@t.example'), 'lead', now(), now()
        FROM generate_series(1, 2600, 17) i;
        INSERT INTO break_glass_grant (user_id, object_type, object_id, reason, created_at, expires_at)
        SELECT (SELECT id FROM staff_user WHERE email = 'coordinator-${tag}@t.example'), 'case', 900000 + i,
          'a written reason of enough length', now(), now() + interval '1 hour'
        FROM unnest(ARRAY[3, 6, 13]) i;
        ANALYZE;`);
      const id = async (name: string) =>
        Number(
          (await s.query<{ id: string }>("SELECT id FROM staff_user WHERE email = $1", [`${name}-${tag}@t.example`]))[0]
            ?.id,
        );
      coordinator = { userId: await id("coordinator"), roles: ["coordinator"], regionIds: [regions[0] as number] };
      national = { userId: await id("national"), roles: ["coordinator"], regionIds: regions };
      mediator = { userId: await id("mediator"), roles: ["mediator"], regionIds: [] };
    });
  });

  /** Every visible match in the list's order: the function without a limit, as in 0018. */
  async function allMatches(actor: Actor, pattern: string): Promise<number[]> {
    return withStaffActor(handle().db, actor, async (trx) => {
      const { rows } = await sql<{ id: string }>`
        SELECT c.id FROM mediation_case c WHERE c.id IN (SELECT herstel_search_case_ids(${pattern}))
        ORDER BY c.step = 'closed', c.first_conversation_due, c.id`.execute(trx);
      return rows.map((r) => Number(r.id));
    });
  }

  it("gives every page exactly as the full search would, for each actor and fragment", async () => {
    const actors = { coordinator, national, mediator };
    for (const [name, actor] of Object.entries(actors)) {
      for (const fragment of [`jansen-${tag}`, "rarename", `zs-${tag}-26`, "xqzw"]) {
        const expected = await allMatches(actor, `%${fragment.toLowerCase()}%`);
        if (fragment.startsWith("jansen") && name !== "mediator")
          expect(expected.length).toBeGreaterThan(CASES_PER_PAGE);
        for (const page of [1, 2, 7]) {
          const { cases, hasMore } = await listCases(handle().db, actor, { search: fragment, page });
          const wanted = expected.slice((page - 1) * CASES_PER_PAGE, page * CASES_PER_PAGE);
          expect(
            cases.map((c) => c.id),
            `${name}, ${fragment}, page ${page}`,
          ).toEqual(wanted);
          expect(hasMore).toBe(expected.length > page * CASES_PER_PAGE);
        }
      }
    }
  });

  it("returns only visible cases when asked for the first few directly", async () => {
    for (const actor of [coordinator, mediator]) {
      const visible = await withStaffActor(handle().db, actor, async (trx) =>
        (await sql<{ id: string }>`SELECT id FROM mediation_case`.execute(trx)).rows.map((r) => Number(r.id)),
      );
      const first = await withStaffActor(handle().db, actor, async (trx) =>
        (
          await sql<{ id: string }>`SELECT herstel_search_case_ids(${`%jansen-${tag}%`}, 120) AS id`.execute(trx)
        ).rows.map((r) => Number(r.id)),
      );
      expect(first.length).toBeGreaterThan(0);
      expect(first.every((id) => visible.includes(id))).toBe(true);
      expect(first).toEqual((await allMatches(actor, `%jansen-${tag}%`)).slice(0, 120));
    }
  });
});
