import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import type { Actor } from "../auth/roles.ts";
import { moveCase } from "./case-move.commands.server.ts";
import { takeUpRegistration } from "./take-up.commands.server.ts";

/** Steps of a case through the state machine, with optimistic locking between two editors. */
describeWithDatabase("moving a case", (handle) => {
  async function newCase() {
    const db = handle().db;
    const now = new Date("2026-11-27T10:00:00Z");
    const id = randomUUID().slice(0, 8);
    const user = async (role: "intake" | "mediator") => {
      const u = await db
        .insertInto("staff_user")
        .values({ email: `${role}-${id}@t.example`, display_name: `${role} ${id}`, status: "active", created_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db.insertInto("staff_role").values({ user_id: u.id, role }).execute();
      return u.id;
    };
    const intake: Actor = { userId: await user("intake"), roles: ["intake"], regionIds: [] };
    const mediator: Actor = { userId: await user("mediator"), roles: ["mediator"], regionIds: [] };
    const reg = await db
      .insertInto("registration")
      .values({
        reference: `HB-2026-5${Math.floor(Math.random() * 90000 + 10000)}`,
        idempotency_key: randomUUID(),
        channel: "web",
        submitted_by: "self",
        registrant_role: "victim",
        registrant_side: "victim",
        offence_category: "violence",
        referrer_type: null,
        locale: "nl",
        form_version: 1,
        answers: "{}",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const region = await db.selectFrom("region").select("id").limit(1).executeTakeFirstOrThrow();
    const made = await takeUpRegistration(db, intake, {
      registrationId: reg.id,
      regionId: region.id,
      leadMediatorId: mediator.userId,
      noConflictDeclared: true,
      origin: "t",
      now,
    });
    if (!made.ok) throw new Error(made.problem);
    return { caseId: made.caseId, mediator, now };
  }

  it("advances when the conditions hold and names what is missing when not", async () => {
    const { caseId, mediator, now } = await newCase();
    const db = handle().db;
    const base = { caseId, origin: "t", now };
    expect(
      await moveCase(db, mediator, {
        ...base,
        move: { kind: "advance", to: "first_conversation" },
        expectedVersion: 1,
      }),
    ).toEqual({ ok: true, to: "first_conversation" });
    const refused = await moveCase(db, mediator, {
      ...base,
      move: { kind: "advance", to: "approaching_other_party" },
      expectedVersion: 2,
    });
    expect(refused).toMatchObject({ ok: false, kind: "refused" });
    expect(refused.ok === false && refused.kind === "refused" && refused.missing).toEqual(
      expect.arrayContaining([
        "first_conversation_not_held",
        "registrant_consent_processing",
        "registrant_consent_approach",
      ]),
    );
    const events = await db
      .selectFrom("case_event")
      .select("kind")
      .where("case_id", "=", caseId)
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.kind)).toEqual(["case.taken_up", "case.assigned", "case.advance"]);
  });

  it("refuses the second of two saves based on the same version, saying what changed and who changed it", async () => {
    const { caseId, mediator, now } = await newCase();
    const db = handle().db;
    const first = await moveCase(db, mediator, {
      caseId,
      move: { kind: "close_without_contact", reason: "no_contact_needed" },
      expectedVersion: 1,
      origin: "t",
      now,
    });
    expect(first).toEqual({ ok: true, to: "closed" });
    const second = await moveCase(db, mediator, {
      caseId,
      move: { kind: "advance", to: "first_conversation" },
      expectedVersion: 1,
      origin: "t",
      now,
    });
    expect(second).toMatchObject({ ok: false, kind: "conflict", current: { step: "closed", version: 2 } });
    expect(second.ok === false && second.kind === "conflict" && second.current.by).toContain("mediator");
    const row = await db
      .selectFrom("mediation_case")
      .select(["step", "no_contact_reason", "closed_from"])
      .where("id", "=", caseId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ step: "closed", no_contact_reason: "no_contact_needed", closed_from: "taken_up" });
  });

  it("reopens a closed case with a reason, back to where it was closed", async () => {
    const { caseId, mediator, now } = await newCase();
    const db = handle().db;
    await moveCase(db, mediator, {
      caseId,
      move: { kind: "withdraw", party: "registrant" },
      expectedVersion: 1,
      origin: "t",
      now,
    });
    expect(
      await moveCase(db, mediator, {
        caseId,
        move: { kind: "reopen", reason: "kort" },
        expectedVersion: 2,
        origin: "t",
        now,
      }),
    ).toMatchObject({ ok: false, kind: "refused" });
    expect(
      await moveCase(db, mediator, {
        caseId,
        move: { kind: "reopen", reason: "De aanmelder wil toch verder na een nieuw gesprek." },
        expectedVersion: 2,
        origin: "t",
        now,
      }),
    ).toEqual({ ok: true, to: "taken_up" });
  });
});
