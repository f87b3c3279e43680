import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { FIXED_NOW, takenUpCase } from "../../testing/case-fixtures.ts";
import { postIntent } from "../../testing/case-intents.ts";
import { addParty } from "./parties.intents.server.ts";

/** Found by the access matrix: adding the other party a second time gave a 500. */
describeWithDatabase("adding the other party twice", (handle) => {
  it("refuses the second one as input, and keeps the first", async () => {
    const made = await takenUpCase(handle().db);
    const base = { caseId: made.caseId, origin: "t", now: FIXED_NOW };
    const post = (name: string) => postIntent(handle().db, made.mediator, addParty, { name }, base);
    expect(await post("Eerste")).toEqual({ kind: "saved" });
    expect(await post("Tweede")).toMatchObject({ kind: "fields", fields: ["name"] });
    const parties = await handle()
      .db.selectFrom("case_party")
      .select("display_name")
      .where("case_id", "=", made.caseId)
      .where("role", "=", "other_party")
      .execute();
    expect(parties).toEqual([{ display_name: "Eerste" }]);
  });
});
