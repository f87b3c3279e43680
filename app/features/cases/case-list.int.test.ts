import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import type { Actor } from "../auth/roles.ts";
import { sealedRegistration } from "../registration/registration-sealing.server.ts";
import { listCases } from "./case.queries.server.ts";
import { takeUpRegistration } from "./take-up.commands.server.ts";

describeWithDatabase("the case list", (handle) => {
  it("filters by step, region, offence and overdue, searches references and names, and pages", async () => {
    const db = handle().db;
    const now = new Date("2026-11-02T10:00:00Z");
    const tag = randomUUID().slice(0, 6);
    const user = async (role: "intake" | "mediator") => {
      const u = await db
        .insertInto("staff_user")
        .values({ email: `${role}-${tag}@t.example`, display_name: role, status: "active", created_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db.insertInto("staff_role").values({ user_id: u.id, role }).execute();
      return u.id;
    };
    const intake: Actor = { userId: await user("intake"), roles: ["intake"], regionIds: [] };
    const mediatorId = await user("mediator");
    const mediator: Actor = { userId: mediatorId, roles: ["mediator"], regionIds: [] };
    const regions = await db.selectFrom("region").select(["id", "code"]).execute();
    const regionId = (code: string) => regions.find((r) => r.code === code)?.id ?? 0;
    const make = async (name: string, offence: string, region: string, at: Date) => {
      const reg = await db
        .insertInto("registration")
        .values({
          reference: `HB-2026-8${Math.floor(Math.random() * 90000 + 10000)}`,
          idempotency_key: randomUUID(),
          channel: "web",
          submitted_by: "self",
          registrant_role: "victim",
          registrant_side: "victim",
          offence_category: offence,
          referrer_type: null,
          locale: "nl",
          form_version: 1,
          ...(await sealedRegistration(db, { name })),
        })
        .returning(["id", "reference"])
        .executeTakeFirstOrThrow();
      const made = await takeUpRegistration(db, intake, {
        registrationId: reg.id,
        regionId: regionId(region),
        leadMediatorId: mediatorId,
        noConflictDeclared: true,
        origin: "t",
        now: at,
      });
      if (!made.ok) throw new Error(made.problem);
      return reg.reference;
    };
    const a = await make(`Fatima ${tag} El Amrani`, "violence", "oost", now);
    const b = await make(`Bas ${tag} 100%`, "traffic", "west", new Date("2026-11-26T10:00:00Z"));
    const refs = async (filters: Parameters<typeof listCases>[2]) =>
      (await listCases(db, mediator, filters)).cases.map((c) => c.reference).sort();

    expect(await refs({ search: `fatima ${tag}`.toUpperCase() })).toEqual([a]);
    expect(await refs({ search: a.slice(-6) })).toEqual([a]);
    expect(await refs({ search: `${tag} 100%` })).toEqual([b]);
    expect(await refs({ search: `${tag}%` })).toEqual([]);
    expect(await refs({ search: tag, offence: "traffic" })).toEqual([b]);
    expect(await refs({ search: tag, regionId: regionId("oost") })).toEqual([a]);
    expect(await refs({ search: tag, overdueBefore: "2026-11-27" })).toEqual([a]);
    expect(await refs({ search: tag, step: "closed" })).toEqual([]);
    const first = await listCases(db, mediator, { search: tag }, 1);
    const second = await listCases(db, mediator, { search: tag, page: 2 }, 1);
    expect(first.hasMore).toBe(true);
    expect(second.hasMore).toBe(false);
    expect([...first.cases, ...second.cases].map((c) => c.reference).sort()).toEqual([a, b].sort());
  });
});
