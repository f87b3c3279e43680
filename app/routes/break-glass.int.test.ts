import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeWithDatabase } from "../db/testing/test-database.ts";
import { requireStaffMiddleware } from "../features/auth/auth-route.server.ts";
import { listBreakGlass } from "../features/auth/break-glass.server.ts";
import { sealedRegistration } from "../features/registration/registration-sealing.server.ts";
import { formPost, routeContext, statusOf } from "../testing/route-context.ts";
import { staffWithSession } from "../testing/staff-fixtures.ts";
import { action, loader } from "./staff-registration.tsx";

/** A coordinator opens a file outside their region only with a written reason (issue: staff accounts). */
describeWithDatabase("break the glass", (handle) => {
  async function registrationIn(regionCode: string) {
    const db = handle().db;
    const region = await db.selectFrom("region").select("id").where("code", "=", regionCode).executeTakeFirstOrThrow();
    const row = await db
      .insertInto("registration")
      .values({
        reference: `HB-2026-7${Math.floor(Math.random() * 90000 + 10000)}`,
        idempotency_key: randomUUID(),
        channel: "web",
        submitted_by: "self",
        registrant_role: "victim",
        registrant_side: "victim",
        offence_category: "violence",
        referrer_type: null,
        locale: "nl",
        status: "taken_up",
        form_version: 1,
        ...(await sealedRegistration(db, { path: "self", name: "Sara Visser" })),
        region_id: region.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function call(fn: typeof loader | typeof action, token: string, id: number, body?: URLSearchParams) {
    const url = `http://localhost/medewerkers/aanmeldingen/${id}`;
    const request = body
      ? formPost(url, body, `herstel_sessie=${token}`)
      : new Request(url, { headers: { cookie: `herstel_sessie=${token}` } });
    const context = routeContext(handle());
    let result: unknown;
    await requireStaffMiddleware(
      { request, params: {}, context } as never,
      (async () => {
        try {
          result = await fn({ request, params: { id: String(id) }, context } as never);
        } catch (thrown) {
          result = thrown;
        }
        return new Response(null);
      }) as never,
    );
    return result;
  }

  it("asks a written reason outside the coordinator's region, records it, then opens the file", async () => {
    const carla = await staffWithSession(handle(), {
      email: `carla-${randomUUID()}@test.example`,
      roles: ["coordinator"],
      regionCodes: ["midden"],
    });
    const own = await registrationIn("midden");
    const other = await registrationIn("noord");

    expect(statusOf(await call(loader, carla.token, own)) ?? 200).toBe(200);
    const refused = await call(loader, carla.token, other);
    expect(statusOf(refused)).toBe(403);
    expect((refused as { data: unknown }).data).toEqual({ breakGlass: true });

    expect(statusOf(await call(action, carla.token, other, new URLSearchParams({ reason: "te kort" })))).toBe(400);
    const reason = "De bemiddelaar van regio Noord is ziek en de aanmelder belt vandaag terug.";
    const granted = await call(action, carla.token, other, new URLSearchParams({ reason }));
    expect(statusOf(granted)).toBe(303);

    const opened = (await call(loader, carla.token, other)) as { reference: string; answers: Record<string, unknown> };
    expect(opened.answers.name).toBe("Sara Visser");
    const review = await listBreakGlass(handle().db);
    expect(review.find((r) => r.object_id === other)).toMatchObject({ reason });
    const audit = await handle()
      .db.selectFrom("audit_log")
      .select(["action", "reason", "result"])
      .where("object_id", "=", String(other))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => `${a.action}:${a.result}:${a.reason ?? ""}`)).toEqual([
      "registration.read:denied:forbidden",
      "registration.break_glass:allowed:break_glass",
      "registration.read:allowed:",
    ]);
  });

  it("is not offered to other roles", async () => {
    const ivo = await staffWithSession(handle(), {
      email: `ivo-${randomUUID()}@test.example`,
      roles: ["intake", "mediator"],
    });
    const other = await registrationIn("zuid");
    expect(statusOf(await call(loader, ivo.token, other))).toBe(403);
    const attempt = await call(
      action,
      ivo.token,
      other,
      new URLSearchParams({ reason: "Ik wil dit dossier graag even bekijken, dringend." }),
    );
    expect(statusOf(attempt)).toBe(403);
    expect((await listBreakGlass(handle().db)).find((r) => r.object_id === other)).toBeUndefined();
  });
});
