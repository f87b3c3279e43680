import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import type { Actor } from "../auth/roles.ts";
import { moveCase } from "./case-move.commands.server.ts";
import { takeUpRegistration } from "./take-up.commands.server.ts";

/** The referrer hears "taken up" and "closed" when the client asked for it, and nothing more. */
describeWithDatabase("status updates to the referrer", (handle) => {
  async function caseFor(statusUpdates: "yes" | "no") {
    const db = handle().db;
    const now = new Date("2026-11-27T10:00:00Z");
    const id = randomUUID().slice(0, 8);
    const user = async (role: "intake" | "mediator") => {
      const u = await db
        .insertInto("staff_user")
        .values({ email: `${role}-${id}@t.example`, display_name: role, status: "active", created_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db.insertInto("staff_role").values({ user_id: u.id, role }).execute();
      return u.id;
    };
    const intake: Actor = { userId: await user("intake"), roles: ["intake"], regionIds: [] };
    const mediator: Actor = { userId: await user("mediator"), roles: ["mediator"], regionIds: [] };
    const reference = `HB-2026-3${Math.floor(Math.random() * 90000 + 10000)}`;
    const reg = await db
      .insertInto("registration")
      .values({
        reference,
        idempotency_key: randomUUID(),
        channel: "web",
        submitted_by: "referrer",
        registrant_role: "offender",
        registrant_side: "offender",
        offence_category: "sexual_offence",
        referrer_type: "probation",
        locale: "nl",
        form_version: 1,
        answers: JSON.stringify({ name: "Mira Jansen", referrerEmail: `verwijzer-${id}@example.org`, statusUpdates }),
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
    await moveCase(db, mediator, {
      caseId: made.caseId,
      move: { kind: "close_without_contact", reason: "other_party_declines" },
      expectedVersion: 1,
      origin: "t",
      now,
    });
    return { reference, caseId: made.caseId, to: `verwijzer-${id}@example.org` };
  }

  it("sends 'taken up' and 'closed' without content when asked for", async () => {
    const { reference, caseId, to } = await caseFor("yes");
    const mail = await handle()
      .db.selectFrom("outbox_message")
      .select(["kind", "recipient", "subject", "body_text"])
      .where("related_id", "=", String(caseId))
      .orderBy("id")
      .execute();
    expect(mail.map((m) => [m.kind, m.recipient])).toEqual([
      ["case.status.taken_up", to],
      ["case.status.closed", to],
    ]);
    for (const m of mail) {
      expect(m.subject).toContain(reference);
      expect(`${m.subject} ${m.body_text}`).not.toMatch(/zeden|sexual|Mira|Jansen|declines|wil geen contact/i);
    }
  });

  it("sends nothing when the client did not ask for it", async () => {
    const { caseId } = await caseFor("no");
    const mail = await handle()
      .db.selectFrom("outbox_message")
      .select("kind")
      .where("related_id", "=", String(caseId))
      .execute();
    expect(mail).toEqual([]);
  });
});
