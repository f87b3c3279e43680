import { sql } from "kysely";
import { expect, it } from "vitest";
import { getCase, getCaseFile } from "../features/cases/case.queries.server.ts";
import { getPeople } from "../features/parties/people.server.ts";
import { getRegistration } from "../features/registration/registration-staff.queries.server.ts";
import { DomainError } from "../lib/errors.ts";
import { MARKERS, markedCase } from "../testing/marked-case.ts";
import { shredCaseKeys } from "./data-keys.server.ts";
import { describeWithDatabase } from "./testing/test-database.ts";

/** Crypto-shredding: deleting a case's data keys makes its content unreadable for good. */
describeWithDatabase("erasing a case's data keys", (handle) => {
  it("leaves its content unreadable, notes the erasure, and leaves other cases alone", async () => {
    const db = handle().db;
    const erased = await markedCase(db);
    const kept = await markedCase(db);
    expect((await getCaseFile(db, erased.mediator, erased.caseId)).activities.map((a) => a.summary)).toContain(
      MARKERS.note,
    );

    expect(await shredCaseKeys(db, erased.caseId, new Date("2031-01-01T00:00:00Z"))).toBe(1);
    const code = (e: unknown) => (e instanceof DomainError ? e.code : String(e));
    await expect(getCaseFile(db, erased.mediator, erased.caseId).catch(code)).resolves.toBe("CONTENT_ERASED");
    await expect(getPeople(db, erased.mediator, erased.caseId).catch(code)).resolves.toBe("CONTENT_ERASED");
    const intakeView = { userId: erased.intake.userId, roles: ["coordinator" as const], regionIds: [] };
    await expect(getRegistration(db, intakeView, erased.registrationId).catch(code)).resolves.toBe("CONTENT_ERASED");
    // The case itself (reference, step, dates) remains; its texts are gone.
    expect(await getCase(db, erased.mediator, erased.caseId)).toMatchObject({
      erased: true,
      shared_agreement: null,
      status_updates_to: null,
    });
    // Nor do the parties' names (plain for the search) or the registration's blind index remain.
    const names = await db
      .selectFrom("case_party")
      .select("display_name")
      .where("case_id", "=", erased.caseId)
      .execute();
    expect(new Set(names.map((n) => n.display_name))).toEqual(new Set(["[gewist]"]));
    const tokens = await db
      .selectFrom("registration")
      .select(["match_name", "match_email"])
      .where("id", "=", erased.registrationId)
      .executeTakeFirstOrThrow();
    expect(tokens).toEqual({ match_name: null, match_email: null });
    const ledger = await sql<{ n: number }>`SELECT count(*)::int AS n FROM data_key_erasure`.execute(db);
    expect(ledger.rows[0]?.n).toBe(1);
    expect(await shredCaseKeys(db, erased.caseId)).toBe(0);

    expect((await getCaseFile(db, kept.mediator, kept.caseId)).activities.map((a) => a.summary)).toContain(
      MARKERS.note,
    );
  });
});
