import { expect, it } from "vitest";
import { asAppRole } from "../../db/testing/app-role.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { loader as activateLoader } from "../../routes/account-activate.tsx";
import { action as caseAction } from "../../routes/staff-case-parties.tsx";
import { takenUpCase } from "../../testing/case-fixtures.ts";
import { formPost, routeContext, statusOf } from "../../testing/route-context.ts";
import { staffWithSession } from "../../testing/staff-fixtures.ts";
import { requireStaffMiddleware } from "../auth/auth-route.server.ts";
import { requestPasswordReset } from "../auth/password-reset.commands.server.ts";

/**
 * Issue 13: a refused write rolled back together with its audit record and left no trace. Refusals,
 * invalid set-up and reset links, and reset requests for unknown addresses are now on record.
 */
describeWithDatabase("refusals leave a trace in the audit log", (handle, kind, url) => {
  async function lastAudit(action: string) {
    return handle()
      .db.selectFrom("audit_log")
      .select(["action", "result", "reason", "actor_id", "object_id"])
      .where("action", "=", action)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
  }

  it("records a write on another mediator's case that row-level security refused", async () => {
    const made = await takenUpCase(handle().db);
    const other = await staffWithSession(handle(), { email: "andere@test.example", roles: ["mediator"] });
    const { app, release } = await asAppRole(handle(), kind, url());
    try {
      const request = formPost(
        `http://localhost/medewerkers/zaken/${made.caseId}/partijen`,
        new URLSearchParams({ intent: "add-party", name: "Iemand" }),
        `herstel_sessie=${other.token}`,
      );
      const context = routeContext(app);
      const args = { request, params: { id: String(made.caseId) }, context } as never;
      const outcome = await Promise.resolve()
        .then(() => requireStaffMiddleware(args, (() => caseAction(args)) as never))
        .catch((e: unknown) => e);
      expect(statusOf(outcome)).toBe(404);
    } finally {
      await release();
    }
    expect(await lastAudit("case.write")).toMatchObject({
      result: "denied",
      reason: "not_found",
      actor_id: other.userId,
      object_id: String(made.caseId),
    });
    const parties = await handle()
      .db.selectFrom("case_party")
      .select("id")
      .where("case_id", "=", made.caseId)
      .where("display_name", "=", "Iemand")
      .execute();
    expect(parties).toEqual([]);
  });

  it("records a reset request for an address without an account, and an invalid link", async () => {
    await requestPasswordReset(handle().db, {
      email: "niemand@test.example",
      origin: "203.0.113.7",
      now: new Date(),
      secret: "s".repeat(40),
      locale: "nl",
      publicUrl: new URL("http://localhost"),
    });
    expect(await lastAudit("auth.reset_request")).toMatchObject({ result: "denied", reason: "unknown_account" });

    const token = "A".repeat(43);
    const request = new Request(`http://localhost/wachtwoord-herstellen/${token}`);
    await activateLoader({ request, params: { token }, context: routeContext(handle()) } as never);
    const record = await lastAudit("auth.reset_link");
    expect(record).toMatchObject({ result: "denied", reason: "invalid_or_used" });
    expect(JSON.stringify(record)).not.toContain(token);
  });
});
