import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { APP_ROLE } from "../../db/acting.server.ts";
import { type DatabaseHandle, openPostgres } from "../../db/database.server.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import type { Actor } from "../auth/roles.ts";
import { sealedRegistration } from "../registration/registration-sealing.server.ts";
import { getCase, listCases } from "./case.queries.server.ts";
import { mediatorsForAssignment, takeUpRegistration } from "./take-up.commands.server.ts";

/**
 * Taking up a registration as a case. On PostgreSQL the commands run as the application role, so
 * row-level security is part of the test: the intake desk creates the case but cannot read it;
 * the mediator sees only their own; the coordinator their region.
 */
describeWithDatabase("taking up a registration", (handle, kind, testUrl) => {
  async function appHandle(): Promise<DatabaseHandle> {
    const url = testUrl();
    return kind === "postgres" && url ? openPostgres(url, 2, { role: APP_ROLE }) : handle();
  }

  async function setup() {
    const db = handle().db;
    const now = new Date("2026-11-27T10:00:00Z");
    const user = async (email: string, roles: string[], region?: string) => {
      const u = await db
        .insertInto("staff_user")
        .values({ email, display_name: email.split("@")[0] ?? email, status: "active", created_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const role of roles)
        await db
          .insertInto("staff_role")
          .values({ user_id: u.id, role: role as never })
          .execute();
      if (region) {
        const r = await db.selectFrom("region").select("id").where("code", "=", region).executeTakeFirstOrThrow();
        await db.insertInto("staff_region").values({ user_id: u.id, region_id: r.id }).execute();
      }
      return u.id;
    };
    const suffix = randomUUID().slice(0, 8);
    const intake = await user(`intake-${suffix}@t.example`, ["intake"]);
    const lead = await user(`lead-${suffix}@t.example`, ["mediator"], "oost");
    const co = await user(`co-${suffix}@t.example`, ["mediator"], "oost");
    const other = await user(`other-${suffix}@t.example`, ["mediator"], "west");
    const coordinator = await user(`coord-${suffix}@t.example`, ["coordinator"], "oost");
    const oost = await db.selectFrom("region").select("id").where("code", "=", "oost").executeTakeFirstOrThrow();
    const reg = await db
      .insertInto("registration")
      .values({
        reference: `HB-2026-6${Math.floor(Math.random() * 90000 + 10000)}`,
        idempotency_key: randomUUID(),
        channel: "web",
        submitted_by: "self",
        registrant_role: "victim",
        registrant_side: "victim",
        offence_category: "sexual_offence",
        referrer_type: null,
        locale: "nl",
        form_version: 1,
        ...(await sealedRegistration(db, { path: "self" })),
      })
      .returning(["id", "reference"])
      .executeTakeFirstOrThrow();
    const actor = (userId: number, roles: Actor["roles"], regionIds: number[] = []): Actor => ({
      userId,
      roles,
      regionIds,
    });
    return {
      now,
      intake: actor(intake, ["intake"]),
      lead: actor(lead, ["mediator"]),
      co,
      other: actor(other, ["mediator"]),
      coordinator: actor(coordinator, ["coordinator"], [oost.id]),
      oost: oost.id,
      reg,
    };
  }

  it("makes the case with its mediators, deadline, timeline and audit, and only once", async () => {
    const s = await setup();
    const app = await appHandle();
    try {
      const mediators = await mediatorsForAssignment(app.db);
      expect(mediators.find((m) => m.id === s.lead.userId)).toMatchObject({
        regions: ["Oost-Nederland"],
        openCases: 0,
      });
      const input = {
        registrationId: s.reg.id,
        regionId: s.oost,
        leadMediatorId: s.lead.userId,
        coMediatorId: s.co,
        noConflictDeclared: true,
        origin: "t",
        now: s.now,
      };
      expect(await takeUpRegistration(app.db, s.intake, { ...input, noConflictDeclared: false })).toEqual({
        ok: false,
        problem: "no_declaration",
      });
      expect(await takeUpRegistration(app.db, s.intake, { ...input, leadMediatorId: s.intake.userId })).toEqual({
        ok: false,
        problem: "mediator_invalid",
      });
      const result = await takeUpRegistration(app.db, s.intake, input);
      expect(result).toMatchObject({ ok: true, reference: s.reg.reference });
      expect(await takeUpRegistration(app.db, s.intake, input)).toEqual({ ok: false, problem: "already_taken_up" });
      if (!result.ok) return;

      const row = await handle()
        .db.selectFrom("mediation_case")
        .selectAll()
        .where("id", "=", result.caseId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        step: "taken_up",
        region_id: s.oost,
        offence_category: "sexual_offence",
        first_conversation_due: "2026-12-11",
      });
      const registration = await handle()
        .db.selectFrom("registration")
        .select(["status", "case_id", "region_id"])
        .where("id", "=", s.reg.id)
        .executeTakeFirstOrThrow();
      expect(registration).toEqual({ status: "taken_up", case_id: result.caseId, region_id: s.oost });
      expect((await mediatorsForAssignment(app.db)).find((m) => m.id === s.lead.userId)?.openCases).toBe(1);

      // Who sees the new case.
      expect((await listCases(app.db, s.lead)).cases.map((c) => c.id)).toContain(result.caseId);
      expect((await getCase(app.db, s.lead, result.caseId))?.assignments.map((a) => a.role).sort()).toEqual([
        "co_mediator",
        "lead",
      ]);
      expect((await getCase(app.db, s.coordinator, result.caseId))?.events.map((e) => e.kind).sort()).toEqual([
        "case.assigned",
        "case.taken_up",
      ]);
      if (kind === "postgres") {
        // Row-level security: not assigned, not of the region, not the intake desk.
        expect(await getCase(app.db, s.other, result.caseId)).toBeUndefined();
        expect(await getCase(app.db, s.intake, result.caseId)).toBeUndefined();
        expect(await getCase(app.db, { ...s.coordinator, regionIds: [] }, result.caseId)).toBeUndefined();
      }
      const audit = await handle()
        .db.selectFrom("audit_log")
        .select(["action", "object_id"])
        .where("action", "=", "case.take_up")
        .where("object_id", "=", String(result.caseId))
        .execute();
      expect(audit).toHaveLength(1);
    } finally {
      if (app !== handle()) await app.close();
    }
  });

  it("gives one case when two desks take up the same registration at once", async () => {
    const s = await setup();
    const app = await appHandle();
    try {
      const input = {
        registrationId: s.reg.id,
        regionId: s.oost,
        leadMediatorId: s.lead.userId,
        noConflictDeclared: true,
        origin: "t",
        now: s.now,
      };
      const results = await Promise.all([
        takeUpRegistration(app.db, s.intake, input),
        takeUpRegistration(app.db, s.intake, input),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, problem: "already_taken_up" }]);
      const cases = await handle()
        .db.selectFrom("mediation_case")
        .select("id")
        .where("registration_id", "=", s.reg.id)
        .execute();
      expect(cases).toHaveLength(1);
    } finally {
      if (app !== handle()) await app.close();
    }
  });
});
