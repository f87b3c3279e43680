import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { loader as apiLoader } from "../../routes/api-statistics.tsx";
import { routeContext } from "../../testing/route-context.ts";
import { staffWithSession } from "../../testing/staff-fixtures.ts";
import { requireStaffMiddleware } from "../auth/auth-route.server.ts";

/**
 * Issue 13: a researcher could ask the API for one day without suppression and read counts of
 * one or two people. For researchers the publication rules always apply, whatever they ask.
 */
describeWithDatabase("figures for researchers", (handle) => {
  async function ask(cookie: string, search: string) {
    const request = new Request(`http://localhost/api/v1/statistics?${search}`, { headers: { cookie } });
    const context = routeContext(handle());
    const args = { request, params: {}, context, url: new URL(request.url), pattern: "api/v1/statistics" } as never;
    const response = (await requireStaffMiddleware(args, (() => apiLoader(args)) as never)) as Response;
    expect(response.status).toBe(200);
    return (await response.json()) as {
      publication: boolean;
      figures?: { received: number };
      tables: { id: string; rows: (string | number | null)[][] }[];
    };
  }

  it("hides small counts for a researcher even for one day without publication=1, not for a coordinator", async () => {
    const db = handle().db;
    for (const n of [1, 2]) {
      await db
        .insertInto("registration")
        .values({
          reference: `HB-2025-00000${n}`,
          idempotency_key: randomUUID(),
          channel: "web",
          submitted_by: "self",
          registrant_role: "victim",
          registrant_side: "victim",
          offence_category: "sexual_offence",
          referrer_type: null,
          locale: "nl",
          status: "received",
          form_version: 1,
          received_at: new Date("2025-03-04T10:00:00Z"),
          answers: null,
        })
        .execute();
    }
    const researcher = await staffWithSession(handle(), { email: "r@test.example", roles: ["researcher"] });
    const coordinator = await staffWithSession(handle(), { email: "c@test.example", roles: ["coordinator"] });
    const oneDay = "van=2025-03-04&tot=2025-03-04";

    const seenByResearcher = await ask(`herstel_sessie=${researcher.token}`, oneDay);
    expect(seenByResearcher.publication).toBe(true);
    expect(seenByResearcher.figures).toBeUndefined();
    const summary = seenByResearcher.tables.find((t) => t.id === "summary");
    expect(summary?.rows[0]?.[1]).toBe("<5");

    const seenByCoordinator = await ask(`herstel_sessie=${coordinator.token}`, oneDay);
    expect(seenByCoordinator.publication).toBe(false);
    expect(seenByCoordinator.figures?.received).toBe(2);
  });
});
