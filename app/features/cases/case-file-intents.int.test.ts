import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { takenUpCase } from "../../testing/case-fixtures.ts";
import { postIntent } from "../../testing/case-intents.ts";
import { consentIntents } from "../consent/consent.intents.server.ts";
import { partiesIntents } from "../parties/parties.intents.server.ts";
import { activitiesIntents } from "./activities.intents.server.ts";
import { getCaseFile } from "./case.queries.server.ts";
import { riskIntents } from "./risk.intents.server.ts";

const intents = { ...partiesIntents, ...consentIntents, ...activitiesIntents, ...riskIntents };

/** The case file's forms name each field that needs attention, and store nothing then. */
describeWithDatabase("case file forms with bad input", (handle) => {
  it("answer the fields to correct, and keep the case file as it was", async () => {
    const db = handle().db;
    const made = await takenUpCase(db, db, { answers: { name: "Noor" } });
    const before = await getCaseFile(db, made.mediator, made.caseId);
    const partyId = String(before.parties[0]?.id);
    const post = async (intent: keyof typeof intents, values: Record<string, string>) => {
      const answer = await postIntent(db, made.mediator, intents[intent], values, made);
      // The fields to correct, or that it was saved.
      return answer.kind === "fields" ? { ok: false, fields: answer.fields } : { ok: answer.kind === "saved" };
    };
    expect(await post("add-party", { name: "  " })).toEqual({ ok: false, fields: ["name"] });
    expect(await post("consent", { partyId, purpose: "contact_form", given: "yes", method: "verbal" })).toEqual({
      ok: false,
      fields: ["contactForm"],
    });
    expect(await post("consent", { partyId: "x", purpose: "dreaming", given: "maybe", method: "verbal" })).toEqual({
      ok: false,
      fields: ["partyId", "purpose", "given"],
    });
    expect(await post("activity", { kind: "call", occurredOn: "31-12-2025", minutes: "2000" })).toEqual({
      ok: false,
      fields: ["occurredOn", "minutes"],
    });
    expect(await post("activity", { kind: "call", occurredOn: "2026-11-20", sealed: "yes" })).toEqual({
      ok: false,
      fields: ["sealed"],
    });
    expect(await post("activity", { kind: "contact_moment", occurredOn: "2026-11-20" })).toEqual({
      ok: false,
      fields: ["contactForm"],
    });
    expect(await post("risk", { assessedOn: "2026-11-20" })).toEqual({ ok: false, fields: ["conclusion"] });
    // A date must have happened: it exists, is not in the future, and is not before the
    // registration came in (the figures count days from that day on).
    const tomorrow = new Date(Date.now() + 36 * 3_600_000).toISOString().slice(0, 10);
    for (const occurredOn of ["2025-02-29", tomorrow, "2001-01-01"])
      expect(await post("activity", { kind: "first_conversation", partyId, occurredOn }), occurredOn).toEqual({
        ok: false,
        fields: ["occurredOn"],
      });
    expect(await getCaseFile(db, made.mediator, made.caseId)).toEqual(before);
    // The same forms filled in well are stored.
    expect(await post("risk", { conclusion: "suitable", assessedOn: "2026-11-20" })).toEqual({ ok: true });
    expect((await getCaseFile(db, made.mediator, made.caseId)).risk).toEqual({
      conclusion: "suitable",
      assessed_on: "2026-11-20",
    });
  });
});
