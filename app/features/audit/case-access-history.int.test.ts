import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { loader as caseLayoutLoader } from "../../routes/staff-case.tsx";
import { loader as timelineLoader } from "../../routes/staff-case-timeline.tsx";
import { takenUpCase } from "../../testing/case-fixtures.ts";
import { routeContext } from "../../testing/route-context.ts";
import { staffWithSession } from "../../testing/staff-fixtures.ts";
import { requireStaffMiddleware } from "../auth/auth-route.server.ts";

/** docs/security.md 21: the case's timeline section shows its coordinator who opened the case and when. */
describeWithDatabase("the case's access history", (handle) => {
  // Opening a case runs the case's own loader (which records the reading) and the section's; the
  // timeline section is where the coordinator sees who opened the case.
  async function openCase(caseId: number, token: string) {
    let value: unknown;
    for (const [loader, path] of [
      [caseLayoutLoader, ""],
      [timelineLoader, "/tijdlijn"],
    ] as const) {
      const request = new Request(`http://localhost/medewerkers/zaken/${caseId}${path}`, {
        headers: { cookie: `herstel_sessie=${token}` },
      });
      const args = { request, params: { id: String(caseId) }, context: routeContext(handle()) } as never;
      const result = await requireStaffMiddleware(args, (async () => {
        const loaded = await (loader as (a: never) => Promise<unknown>)(args);
        return new Response(JSON.stringify(loaded));
      }) as never);
      value = JSON.parse(await (result as Response).text());
    }
    return value as { history: { who: string | null; action: string; result: string }[] | null };
  }

  it("lists every opening of the case for the region's coordinator, and nothing for a mediator", async () => {
    const made = await takenUpCase(handle().db);
    const mediator = await staffWithSession(handle(), { email: "bem@test.example", roles: ["mediator"] });
    await handle()
      .db.insertInto("case_assignment")
      .values({
        case_id: made.caseId,
        user_id: mediator.userId,
        role: "co_mediator",
        no_conflict_declared_at: new Date(),
        assigned_at: new Date(),
      })
      .execute();
    const coordinator = await staffWithSession(handle(), {
      email: "coo@test.example",
      roles: ["coordinator"],
      regionCodes: ["midden"],
    });
    const seenByMediator = await openCase(made.caseId, mediator.token);
    expect(seenByMediator.history).toBeNull();
    const seenByCoordinator = await openCase(made.caseId, coordinator.token);
    expect(seenByCoordinator.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ who: "bem", action: "case.read", result: "allowed" }),
        expect.objectContaining({ who: "coo", action: "case.read", result: "allowed" }),
        expect.objectContaining({ action: "case.take_up", result: "allowed" }),
      ]),
    );
  });
});
