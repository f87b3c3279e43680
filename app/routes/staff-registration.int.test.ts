import { expect, it } from "vitest";
import { describeWithDatabase } from "../db/testing/test-database.ts";
import { requireStaffMiddleware } from "../features/auth/auth-route.server.ts";
import {
  saveDraftAnswers,
  startDraft,
  submitRegistration,
} from "../features/registration/registration.commands.server.ts";
import { loadLists } from "../features/registration/registration.queries.server.ts";
import { routeContext } from "../testing/route-context.ts";
import { staffWithSession } from "../testing/staff-fixtures.ts";
import { loader } from "./staff-registration.tsx";

/** docs/security.md 19 and 21: every look at a registration is audited, and a coordinator can see who looked. */
describeWithDatabase("a registration in the staff area", (handle) => {
  it("shows the coordinator who opened the file and when; intake sees no history", async () => {
    const db = handle().db;
    const now = new Date();
    const draft = await startDraft(db, "self", now);
    await saveDraftAnswers(
      db,
      draft,
      {
        role: "victim",
        offenceCategory: "violence",
        policeReport: "yes",
        otherPartyKnown: "no",
        name: "Mila de Wit",
        ageGroup: "25_44",
        phone: "0612345678",
        contactChannels: ["phone"],
        voicemailAllowed: "no",
        senderNameAllowed: "no",
        language: "nl",
        interpreterNeeded: "no",
      },
      now,
    );
    const submitted = await submitRegistration(db, {
      draftId: draft,
      locale: "nl",
      lists: await loadLists(db),
      today: now.toISOString().slice(0, 10),
      now,
    });
    if (submitted.status !== "created") throw new Error(submitted.status);
    const row = await db
      .selectFrom("registration")
      .select("id")
      .where("reference", "=", submitted.reference)
      .executeTakeFirstOrThrow();
    const intake = await staffWithSession(handle(), { email: "iris@test.example", roles: ["intake"] });
    const coordinator = await staffWithSession(handle(), { email: "carla@test.example", roles: ["coordinator"] });

    const open = async (token: string) => {
      const request = new Request(`http://localhost/medewerkers/aanmeldingen/${row.id}`, {
        headers: { cookie: `herstel_sessie=${token}` },
      });
      const context = routeContext(handle());
      let data: unknown;
      await requireStaffMiddleware(
        { request, params: {}, context } as never,
        (async () => {
          data = await loader({ request, params: { id: String(row.id) }, context } as never);
          return new Response(null);
        }) as never,
      );
      return data as {
        reference: string;
        answers: Record<string, unknown>;
        history: { who: string | null; action: string; result: string }[] | null;
      };
    };
    const seenByIntake = await open(intake.token);
    expect(seenByIntake.answers.name).toBe("Mila de Wit");
    expect(seenByIntake.history).toBeNull();
    const seenByCoordinator = await open(coordinator.token);
    expect(seenByCoordinator.history?.map((h) => [h.who, h.action, h.result])).toEqual([
      ["carla", "registration.read", "allowed"],
      ["iris", "registration.read", "allowed"],
    ]);
    const audit = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("object_type", "=", "registration")
      .where("object_id", "=", String(row.id))
      .execute();
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain("Mila");
  });
});
