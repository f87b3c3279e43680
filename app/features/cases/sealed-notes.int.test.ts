import { expect, it } from "vitest";
import { APP_ROLE, withStaffActor } from "../../db/acting.server.ts";
import { type DatabaseHandle, openPostgres } from "../../db/database.server.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { staffActor, takenUpCase } from "../../testing/case-fixtures.ts";
import { storedCaseBox } from "../../testing/sealed-reads.ts";
import type { Actor } from "../auth/roles.ts";
import { getCaseFile } from "./case.queries.server.ts";
import { recordActivity } from "./case-file.commands.server.ts";

/** Sealed notes: only the assigned mediators read them; coordinators and the intake desk never do. */
describeWithDatabase("sealed notes", (handle, kind, testUrl) => {
  it("are visible to the assigned mediator only", async () => {
    const url = testUrl();
    const app: DatabaseHandle = kind === "postgres" && url ? openPostgres(url, 2, { role: APP_ROLE }) : handle();
    try {
      const owner = handle().db;
      const made = await takenUpCase(owner, app.db, { region: "zuid", answers: { name: "Eva" } });
      const { mediator, intake, now } = made;
      const coordinator = await staffActor(owner, "coordinator", { region: "zuid" });
      const base = { caseId: made.caseId, origin: "t", now, occurredOn: "2026-11-27" };
      await recordActivity(app.db, mediator, { ...base, kind: "note", summary: "Gewone notitie.", sealed: false });
      await recordActivity(app.db, mediator, {
        ...base,
        kind: "note",
        summary: "Afgeschermd: alleen voor de bemiddelaar.",
        sealed: true,
      });
      await expect(
        recordActivity(app.db, mediator, { ...base, kind: "call", summary: "x", sealed: true }),
      ).rejects.toThrow();

      const summaries = async (actor: Actor) =>
        (await getCaseFile(app.db, actor, made.caseId)).activities.map((a) => a.summary).sort();
      expect(await summaries(mediator)).toEqual(["Afgeschermd: alleen voor de bemiddelaar.", "Gewone notitie."]);
      expect(await summaries(coordinator)).toEqual(["Gewone notitie."]);

      if (kind === "postgres") {
        // Row-level security alone, without the application's filter.
        const raw = await withStaffActor(app.db, coordinator, (trx) =>
          trx.selectFrom("case_activity").select(["id", "summary"]).where("case_id", "=", made.caseId).execute(),
        );
        const box = await storedCaseBox(owner, made.caseId);
        expect(raw.map((r) => box.openOptionalText("case_activity.summary", r.id, r.summary))).toEqual([
          "Gewone notitie.",
        ]);
        await expect(
          recordActivity(app.db, coordinator, { ...base, kind: "note", summary: "poging", sealed: true }),
        ).rejects.toThrow(/row-level security/);
        expect(
          await withStaffActor(app.db, intake, (trx) =>
            trx.selectFrom("case_activity").select("summary").where("case_id", "=", made.caseId).execute(),
          ),
        ).toEqual([]);
      }
    } finally {
      if (kind === "postgres" && testUrl()) await app.close();
    }
  });
});
