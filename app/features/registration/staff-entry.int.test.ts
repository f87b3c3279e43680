import { expect, it } from "vitest";
import { APP_ROLE } from "../../db/acting.server.ts";
import { type DatabaseHandle, openPostgres } from "../../db/database.server.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { storedAnswers } from "../../testing/sealed-reads.ts";
import type { Actor } from "../auth/roles.ts";
import { loadLists } from "./registration.queries.server.ts";
import { parseStaffEntry, registerByStaff } from "./staff-entry.server.ts";

/** Registrations by phone, e-mail, letter or in person, entered by the intake desk. */
describeWithDatabase("registrations entered by staff", (handle, kind, testUrl) => {
  it("are checked like the web form and stored with their channel", async () => {
    const url = testUrl();
    const app: DatabaseHandle = kind === "postgres" && url ? openPostgres(url, 1, { role: APP_ROLE }) : handle();
    try {
      const lists = await loadLists(handle().db);
      const incomplete = parseStaffEntry([["name", "Rob"]], lists, "2026-11-27");
      expect(incomplete.ok).toBe(false);
      expect(!incomplete.ok && Object.keys(incomplete.errors)).toEqual(
        expect.arrayContaining(["role", "offenceCategory", "policeReport", "otherPartyKnown"]),
      );
      const entries: [string, string][] = [
        ["role", "offender"],
        ["offenceCategory", "robbery"],
        ["policeReport", "yes"],
        ["otherPartyKnown", "no"],
        ["name", "Rob de Vries"],
        ["ageGroup", "18_24"],
        ["phone", "0612345678"],
        ["contactChannels", "phone"],
        ["voicemailAllowed", "no"],
        ["senderNameAllowed", "no"],
        ["language", "nl"],
        ["interpreterNeeded", "no"],
      ];
      const parsed = parseStaffEntry(entries, lists, "2026-11-27");
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const actor: Actor = { userId: 1, roles: ["intake"], regionIds: [] };
      const made = await registerByStaff(app.db, actor, {
        channel: "phone",
        answers: parsed.answers,
        locale: "nl",
        origin: "t",
        now: new Date(),
      });
      const row = await handle()
        .db.selectFrom("registration")
        .selectAll()
        .where("id", "=", made.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        reference: made.reference,
        channel: "phone",
        submitted_by: "staff",
        registrant_side: "offender",
        status: "received",
      });
      expect(await storedAnswers(handle().db, row.id)).toMatchObject({ name: "Rob de Vries", phone: "0612345678" });
      await expect(
        registerByStaff(
          app.db,
          { ...actor, roles: ["mediator"] },
          { channel: "phone", answers: parsed.answers, locale: "nl", origin: "t", now: new Date() },
        ),
      ).rejects.toThrow();
    } finally {
      if (kind === "postgres" && testUrl()) await app.close();
    }
  });
});
