import { expect, it } from "vitest";
import { APP_ROLE } from "../../db/acting.server.ts";
import { type DatabaseHandle, openPostgres } from "../../db/database.server.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { takenUpCase } from "../../testing/case-fixtures.ts";
import {
  addOtherParty,
  recordActivity,
  recordConsent,
  recordOutcome,
  recordRiskAssessment,
  setChosenForms,
} from "./case-file.commands.server.ts";
import { moveCase } from "./case-move.commands.server.ts";

/**
 * A sexual-offence case carried from taking up to closed through the case file, as the
 * application role on PostgreSQL: every step only once its conditions are recorded, and a
 * withdrawn consent blocks what depended on it.
 */
describeWithDatabase("a case from taking up to closing", (handle, kind, testUrl) => {
  it("moves only when the case file has what each step needs", async () => {
    const owner = handle().db;
    const url = testUrl();
    const app: DatabaseHandle = kind === "postgres" && url ? openPostgres(url, 2, { role: APP_ROLE }) : handle();
    try {
      const made = await takenUpCase(owner, app.db, {
        offence: "sexual_offence",
        answers: { name: "Lina de Boer", email: "lina@example.org", contactChannels: ["email"] },
      });
      const { caseId, mediator, now } = made;
      const base = { caseId, origin: "t", now };
      let version = 1;
      const move = async (m: Parameters<typeof moveCase>[2]["move"]) => {
        const r = await moveCase(app.db, mediator, { ...base, move: m, expectedVersion: version });
        if (r.ok) version++;
        return r;
      };
      const missing = async (to: Parameters<typeof moveCase>[2]["move"]) => {
        const r = await move(to);
        return r.ok ? [] : r.kind === "refused" ? r.missing : ["conflict"];
      };

      const parties = await owner
        .selectFrom("case_party")
        .select(["id", "role", "display_name", "side"])
        .where("case_id", "=", caseId)
        .execute();
      const registrant = parties.find((p) => p.role === "registrant");
      expect(registrant).toMatchObject({ display_name: "Lina de Boer", side: "victim" });
      const rid = registrant?.id ?? 0;

      expect(await move({ kind: "advance", to: "first_conversation" })).toEqual({ ok: true, to: "first_conversation" });
      expect(await missing({ kind: "advance", to: "approaching_other_party" })).toEqual([
        "first_conversation_not_held",
        "registrant_consent_processing",
        "registrant_consent_approach",
        "other_party_unknown",
      ]);
      await recordActivity(app.db, mediator, {
        ...base,
        kind: "first_conversation",
        partyId: rid,
        occurredOn: "2026-11-27",
        minutes: 60,
        summary: "Kennismaking.",
      });
      for (const purpose of ["processing", "approach_other_party"] as const) {
        await recordConsent(app.db, mediator, { ...base, partyId: rid, purpose, given: true, method: "verbal" });
      }
      await addOtherParty(app.db, mediator, { ...base, name: "Tom Smit", contact: { phone: "0612345678" } });
      const other = await owner
        .selectFrom("case_party")
        .select(["id", "side"])
        .where("case_id", "=", caseId)
        .where("role", "=", "other_party")
        .executeTakeFirstOrThrow();
      expect(other.side).toBe("offender");
      expect(await move({ kind: "advance", to: "approaching_other_party" })).toMatchObject({ ok: true });

      // A withdrawal blocks what depended on it, and the history stays.
      await recordConsent(app.db, mediator, {
        ...base,
        partyId: rid,
        purpose: "approach_other_party",
        given: false,
        method: "written",
      });
      expect(await missing({ kind: "advance", to: "preparing" })).toEqual([
        "registrant_consent_approach",
        "other_party_consent_processing",
      ]);
      await recordConsent(app.db, mediator, {
        ...base,
        partyId: rid,
        purpose: "approach_other_party",
        given: true,
        method: "written",
      });
      await recordConsent(app.db, mediator, {
        ...base,
        partyId: other.id,
        purpose: "processing",
        given: true,
        method: "verbal",
      });
      expect(await move({ kind: "advance", to: "preparing" })).toMatchObject({ ok: true });

      expect(await missing({ kind: "advance", to: "contact" })).toEqual([
        "expectation_conversation_registrant",
        "expectation_conversation_other_party",
        "no_contact_form_chosen",
        "risk_assessment_missing",
      ]);
      for (const partyId of [rid, other.id]) {
        await recordActivity(app.db, mediator, {
          ...base,
          kind: "expectation_conversation",
          partyId,
          occurredOn: "2026-11-27",
          summary: "",
        });
      }
      await setChosenForms(app.db, mediator, { ...base, forms: ["letter_exchange"] });
      await recordConsent(app.db, mediator, {
        ...base,
        partyId: rid,
        purpose: "contact_form",
        contactForm: "letter_exchange",
        given: true,
        method: "written",
      });
      expect(await missing({ kind: "advance", to: "contact" })).toEqual([
        "other_party_consent_contact_form",
        "risk_assessment_missing",
      ]);
      await recordConsent(app.db, mediator, {
        ...base,
        partyId: other.id,
        purpose: "contact_form",
        contactForm: "letter_exchange",
        given: true,
        method: "written",
      });
      const answers = {
        power_imbalance: "Geen",
        age_maturity: "Volwassen",
        acknowledgement: "Erkent de feiten",
        retraumatisation: "Laag",
        safety: "Geen zorgen",
        cooling_off: "Niet nodig",
      };
      await recordRiskAssessment(app.db, mediator, {
        ...base,
        answers,
        conclusion: "not_suitable",
        assessedOn: "2026-11-27",
      });
      expect(await missing({ kind: "advance", to: "contact" })).toEqual(["risk_assessment_not_suitable"]);
      await recordRiskAssessment(app.db, mediator, {
        ...base,
        answers,
        conclusion: "suitable_with_conditions",
        assessedOn: "2026-11-27",
      });
      expect(await move({ kind: "advance", to: "contact" })).toMatchObject({ ok: true });

      expect(await missing({ kind: "advance", to: "closing" })).toEqual(["no_contact_recorded"]);
      await recordActivity(app.db, mediator, {
        ...base,
        kind: "contact_moment",
        contactForm: "letter_exchange",
        occurredOn: "2026-11-27",
        summary: "Brief doorgegeven.",
      });
      expect(await move({ kind: "advance", to: "closing" })).toMatchObject({ ok: true });
      expect(await missing({ kind: "advance", to: "closed" })).toEqual(["outcome_not_recorded"]);
      await recordOutcome(app.db, mediator, { ...base, contact: true });
      expect(await move({ kind: "advance", to: "closed" })).toEqual({ ok: true, to: "closed" });

      const consents = await owner
        .selectFrom("case_consent")
        .select(["purpose", "given"])
        .where("case_id", "=", caseId)
        .where("purpose", "=", "approach_other_party")
        .orderBy("id")
        .execute();
      expect(consents.map((c) => c.given)).toEqual([true, false, true]);
      const audit = await owner
        .selectFrom("audit_log")
        .select("action")
        .where("object_type", "=", "case")
        .where("object_id", "=", String(caseId))
        .execute();
      expect(audit.map((a) => a.action)).toContain("case.consent_withdrawn");
    } finally {
      if (app !== handle()) await app.close();
    }
  });
});
