import JSZip from "jszip";
import { expect, it } from "vitest";
import { asAppRole } from "../../db/testing/app-role.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { staffActor, takenUpCase, waitingRegistration } from "../../testing/case-fixtures.ts";
import { MARKERS, markedCase } from "../../testing/marked-case.ts";
import { verifyAuditChain } from "../audit/audit.queries.server.ts";
import type { Actor } from "../auth/roles.ts";
import { accessExportStatus, buildAccessExport } from "./access-export.server.ts";
import {
  accessExportCandidates,
  accessExportMatches,
  candidateKey,
  confirmAccessExportScope,
} from "./access-export-scope.server.ts";
import { recordPrivacyRequest } from "./privacy.commands.server.ts";
import { reviewSealedNote, sealedReviewsForCase } from "./sealed-review.server.ts";

const NOW = new Date("2026-11-25T10:00:00Z");
const base = (caseId: number) => ({ caseId, origin: "t", now: NOW });

/** An access request of one party of the case, recorded by the coordinator; its ids. */
async function accessRequestOf(
  db: Parameters<typeof recordPrivacyRequest>[0],
  coordinator: Actor,
  caseId: number,
  partyRole: "registrant" | "other_party",
) {
  const recorded = await recordPrivacyRequest(db, coordinator, {
    ...base(caseId),
    kind: "access",
    partyRole,
    receivedOn: "2026-11-24",
  });
  if (!recorded.ok) throw new Error(recorded.problem);
  return { caseId, requestId: recorded.requestId };
}

describeWithDatabase("access export across a person's records", (handle, kind, url) => {
  it("covers the confirmed records of the same person, waits for the sealed notes' review, and holds none of the other party's data", async () => {
    const owner = handle().db;
    // The same registrant (name, e-mail, telephone) in two cases and in a registration never taken up.
    const first = await markedCase(owner);
    const second = await markedCase(owner);
    const loose = await waitingRegistration(owner, {
      answers: { name: "Mara Merk", email: MARKERS.email, dateOfBirth: "1990-02-03", hopes: "LOOSE-marker-Kwartel" },
    });
    // Someone else's registration that names her as the other party.
    const naming = await waitingRegistration(owner, {
      answers: { name: "Piet Ander", otherPartyName: "Mara Merk", otherPartyDescription: "NAMED-marker-Gors" },
    });
    const stranger = await waitingRegistration(owner, { answers: { name: "Nina Niemand", hopes: "STRANGER-marker" } });
    const coordinator = await staffActor(owner, "coordinator", { region: "oost" });
    const elsewhere = await staffActor(owner, "coordinator", { region: "west" });
    const refused: Actor[] = [
      first.mediator,
      await staffActor(owner, "researcher"),
      await staffActor(owner, "administrator"),
      await staffActor(owner, "privacy_officer"),
      await staffActor(owner, "intake"),
    ];
    const { app, release } = await asAppRole(handle(), kind, url());
    try {
      const db = app.db;
      const ids = await accessRequestOf(db, coordinator, first.caseId, "registrant");

      // Candidates: the second case (name and contact details), the loose registration (name and
      // e-mail), the registration that names her; never the stranger's.
      const candidates = await accessExportCandidates(db, coordinator, ids);
      const secondCase = candidates.find((c) => c.caseId === second.caseId && c.role === "registrant");
      // Its party's contact holds the telephone (the e-mail is in the registration).
      expect(secondCase?.matchedOn).toEqual(["name", "phone"]);
      const looseOne = candidates.find((c) => c.registrationId === loose.id);
      expect(looseOne).toMatchObject({ role: "registrant" });
      expect(looseOne?.matchedOn).toEqual(expect.arrayContaining(["name", "email"]));
      expect(candidates.find((c) => c.registrationId === naming.id)).toMatchObject({ role: "named_other_party" });
      expect(candidates.some((c) => c.registrationId === stranger.id)).toBe(false);
      expect(candidates.some((c) => c.caseId === first.caseId && c.role === "registrant")).toBe(false);
      expect(candidates.every((c) => !c.confirmed)).toBe(true);

      // The coordinator confirms the case and the loose registration, not the naming one.
      const chosen = [secondCase, looseOne].map((c) => candidateKey(c as NonNullable<typeof c>));
      expect(await confirmAccessExportScope(db, coordinator, { ...ids, chosen, origin: "t", now: NOW })).toBe(2);
      expect((await accessExportCandidates(db, coordinator, ids)).filter((c) => c.confirmed)).toHaveLength(2);

      // Both cases have a sealed note: the export waits for their mediators.
      expect(await accessExportStatus(db, coordinator, ids)).toEqual({
        state: "awaiting_review",
        sealedNotes: 2,
        unreviewed: 2,
      });
      await expect(buildAccessExport(db, coordinator, { ...ids, origin: "t", now: NOW })).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
      // Each mediator sees only their own case's note, with its text.
      const firstReviews = await sealedReviewsForCase(db, first.mediator, first.caseId);
      const firstNotes = firstReviews.find((r) => r.requestId === ids.requestId)?.notes ?? [];
      expect(firstNotes.map((n) => n.summary)).toEqual([MARKERS.sealedNote]);
      await expect(sealedReviewsForCase(db, second.mediator, first.caseId)).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      const secondNotes =
        (await sealedReviewsForCase(db, second.mediator, second.caseId)).find((r) => r.requestId === ids.requestId)
          ?.notes ?? [];
      expect(secondNotes).toHaveLength(1);
      const [firstNote] = firstNotes;
      const [secondNote] = secondNotes;
      if (!firstNote || !secondNote) throw new Error("notes missing");
      // Not the other case's mediator, not a coordinator.
      for (const who of [second.mediator, coordinator]) {
        await expect(
          reviewSealedNote(db, who, {
            ...ids,
            activityId: firstNote.activityId,
            reason: "about_the_person",
            origin: "t",
            now: NOW,
          }),
        ).rejects.toMatchObject({ code: who === coordinator ? "FORBIDDEN" : "NOT_FOUND" });
      }
      await reviewSealedNote(db, first.mediator, {
        ...ids,
        activityId: firstNote.activityId,
        reason: "about_the_person",
        origin: "t",
        now: NOW,
      });
      expect(await accessExportStatus(db, coordinator, ids)).toMatchObject({ state: "awaiting_review", unreviewed: 1 });
      await reviewSealedNote(db, second.mediator, {
        caseId: second.caseId,
        requestId: ids.requestId,
        activityId: secondNote.activityId,
        reason: "rights_of_others",
        origin: "t",
        now: NOW,
      });
      expect(await accessExportStatus(db, coordinator, ids)).toEqual({ state: "ready", sealedNotes: 2 });

      const made = await buildAccessExport(db, coordinator, { ...ids, origin: "t", now: NOW });
      const zip = await JSZip.loadAsync(made.bytes);
      expect(Object.keys(zip.files).sort()).toEqual(["inzage.html", "inzage.json"]);
      const json = (await zip.file("inzage.json")?.async("string")) ?? "";
      const html = (await zip.file("inzage.html")?.async("string")) ?? "";
      expect(made.json.cases.map((c) => c.person.name)).toEqual(["Mara Merk", "Mara Merk"]);
      expect(made.json.registrations.map((r) => r.reference)).toEqual([loose.reference]);
      // The included note is there once (first case), the one left out is not (second case).
      expect(made.json.cases[0]?.sealedNotes.map((n) => n.summary)).toEqual([MARKERS.sealedNote]);
      expect(made.json.cases[1]?.sealedNotes).toEqual([]);
      expect(html.split(MARKERS.sealedNote)).toHaveLength(2);
      for (const text of [json, html]) {
        for (const own of [MARKERS.hopes, MARKERS.email, MARKERS.address, MARKERS.letter, MARKERS.person]) {
          expect(text, own).toContain(own);
        }
        expect(text).toContain("LOOSE-marker-Kwartel");
        expect(text).toContain(second.reference);
        // Never the other party's name, the naming registration not confirmed, nor a stranger.
        expect(text).not.toContain("Olaf Ander");
        expect(text).not.toContain("NAMED-marker-Gors");
        expect(text).not.toContain("STRANGER-marker");
      }
      // Who opened the files, for every record in it.
      const logged = new Set(made.json.accessLog.map((h) => h.reference));
      expect(logged).toContain(second.reference);

      // Refused to the roles that may not make it, at every step; another region's coordinator does not find it.
      for (const actor of refused) {
        await expect(accessExportCandidates(db, actor, ids)).rejects.toMatchObject({ code: "FORBIDDEN" });
        await expect(accessExportStatus(db, actor, ids)).rejects.toMatchObject({ code: "FORBIDDEN" });
        await expect(buildAccessExport(db, actor, { ...ids, origin: "t", now: NOW })).rejects.toMatchObject({
          code: "FORBIDDEN",
        });
      }
      await expect(buildAccessExport(db, elsewhere, { ...ids, origin: "t", now: NOW })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    } finally {
      await release();
    }
    const actions = await owner
      .selectFrom("audit_log")
      .select(["action", "reason"])
      .where("action", "in", ["privacy.export_scope", "privacy.sealed_review", "privacy.export"])
      .where("actor_id", "in", [coordinator.userId, first.mediator.userId, second.mediator.userId])
      .orderBy("id")
      .execute();
    expect(actions).toEqual([
      { action: "privacy.export_scope", reason: "records_confirmed" },
      { action: "privacy.sealed_review", reason: "include" },
      { action: "privacy.sealed_review", reason: "rights_of_others" },
      { action: "privacy.export", reason: "registrant" },
    ]);
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: true });
  });

  it("offers a second registration linked to a case, and counts same-name records in regions the coordinator cannot see", async () => {
    const owner = handle().db;
    const first = await markedCase(owner);
    const zuid = await owner.selectFrom("region").select("id").where("code", "=", "zuid").executeTakeFirstOrThrow();
    const oost = await owner.selectFrom("region").select("id").where("code", "=", "oost").executeTakeFirstOrThrow();
    // The other party registered too; the intake desk linked that registration to the case.
    const linked = await waitingRegistration(owner, {
      side: "offender",
      answers: { name: "Olaf Ander", otherPartyName: "Mara Merk", hopes: "LINKED-marker-Grutto" },
    });
    await owner
      .updateTable("registration")
      .set({ status: "linked", case_id: first.caseId, region_id: oost.id })
      .where("id", "=", linked.id)
      .execute();
    // Records of the same name in a region this coordinator does not see: a case and a registration.
    await takenUpCase(owner, owner, {
      region: "zuid",
      answers: { name: "Olaf Ander", hopes: "HIDDEN-marker-Tureluur" },
    });
    const hidden = await waitingRegistration(owner, { answers: { name: "Olaf Ander", hopes: "HIDDEN-marker-Kluut" } });
    await owner.updateTable("registration").set({ region_id: zuid.id }).where("id", "=", hidden.id).execute();
    const coordinator = await staffActor(owner, "coordinator", { region: "oost" });
    const { app, release } = await asAppRole(handle(), kind, url());
    try {
      const db = app.db;
      const ids = await accessRequestOf(db, coordinator, first.caseId, "other_party");
      const { candidates, elsewhere } = await accessExportMatches(db, coordinator, ids);
      const own = candidates.find((c) => c.registrationId === linked.id && c.role === "registrant");
      expect(own?.matchedOn).toEqual(["name"]);
      // The case's own registration comes with the case; the hidden ones are never candidates.
      expect(candidates.some((c) => c.registrationId === first.registrationId)).toBe(false);
      expect(candidates.some((c) => c.registrationId === hidden.id)).toBe(false);
      expect(elsewhere).toEqual([{ regionName: "Zuid-Nederland", registrations: 1, cases: 1 }]);
      // The registrant's request on the same case finds the linked registration as naming her.
      const named = await accessExportMatches(
        db,
        coordinator,
        await accessRequestOf(db, coordinator, first.caseId, "registrant"),
      );
      expect(named.candidates.find((c) => c.registrationId === linked.id)).toMatchObject({ role: "named_other_party" });
      expect(named.elsewhere).toEqual([]);

      // Confirmed, the linked registration's own answers are in the other party's export.
      await confirmAccessExportScope(db, coordinator, {
        ...ids,
        chosen: [candidateKey(own as NonNullable<typeof own>)],
        origin: "t",
        now: NOW,
      });
      const reviews = await sealedReviewsForCase(db, first.mediator, first.caseId);
      for (const note of reviews.find((r) => r.requestId === ids.requestId)?.notes ?? []) {
        await reviewSealedNote(db, first.mediator, {
          ...ids,
          activityId: note.activityId,
          reason: "rights_of_others",
          origin: "t",
          now: NOW,
        });
      }
      const made = await buildAccessExport(db, coordinator, { ...ids, origin: "t", now: NOW });
      expect(made.json.person.name).toBe("Olaf Ander");
      expect(made.json.registrations.map((r) => r.reference)).toEqual([linked.reference]);
      const json = JSON.stringify(made.json);
      expect(json).toContain("LINKED-marker-Grutto");
      for (const not of ["HIDDEN-marker", MARKERS.hopes, MARKERS.email, MARKERS.sealedNote]) {
        expect(json, not).not.toContain(not);
      }
    } finally {
      await release();
    }
  });
});
