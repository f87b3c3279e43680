import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { storedMail } from "../../testing/sealed-reads.ts";
import { saveDraftAnswers, startDraft, submitRegistration } from "./registration.commands.server.ts";
import { loadLists } from "./registration.queries.server.ts";
import type { Answers } from "./registration.schema.ts";

/**
 * Discreet traces in the mailbox: someone who does not want our name seen as the sender gets no
 * e-mail from us at all (not even the acknowledgement, whatever channels they ticked); those who
 * do get one that names neither the offence, nor the other party, nor anything they wrote.
 */
const now = new Date("2026-11-30T10:00:00Z");
const answers: Answers = {
  role: "victim",
  offenceCategory: "domestic_violence",
  incidentDate: "2025-02-01",
  policeReport: "no",
  otherPartyKnown: "yes",
  otherPartyName: "Kees Verborgen",
  otherPartyRelation: "ex-partner",
  name: "Sara Stil",
  ageGroup: "25_44",
  email: "sara@example.org",
  contactChannels: ["email"],
  voicemailAllowed: "no",
  senderNameAllowed: "no",
  hopes: "Ik wil dat hij weet wat hij heeft gedaan.",
  language: "nl",
  interpreterNeeded: "no",
};

describeWithDatabase("e-mail to the person who registered", (handle) => {
  async function register(path: "self" | "referral", given: Answers, locale: "nl" | "en" = "nl") {
    const db = handle().db;
    const id = await startDraft(db, path, now);
    await saveDraftAnswers(db, id, given, now);
    const result = await submitRegistration(db, {
      draftId: id,
      locale,
      lists: await loadLists(db),
      today: "2026-11-30",
      now,
    });
    if (result.status !== "created") throw new Error(`not created: ${result.status}`);
    return (await storedMail(db)).filter((m) => m.related_id === result.reference);
  }

  it("sends nothing at all to someone who chose not to see our name as sender", async () => {
    expect(await register("self", answers)).toEqual([]);
    expect(await register("self", answers, "en")).toEqual([]);
  });

  it("sends a client of a referrer who chose so nothing either: only the referrer hears from us", async () => {
    const mail = await register("referral", {
      ...answers,
      role: "victim",
      referrerType: "victim_support",
      organisationName: "Slachtofferhulp",
      referrerName: "Rik Verwijzer",
      referrerEmail: "rik@example.org",
      clientConsent: true,
      statusUpdates: "no",
    });
    expect(mail.map((m) => m.recipient)).toEqual(["rik@example.org"]);
  });

  it("when our name may be seen: one message that names no offence, no other party and nothing written", async () => {
    for (const locale of ["nl", "en"] as const) {
      const mail = await register("self", { ...answers, senderNameAllowed: "yes" }, locale);
      expect(mail.map((m) => m.recipient)).toEqual(["sara@example.org"]);
      const message = mail[0];
      const shown = `${message?.subject}\n${message?.body_text}`.toLowerCase();
      for (const secret of [
        "kees",
        "verborgen",
        "ex-partner",
        "huiselijk",
        "domestic",
        "geweld",
        "violence",
        "weet wat hij",
      ]) {
        expect(shown, `${locale}: ${secret}`).not.toContain(secret);
      }
    }
  });
});
