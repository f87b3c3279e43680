import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { takenUpCase } from "../../testing/case-fixtures.ts";
import { storedMail } from "../../testing/sealed-reads.ts";
import { moveCase } from "./case-move.commands.server.ts";

/** The referrer hears "taken up" and "closed" when the client asked for it, and nothing more. */
describeWithDatabase("status updates to the referrer", (handle) => {
  async function caseFor(statusUpdates: "yes" | "no") {
    const db = handle().db;
    const to = `verwijzer-${randomUUID().slice(0, 8)}@example.org`;
    const made = await takenUpCase(db, db, {
      submittedBy: "referrer",
      side: "offender",
      offence: "sexual_offence",
      answers: { name: "Mira Jansen", referrerEmail: to, statusUpdates },
    });
    await moveCase(db, made.mediator, {
      caseId: made.caseId,
      move: { kind: "close_without_contact", reason: "other_party_declines" },
      expectedVersion: 1,
      origin: "t",
      now: made.now,
    });
    return { reference: made.reference, caseId: made.caseId, to };
  }

  it("sends 'taken up' and 'closed' without content when asked for", async () => {
    const { reference, caseId, to } = await caseFor("yes");
    const mail = (await storedMail(handle().db)).filter((m) => m.related_id === String(caseId));
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
