import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { APP_ROLE } from "../../db/acting.server.ts";
import { type DatabaseHandle, openPostgres } from "../../db/database.server.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import type { Actor } from "../auth/roles.ts";
import { sealedRegistration } from "../registration/registration-sealing.server.ts";
import { linkToCase, relatedRegistrations } from "./related.server.ts";
import { takeUpRegistration } from "./take-up.commands.server.ts";

/** The intake desk sees possible duplicates and the other side of an incident, and can link. */
describeWithDatabase("related registrations", (handle, kind, testUrl) => {
  it("finds the same person twice and both sides of one incident, and links to an open case", async () => {
    const url = testUrl();
    const app: DatabaseHandle = kind === "postgres" && url ? openPostgres(url, 2, { role: APP_ROLE }) : handle();
    try {
      const owner = handle().db;
      const now = new Date("2026-11-27T10:00:00Z");
      const tag = randomUUID().slice(0, 6);
      const reg = async (answers: Record<string, string>, side: "victim" | "offender") =>
        await owner
          .insertInto("registration")
          .values({
            reference: `HB-2026-0${Math.floor(Math.random() * 90000 + 10000)}`,
            idempotency_key: randomUUID(),
            channel: "web",
            submitted_by: "self",
            registrant_role: side,
            registrant_side: side,
            offence_category: "violence",
            referrer_type: null,
            locale: "nl",
            form_version: 1,
            ...(await sealedRegistration(owner, answers)),
          })
          .returning(["id", "reference"])
          .executeTakeFirstOrThrow();
      const anna = `Anna ${tag}`;
      const piet = `Piet ${tag}`;
      const a = await reg(
        {
          name: anna,
          otherPartyName: piet,
          incidentDate: "2025-06-01",
          incidentPlace: "Utrecht",
          email: `anna-${tag}@example.org`,
        },
        "victim",
      );
      const b = await reg(
        { name: piet, otherPartyName: anna, incidentDate: "2025-06-01", incidentPlace: "utrecht " },
        "offender",
      );
      const c = await reg({ name: anna.toUpperCase(), email: `ANNA-${tag}@example.org` }, "victim");
      const d = await reg({ name: `Someone ${tag}`, incidentDate: "2025-06-01" }, "victim");
      const user = async (role: "intake" | "mediator") => {
        const u = await owner
          .insertInto("staff_user")
          .values({ email: `${role}-${tag}@t.example`, display_name: role, status: "active", created_at: now })
          .returning("id")
          .executeTakeFirstOrThrow();
        await owner.insertInto("staff_role").values({ user_id: u.id, role }).execute();
        return u.id;
      };
      const intake: Actor = { userId: await user("intake"), roles: ["intake"], regionIds: [] };
      const mediator = await user("mediator");

      const related = await relatedRegistrations(app.db, intake, a.id);
      const byRef = Object.fromEntries(related.map((r) => [r.reference, r]));
      expect(byRef[b.reference]?.reasons.sort()).toEqual([
        "names_me_as_other_party",
        "other_side_registrant",
        "same_incident_date",
        "same_place",
      ]);
      expect(byRef[c.reference]?.reasons.sort()).toEqual(["same_email", "same_name"]);
      expect(byRef[d.reference]).toBeUndefined();
      expect(JSON.stringify(related)).not.toContain(tag);

      const region = await owner.selectFrom("region").select("id").limit(1).executeTakeFirstOrThrow();
      const made = await takeUpRegistration(app.db, intake, {
        registrationId: b.id,
        regionId: region.id,
        leadMediatorId: mediator,
        noConflictDeclared: true,
        origin: "t",
        now,
      });
      if (!made.ok) throw new Error(made.problem);
      expect((await relatedRegistrations(app.db, intake, a.id)).find((r) => r.reference === b.reference)?.caseId).toBe(
        made.caseId,
      );
      expect(await linkToCase(app.db, intake, { registrationId: a.id, caseId: made.caseId, origin: "t", now })).toBe(
        true,
      );
      expect(await linkToCase(app.db, intake, { registrationId: a.id, caseId: made.caseId, origin: "t", now })).toBe(
        false,
      );
      const linked = await owner
        .selectFrom("registration")
        .select(["status", "case_id"])
        .where("id", "=", a.id)
        .executeTakeFirstOrThrow();
      expect(linked).toEqual({ status: "linked", case_id: made.caseId });
      const events = await owner.selectFrom("case_event").select("kind").where("case_id", "=", made.caseId).execute();
      expect(events.map((e) => e.kind)).toContain("case.registration_linked");
    } finally {
      if (kind === "postgres" && testUrl()) await app.close();
    }
  });
});
