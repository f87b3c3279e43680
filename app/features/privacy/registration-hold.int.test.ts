import { expect, it } from "vitest";
import { asAppRole } from "../../db/testing/app-role.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { staffActor, takenUpCase, waitingRegistration } from "../../testing/case-fixtures.ts";
import { runRetention } from "../retention/retention.server.ts";
import { privacyOverview } from "./privacy.queries.server.ts";
import { liftRegistrationHold, placeRegistrationHold, registrationHolds } from "./registration-hold.server.ts";

const NOW = new Date("2026-11-30T10:00:00Z");

describeWithDatabase("legal hold on a registration never taken up", (handle, kind, url) => {
  it("keeps it from the schedule, lists it for the privacy officer, and is for coordinators only", async () => {
    const owner = handle().db;
    // Received in 2025: due on 2026-01-10 under "not taken up" (12 months).
    const waiting = await waitingRegistration(owner, { receivedAt: new Date("2025-01-10T10:00:00Z") });
    const taken = await takenUpCase(owner);
    const coordinator = await staffActor(owner, "coordinator", { region: "midden" });
    const officer = await staffActor(owner, "privacy_officer");
    const mediator = await staffActor(owner, "mediator");
    const { app, release } = await asAppRole(handle(), kind, url());
    try {
      const db = app.db;
      const base = { registrationId: waiting.id, origin: "t", now: NOW };
      await expect(
        placeRegistrationHold(db, mediator, { ...base, reason: "complaint", until: "2027-06-01" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(
        await placeRegistrationHold(db, coordinator, { ...base, reason: "complaint", until: "2026-01-01" }),
      ).toEqual({
        ok: false,
        problem: "past_date",
      });
      // A registration that became a case is held through its case.
      expect(
        await placeRegistrationHold(db, coordinator, {
          ...base,
          registrationId: taken.registrationId,
          reason: "complaint",
          until: "2027-06-01",
        }),
      ).toEqual({ ok: false, problem: "not_holdable" });
      expect(
        await placeRegistrationHold(db, coordinator, { ...base, reason: "court_case", until: "2027-06-01" }),
      ).toEqual({
        ok: true,
      });
      const overview = await privacyOverview(db, officer, NOW);
      expect(overview.holds.find((h) => h.reference === waiting.reference)).toMatchObject({
        case_id: null,
        reason: "court_case",
        until: "2027-06-01",
      });
      expect(overview.due.find((d) => d.reference === waiting.reference)).toMatchObject({ held: true });

      // The schedule keeps it while the hold lasts, and erases it once lifted.
      // (On the embedded database the owner's connection acts as the app role here: ask as the coordinator.)
      const run = await runRetention(db, { asOf: "2026-11-30", now: NOW, apply: true });
      expect(run.erased.held).toBeGreaterThanOrEqual(1);
      const [hold] = (await registrationHolds(db, coordinator, waiting.id)).holds;
      await liftRegistrationHold(db, coordinator, { ...base, holdId: hold?.id ?? 0 });
      await runRetention(db, { asOf: "2026-11-30", now: NOW, apply: true });
      await expect(registrationHolds(db, coordinator, waiting.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    } finally {
      await release();
    }
    const actions = await owner
      .selectFrom("audit_log")
      .select(["action", "reason"])
      .where("object_type", "=", "registration")
      .where("object_id", "=", String(waiting.id))
      .where("action", "like", "registration.%")
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      "registration.legal_hold_place",
      "registration.legal_hold_lift",
      "registration.erase",
    ]);
  });
});
