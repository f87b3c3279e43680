import JSZip from "jszip";
import { expect, it } from "vitest";
import { asAppRole } from "../../db/testing/app-role.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { staffActor } from "../../testing/case-fixtures.ts";
import { MARKERS, markedCase } from "../../testing/marked-case.ts";
import { verifyAuditChain } from "../audit/audit.queries.server.ts";
import type { Actor } from "../auth/roles.ts";
import { recordActivity } from "../cases/case-file.commands.server.ts";
import { buildAccessExport } from "./access-export.server.ts";
import {
  decidePrivacyRequest,
  liftRestriction,
  placeLegalHold,
  recordPrivacyRequest,
} from "./privacy.commands.server.ts";
import { casePrivacy, caseTombstone, privacyOverview } from "./privacy.queries.server.ts";
import { reviewSealedNotes } from "./privacy-testing.ts";

const NOW = new Date("2026-11-25T10:00:00Z");
const base = (caseId: number) => ({ caseId, origin: "t", now: NOW });

describeWithDatabase("requests of the people in a file", (handle, kind, url) => {
  it("an access export holds the person's own data and none of the other party's, and is refused to other roles", async () => {
    const owner = handle().db;
    const marked = await markedCase(owner);
    const coordinator = await staffActor(owner, "coordinator", { region: "oost" });
    const others: Actor[] = [
      await staffActor(owner, "mediator"),
      await staffActor(owner, "researcher"),
      await staffActor(owner, "administrator"),
      await staffActor(owner, "privacy_officer"),
    ];
    const { app, release } = await asAppRole(handle(), kind, url());
    try {
      const recorded = await recordPrivacyRequest(app.db, coordinator, {
        ...base(marked.caseId),
        kind: "access",
        partyRole: "registrant",
        receivedOn: "2026-11-24",
      });
      if (!recorded.ok) throw new Error(recorded.problem);
      // The sealed note waits for the mediator, who leaves it out (their working notes).
      await reviewSealedNotes(app.db, marked, recorded.requestId, "working_notes");
      const mine = await buildAccessExport(app.db, coordinator, {
        ...base(marked.caseId),
        requestId: recorded.requestId,
      });
      const zip = await JSZip.loadAsync(mine.bytes);
      expect(Object.keys(zip.files).sort()).toEqual(["inzage.html", "inzage.json"]);
      const json = await zip.file("inzage.json")?.async("string");
      const html = await zip.file("inzage.html")?.async("string");
      for (const text of [json, html]) {
        for (const own of [MARKERS.hopes, MARKERS.email, MARKERS.address, MARKERS.letter, MARKERS.person]) {
          expect(text, own).toContain(own);
        }
        // Never: the mediator's sealed notes, the other party's name (also not from the registration).
        expect(text).not.toContain(MARKERS.sealedNote);
        expect(text).not.toContain("Olaf Ander");
      }
      expect(mine.json.accessLog.length).toBeGreaterThan(0);

      const theirs = await recordPrivacyRequest(app.db, coordinator, {
        ...base(marked.caseId),
        kind: "access",
        partyRole: "other_party",
        receivedOn: "2026-11-24",
      });
      if (!theirs.ok) throw new Error(theirs.problem);
      await reviewSealedNotes(app.db, marked, theirs.requestId, "rights_of_others");
      const other = await buildAccessExport(app.db, coordinator, {
        ...base(marked.caseId),
        requestId: theirs.requestId,
      });
      const otherText =
        JSON.stringify(other.json) + (await (await JSZip.loadAsync(other.bytes)).file("inzage.html")?.async("string"));
      expect(other.json.person.name).toBe("Olaf Ander");
      for (const registrants of [
        MARKERS.hopes,
        MARKERS.email,
        MARKERS.phone,
        MARKERS.address,
        MARKERS.letter,
        MARKERS.person,
        MARKERS.sealedNote,
        "Mara Merk",
      ]) {
        expect(otherText, registrants).not.toContain(registrants);
      }

      for (const actor of others) {
        await expect(
          buildAccessExport(app.db, actor, { ...base(marked.caseId), requestId: recorded.requestId }),
        ).rejects.toMatchObject({ code: "FORBIDDEN" });
      }
    } finally {
      await release();
    }
  });

  it("erasure on request needs a second coordinator, respects a hold, then erases at once and leaves a tombstone", async () => {
    const owner = handle().db;
    const marked = await markedCase(owner);
    const first = await staffActor(owner, "coordinator", { region: "oost" });
    const second = await staffActor(owner, "coordinator", { region: "oost" });
    const officer = await staffActor(owner, "privacy_officer");
    const { app, release } = await asAppRole(handle(), kind, url());
    try {
      const db = app.db;
      const recorded = await recordPrivacyRequest(db, first, {
        ...base(marked.caseId),
        kind: "erasure",
        partyRole: "registrant",
        receivedOn: "2026-10-20",
      });
      if (!recorded.ok) throw new Error(recorded.problem);
      const decide = (actor: Actor) =>
        decidePrivacyRequest(db, actor, {
          ...base(marked.caseId),
          requestId: recorded.requestId,
          decision: "approved",
          reason: "Verzoek van de aanmelder, geen bewaarplicht",
        });
      expect(await decide(first)).toEqual({ ok: false, problem: "four_eyes" });

      // The privacy officer sees the open request as overdue (received 20 October, due 20 November).
      const overview = await privacyOverview(db, officer, NOW);
      expect(overview.requests.find((r) => r.id === recorded.requestId)).toMatchObject({
        kind: "erasure",
        due_on: "2026-11-20",
        overdue: true,
        case_reference: marked.reference,
      });

      // A hold stops the erasure; nothing is decided.
      expect(
        await placeLegalHold(db, first, { ...base(marked.caseId), reason: "complaint", until: "2027-03-01" }),
      ).toEqual({
        ok: true,
      });
      expect(await decide(second)).toEqual({ ok: false, problem: "legal_hold" });
      const held = await casePrivacy(db, second, marked.caseId);
      expect(held.requests.find((r) => r.id === recorded.requestId)?.decision).toBeNull();
      const hold = held.holds[0];
      if (!hold) throw new Error("no hold");
      expect((await privacyOverview(db, officer, NOW)).holds.map((h) => h.reference)).toContain(marked.reference);

      const { liftLegalHold } = await import("./privacy.commands.server.ts");
      await liftLegalHold(db, first, { ...base(marked.caseId), holdId: hold.id });
      expect(await decide(second)).toEqual({ ok: true, erased: true });
      expect(await caseTombstone(db, second, marked.caseId)).toMatchObject({
        reference: marked.reference,
        rule: "request",
      });
      const after = await privacyOverview(db, officer, NOW);
      expect(after.requests.find((r) => r.id === recorded.requestId)).toMatchObject({
        decision: "approved",
        overdue: false,
      });
      expect(after.erased.find((e) => e.rule === "request")?.objects).toBeGreaterThan(0);
    } finally {
      await release();
    }
    expect(await owner.selectFrom("mediation_case").select("id").where("id", "=", marked.caseId).execute()).toEqual([]);
    const actions = await owner
      .selectFrom("audit_log")
      .select(["action", "reason", "result"])
      .where("object_type", "=", "case")
      .where("object_id", "=", String(marked.caseId))
      .where("action", "like", "privacy.%")
      .orderBy("id")
      .execute();
    expect(actions).toEqual([
      { action: "privacy.request_erasure", reason: "recorded", result: "allowed" },
      { action: "privacy.request_decide", reason: "four_eyes", result: "denied" },
      { action: "privacy.request_erasure", reason: "approved", result: "allowed" },
    ]);
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: true });
  });

  it("a restriction freezes the file until it is lifted", async () => {
    const owner = handle().db;
    const marked = await markedCase(owner);
    const first = await staffActor(owner, "coordinator", { region: "oost" });
    const second = await staffActor(owner, "coordinator", { region: "oost" });
    const { app, release } = await asAppRole(handle(), kind, url());
    try {
      const db = app.db;
      const note = () =>
        recordActivity(db, marked.mediator, {
          ...base(marked.caseId),
          kind: "note",
          occurredOn: "2026-11-25",
          summary: "Na de beperking",
        });
      const recorded = await recordPrivacyRequest(db, first, {
        ...base(marked.caseId),
        kind: "restriction",
        partyRole: "other_party",
        receivedOn: "2026-11-25",
      });
      if (!recorded.ok) throw new Error(recorded.problem);
      expect(
        await decidePrivacyRequest(db, second, {
          ...base(marked.caseId),
          requestId: recorded.requestId,
          decision: "approved",
          reason: "Juistheid betwist",
        }),
      ).toEqual({ ok: true, erased: false });
      expect((await casePrivacy(db, second, marked.caseId)).restricted).toBe(true);
      await expect(note()).rejects.toMatchObject({ code: "HR001" });
      await liftRestriction(db, first, { ...base(marked.caseId), requestId: recorded.requestId });
      expect((await casePrivacy(db, second, marked.caseId)).restricted).toBe(false);
      await note();
    } finally {
      await release();
    }
  });
});
