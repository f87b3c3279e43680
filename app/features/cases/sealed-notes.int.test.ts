import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { APP_ROLE, withStaffActor } from "../../db/acting.server.ts";
import { type DatabaseHandle, openPostgres } from "../../db/database.server.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import type { Actor } from "../auth/roles.ts";
import { getCaseFile } from "./case.queries.server.ts";
import { recordActivity } from "./case-file.commands.server.ts";
import { takeUpRegistration } from "./take-up.commands.server.ts";

/** Sealed notes: only the assigned mediators read them; coordinators and the intake desk never do. */
describeWithDatabase("sealed notes", (handle, kind, testUrl) => {
  it("are visible to the assigned mediator only", async () => {
    const url = testUrl();
    const app: DatabaseHandle = kind === "postgres" && url ? openPostgres(url, 2, { role: APP_ROLE }) : handle();
    try {
      const owner = handle().db;
      const now = new Date("2026-11-27T10:00:00Z");
      const id = randomUUID().slice(0, 8);
      const region = await owner.selectFrom("region").select("id").where("code", "=", "zuid").executeTakeFirstOrThrow();
      const user = async (role: "intake" | "mediator" | "coordinator") => {
        const u = await owner
          .insertInto("staff_user")
          .values({ email: `${role}-${id}@t.example`, display_name: role, status: "active", created_at: now })
          .returning("id")
          .executeTakeFirstOrThrow();
        await owner.insertInto("staff_role").values({ user_id: u.id, role }).execute();
        return u.id;
      };
      const intake: Actor = { userId: await user("intake"), roles: ["intake"], regionIds: [] };
      const mediator: Actor = { userId: await user("mediator"), roles: ["mediator"], regionIds: [] };
      const coordinator: Actor = { userId: await user("coordinator"), roles: ["coordinator"], regionIds: [region.id] };
      const reg = await owner
        .insertInto("registration")
        .values({
          reference: `HB-2026-2${Math.floor(Math.random() * 90000 + 10000)}`,
          idempotency_key: randomUUID(),
          channel: "web",
          submitted_by: "self",
          registrant_role: "victim",
          registrant_side: "victim",
          offence_category: "violence",
          referrer_type: null,
          locale: "nl",
          form_version: 1,
          answers: JSON.stringify({ name: "Eva" }),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const made = await takeUpRegistration(app.db, intake, {
        registrationId: reg.id,
        regionId: region.id,
        leadMediatorId: mediator.userId,
        noConflictDeclared: true,
        origin: "t",
        now,
      });
      if (!made.ok) throw new Error(made.problem);
      const base = { caseId: made.caseId, origin: "t", now, occurredOn: "2026-11-27" };
      await recordActivity(app.db, mediator, { ...base, kind: "note", summary: "Gewone notitie.", sealed: false });
      await recordActivity(app.db, mediator, {
        ...base,
        kind: "note",
        summary: "Afgeschermd: alleen voor de bemiddelaar.",
        sealed: true,
      });
      await expect(
        recordActivity(app.db, mediator, { ...base, kind: "call", summary: "x", sealed: true }),
      ).rejects.toThrow();

      const summaries = async (actor: Actor) =>
        (await getCaseFile(app.db, actor, made.caseId)).activities.map((a) => a.summary).sort();
      expect(await summaries(mediator)).toEqual(["Afgeschermd: alleen voor de bemiddelaar.", "Gewone notitie."]);
      expect(await summaries(coordinator)).toEqual(["Gewone notitie."]);

      if (kind === "postgres") {
        // Row-level security alone, without the application's filter.
        const raw = await withStaffActor(app.db, coordinator, (trx) =>
          trx.selectFrom("case_activity").select("summary").where("case_id", "=", made.caseId).execute(),
        );
        expect(raw.map((r) => r.summary)).toEqual(["Gewone notitie."]);
        await expect(
          recordActivity(app.db, coordinator, { ...base, kind: "note", summary: "poging", sealed: true }),
        ).rejects.toThrow(/row-level security/);
        expect(
          await withStaffActor(app.db, intake, (trx) =>
            trx.selectFrom("case_activity").select("summary").where("case_id", "=", made.caseId).execute(),
          ),
        ).toEqual([]);
      }
    } finally {
      if (kind === "postgres" && testUrl()) await app.close();
    }
  });
});
