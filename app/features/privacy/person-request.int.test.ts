import JSZip from "jszip";
import { expect, it } from "vitest";
import { asAppRole } from "../../db/testing/app-role.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { ErrorCode } from "../../lib/errors.ts";
import { parseForm } from "../../lib/form-schema.ts";
import { staffActor } from "../../testing/case-fixtures.ts";
import { MARKERS, markedCase } from "../../testing/marked-case.ts";
import { verifyAuditChain } from "../audit/audit.queries.server.ts";
import { auditingRefusals } from "../audit/refusals.server.ts";
import { getPeople } from "../parties/people.server.ts";
import { buildAccessExport } from "./access-export.server.ts";
import { recordPrivacyRequest } from "./privacy.commands.server.ts";
import { casePrivacy } from "./privacy.queries.server.ts";
import { requestForm } from "./privacy.schema.ts";
import { reviewSealedNotes } from "./privacy-testing.ts";

const NOW = new Date("2026-11-25T10:00:00Z");

/** The privacy page's request form, as the browser sends it. */
function form(requester: string): FormData {
  const body = new FormData();
  body.set("kind", "access");
  body.set("requester", requester);
  body.set("receivedOn", "2026-11-24");
  return body;
}

describeWithDatabase("a request from someone around a party", (handle, kind, url) => {
  it("is recorded for a person around that party of this case only, audited, and its export is theirs", async () => {
    const owner = handle().db;
    const marked = await markedCase(owner);
    const elsewhere = await markedCase(owner);
    const coordinator = await staffActor(owner, "coordinator", { region: "oost" });
    const { app, release } = await asAppRole(handle(), kind, url());
    try {
      const db = app.db;
      const { persons } = await getPeople(db, coordinator, marked.caseId);
      const aunt = persons.find((p) => p.display_name === MARKERS.person);
      if (!aunt) throw new Error("the marked case has a person around the registrant");
      const strangerId = (await getPeople(db, coordinator, elsewhere.caseId)).persons[0]?.id;
      if (strangerId === undefined) throw new Error("the other case has a person too");

      // As the page's action does it: the form, then the command, refusals audited.
      const record = (requester: string) => {
        const parsed = parseForm(requestForm, form(requester));
        if (!parsed.ok) throw new Error("form refused");
        const who = {
          actorId: coordinator.userId,
          action: "privacy.request",
          objectType: "case",
          objectId: String(marked.caseId),
          origin: "t",
        };
        return auditingRefusals(db, who, () =>
          recordPrivacyRequest(db, coordinator, { caseId: marked.caseId, origin: "t", now: NOW, ...parsed.data }),
        );
      };

      // Not a person around the other party, not someone of another case, and no made-up form value.
      await expect(record(`other_party/${aunt.id}`)).rejects.toMatchObject({ code: ErrorCode.NotFound });
      await expect(record(`registrant/${strangerId}`)).rejects.toMatchObject({ code: ErrorCode.NotFound });
      expect(parseForm(requestForm, form(`someone/${aunt.id}`)).ok).toBe(false);
      expect((await casePrivacy(db, coordinator, marked.caseId)).requests).toEqual([]);

      const recorded = await record(`registrant/${aunt.id}`);
      if (!recorded.ok) throw new Error(recorded.problem);
      const listed = (await casePrivacy(db, coordinator, marked.caseId)).requests;
      expect(listed).toMatchObject([{ id: recorded.requestId, party_role: "registrant", person_id: aunt.id }]);

      // The export is the aunt's: her name, none of the registrant's own data, not the other party.
      await reviewSealedNotes(db, marked, recorded.requestId, "rights_of_others");
      const made = await buildAccessExport(db, coordinator, {
        caseId: marked.caseId,
        requestId: recorded.requestId,
        origin: "t",
        now: NOW,
      });
      expect(made.fileName).toMatch(/-person\.zip$/);
      const json = await (await JSZip.loadAsync(made.bytes)).file("inzage.json")?.async("string");
      expect(json).toContain(MARKERS.person);
      for (const notHers of [MARKERS.hopes, MARKERS.address, MARKERS.sealedNote, "Olaf Ander"]) {
        expect(json, notHers).not.toContain(notHers);
      }
    } finally {
      await release();
    }
    const actions = await owner
      .selectFrom("audit_log")
      .select(["action", "reason", "result"])
      .where("object_type", "=", "case")
      .where("object_id", "=", String(marked.caseId))
      .where("action", "like", "privacy.request%")
      .orderBy("id")
      .execute();
    expect(actions).toEqual([
      { action: "privacy.request", reason: "not_found", result: "denied" },
      { action: "privacy.request", reason: "not_found", result: "denied" },
      { action: "privacy.request_access", reason: "recorded_person", result: "allowed" },
    ]);
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: true });
  });
});
