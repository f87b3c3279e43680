import { expect, it } from "vitest";
import { describeWithDatabase } from "../db/testing/test-database.ts";
import { requireStaffMiddleware } from "../features/auth/auth-route.server.ts";
import { getCase } from "../features/cases/case.queries.server.ts";
import { addOtherParty, recordConsent } from "../features/cases/case-file.commands.server.ts";
import { JUSTICE_TEXT_MAX, SHARED_AGREEMENT_MAX } from "../features/cases/closing.schema.ts";
import { justiceFeedbackState } from "../features/cases/justice-feedback.server.ts";
import { takenUpCase } from "../testing/case-fixtures.ts";
import { formPost, routeContext, statusOf } from "../testing/route-context.ts";
import { staffWithSession } from "../testing/staff-fixtures.ts";
import { action as closingAction } from "./staff-case-closing.tsx";
import { action as justiceAction } from "./staff-case-justice.tsx";

/**
 * The case page once cut every posted value to 2,000 characters and still said "saved": a
 * justice-feedback text (10,000 allowed) or the agreement at closing (4,000) lost its end. Posted
 * through the sections' actions, the longest allowed texts are stored whole; one character more
 * is refused, and nothing is stored then.
 */
describeWithDatabase("long texts in the case's forms", (handle) => {
  it("are stored whole up to their limit, and refused beyond it", async () => {
    const db = handle().db;
    const made = await takenUpCase(db, db, { answers: { name: "Ria", casePhase: "prosecution_pending" } });
    const me = await staffWithSession(handle(), { email: "long-texts@test.example", roles: ["mediator"] });
    await db
      .insertInto("case_assignment")
      .values({
        case_id: made.caseId,
        user_id: me.userId,
        role: "co_mediator",
        no_conflict_declared_at: new Date(),
        assigned_at: new Date(),
      })
      .execute();
    const base = { caseId: made.caseId, origin: "t", now: made.now };
    await addOtherParty(db, made.mediator, { ...base, name: "Jan", contact: {} });
    const parties = await db.selectFrom("case_party").select("id").where("case_id", "=", made.caseId).execute();
    for (const p of parties)
      await recordConsent(db, made.mediator, {
        ...base,
        partyId: p.id,
        purpose: "justice_feedback",
        given: true,
        method: "written",
      });

    const post = async (action: (args: never) => unknown, section: string, body: Record<string, string>) => {
      const request = formPost(
        `http://localhost/medewerkers/zaken/${made.caseId}/${section}`,
        new URLSearchParams(body),
        `herstel_sessie=${me.token}`,
      );
      const args = { request, params: { id: String(made.caseId) }, context: routeContext(handle()) } as never;
      const result = await Promise.resolve()
        .then(() => requireStaffMiddleware(args, (() => action(args)) as never))
        .catch((e: unknown) => e);
      return statusOf(result) ?? 0;
    };
    // Long texts with something different at the end, so a cut anywhere shows.
    const long = (length: number, end: string) => `${"a".repeat(length - end.length)}${end}`;
    const feedback = long(JUSTICE_TEXT_MAX, "EINDE");
    const agreement = long(SHARED_AGREEMENT_MAX, "SLOT");

    const justice = { intent: "justice-feedback", recipient: "Officier van justitie", sentOn: "2026-11-27" };
    expect(await post(justiceAction, "terugkoppeling", { ...justice, text: feedback })).toBe(200);
    expect((await justiceFeedbackState(db, made.mediator, made.caseId))?.sent[0]?.agreed_text).toBe(feedback);
    expect(await post(justiceAction, "terugkoppeling", { ...justice, text: `${feedback}x` })).toBe(400);
    expect((await justiceFeedbackState(db, made.mediator, made.caseId))?.sent).toHaveLength(1);

    const closing = { intent: "closing-agreements", aftercareReferral: "Slachtofferhulp" };
    expect(await post(closingAction, "afronding", { ...closing, sharedAgreement: agreement })).toBe(200);
    expect((await getCase(db, made.mediator, made.caseId))?.shared_agreement).toBe(agreement);
    expect(await post(closingAction, "afronding", { ...closing, sharedAgreement: `${agreement}x` })).toBe(400);
    expect((await getCase(db, made.mediator, made.caseId))?.shared_agreement).toBe(agreement);
  });
});
