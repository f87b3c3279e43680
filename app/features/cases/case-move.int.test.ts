import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { takenUpCase } from "../../testing/case-fixtures.ts";
import { moveCase } from "./case-move.commands.server.ts";

/** Steps of a case through the state machine, with optimistic locking between two editors. */
describeWithDatabase("moving a case", (handle) => {
  it("advances when the conditions hold and names what is missing when not", async () => {
    const db = handle().db;
    const { caseId, mediator, now } = await takenUpCase(db);
    const base = { caseId, origin: "t", now };
    expect(
      await moveCase(db, mediator, {
        ...base,
        move: { kind: "advance", to: "first_conversation" },
        expectedVersion: 1,
      }),
    ).toEqual({
      ok: true,
      to: "first_conversation",
    });
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
    const db = handle().db;
    const { caseId, mediator, now } = await takenUpCase(db);
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
    const db = handle().db;
    const { caseId, mediator, now } = await takenUpCase(db);
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
    ).toMatchObject({
      ok: false,
      kind: "refused",
    });
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
