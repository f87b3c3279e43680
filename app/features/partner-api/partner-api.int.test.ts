import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ROLE } from "../../db/acting.server.ts";
import { type DatabaseHandle, openPostgres } from "../../db/database.server.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { referrerOrganisation } from "../../testing/referrer-fixtures.ts";
import { routeContext } from "../../testing/route-context.ts";
import { storedAnswers } from "../../testing/sealed-reads.ts";
import type { Actor } from "../auth/roles.ts";
import type { Scope } from "./api-keys.rules.ts";
import { createApiKey, revokeApiKey } from "./api-keys.server.ts";
import { PARTNER_KEY_LIMIT } from "./partner-route.server.ts";
import { verifySignature } from "./webhooks.rules.ts";
import { createWebhook, deliverDueWebhooks, revokeWebhook } from "./webhooks.server.ts";

type Doc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
  components: object;
};

/** A referral as a partner system sends it: the form's field names, JSON values. */
function referral(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    referrerName: "A. Jansen",
    referrerEmail: "a.jansen@partner.test",
    role: "victim",
    offenceCategory: "violence",
    policeReport: "yes",
    otherPartyKnown: "no",
    name: "Client Api Geheim",
    ageGroup: "25_44",
    phone: "0612345678",
    contactChannels: ["phone"],
    voicemailAllowed: "no",
    senderNameAllowed: "no",
    language: "nl",
    interpreterNeeded: "no",
    clientConsent: true,
    statusUpdates: "yes",
    ...overrides,
  };
}

/**
 * The partner API end to end through its route modules: every response is checked against the
 * OpenAPI document that /api/v1/openapi.json serves, and that document against OpenAPI 3.1.
 */
describeWithDatabase("partner API", (handle, kind, testUrl) => {
  let app: DatabaseHandle;
  let doc: Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const staff: Actor = { userId: 0, roles: ["coordinator"], regionIds: [] };
  let organisationId = 0;
  let otherOrganisationId = 0;

  beforeAll(async () => {
    const url = testUrl();
    app = kind === "postgres" && url ? openPostgres(url, 2, { role: APP_ROLE }) : handle();
    const user = await handle()
      .db.insertInto("staff_user")
      .values({ email: "keys@test.example", display_name: "Sleutels", status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    staff.userId = user.id;
    organisationId = await referrerOrganisation(handle(), { name: "Partner Org", domain: "partner.test" });
    otherOrganisationId = await referrerOrganisation(handle(), { name: "Other Org", domain: "other.test" });
    const module = await import("../../routes/api-openapi.tsx");
    const response = (await module.loader({ context: routeContext(app) } as never)) as Response;
    doc = (await response.json()) as Doc;
  });
  afterAll(async () => {
    if (app !== handle()) await app.close();
  });

  async function key(scopes: Scope[], organisation = organisationId): Promise<{ id: number; key: string }> {
    return createApiKey(app.db, staff, {
      organisationId: organisation,
      label: "test",
      scopes,
      origin: "t",
      now: new Date(),
    });
  }

  /** Calls a route module as the server would, and checks the answer against the document. */
  async function call(
    method: "POST" | "GET" | "DELETE",
    path: string,
    options: { key?: string; body?: unknown; idempotencyKey?: string; raw?: string } = {},
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
    if (method === "POST") headers["content-type"] = "application/json";
    const request = new Request(`http://localhost${path}`, {
      method,
      headers,
      body: method === "POST" ? (options.raw ?? JSON.stringify(options.body)) : undefined,
    });
    const context = routeContext(app, { clientAddress: "203.0.113.9" });
    const [, reference, withdraw] = /^\/api\/v1\/referrals\/([^/]+)(\/withdraw)?$/.exec(path) ?? [];
    const args = { request, params: { reference }, context } as never;
    const response = (
      withdraw
        ? await (await import("../../routes/api-referral-withdraw.tsx")).action(args)
        : reference && method === "DELETE"
          ? await (await import("../../routes/api-referral.tsx")).action(args)
          : reference
            ? await (await import("../../routes/api-referral.tsx")).loader(args)
            : await (await import("../../routes/api-referrals.tsx")).action({ request, params: {}, context } as never)
    ) as Response;
    const body = (await response.json()) as Record<string, unknown>;
    const template = withdraw
      ? "/api/v1/referrals/{reference}/withdraw"
      : reference
        ? "/api/v1/referrals/{reference}"
        : "/api/v1/referrals";
    const described = doc.paths[template]?.[method.toLowerCase()]?.responses[String(response.status)];
    expect(described, `${method} ${template} ${response.status} is described`).toBeDefined();
    const type = (response.headers.get("content-type") ?? "").split(";")[0] as string;
    const schema = described?.content?.[type]?.schema;
    expect(schema, `${type} is described for ${response.status}`).toBeDefined();
    const validate = ajv.compile({ ...schema, components: doc.components });
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    return { status: response.status, body, headers: response.headers };
  }

  it("serves a document that is valid OpenAPI 3.1 and describes the statistics endpoint too", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/v1/referrals",
      "/api/v1/referrals/{reference}",
      "/api/v1/referrals/{reference}/withdraw",
      "/api/v1/statistics",
    ]);
  });

  it("makes a referral once per Idempotency-Key, refuses another body under the same key", async () => {
    const { key: writeKey } = await key(["referrals:write", "referrals:read-status"]);
    const first = await call("POST", "/api/v1/referrals", {
      key: writeKey,
      body: referral(),
      idempotencyKey: "case-000001",
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: "received" });
    expect(first.headers.get("location")).toBe(`/api/v1/referrals/${first.body.reference}`);
    // The same body, its keys in another order: the same referral.
    const reordered = Object.fromEntries(Object.entries(referral()).reverse());
    const again = await call("POST", "/api/v1/referrals", {
      key: writeKey,
      body: reordered,
      idempotencyKey: "case-000001",
    });
    expect(again.status).toBe(200);
    expect(again.body.reference).toBe(first.body.reference);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const changed = await call("POST", "/api/v1/referrals", {
      key: writeKey,
      body: referral({ name: "Iemand anders" }),
      idempotencyKey: "case-000001",
    });
    expect(changed.status).toBe(409);
    const rows = await handle()
      .db.selectFrom("registration")
      .selectAll()
      .where("referrer_organisation_id", "=", organisationId)
      .execute();
    expect(rows).toHaveLength(1);
    // Stored through the registration code: sealed, with the organisation filled in from the key.
    expect(rows[0]).toMatchObject({ submitted_by: "referrer", referrer_user_id: null, referrer_type: "probation" });
    expect(Buffer.from(rows[0]?.answers ?? []).toString("latin1")).not.toContain("Client Api Geheim");
    expect(await storedAnswers(handle().db, rows[0]?.id ?? 0)).toMatchObject({
      name: "Client Api Geheim",
      organisationName: "Partner Org",
      referrerName: "A. Jansen",
    });
    // Its status, read back; null for a client who did not agree to status updates.
    const read = await call("GET", `/api/v1/referrals/${first.body.reference}`, { key: writeKey });
    expect(read).toMatchObject({ status: 200, body: { reference: first.body.reference, status: "received" } });
    const quiet = await call("POST", "/api/v1/referrals", {
      key: writeKey,
      body: referral({ statusUpdates: "no" }),
      idempotencyKey: "case-000002",
    });
    expect(quiet.body.status).toBeNull();
    await handle()
      .db.updateTable("registration")
      .set({ status: "taken_up" })
      .where("reference", "=", String(first.body.reference))
      .execute();
    expect((await call("GET", `/api/v1/referrals/${first.body.reference}`, { key: writeKey })).body.status).toBe(
      "taken_up",
    );
    // Another organisation's key finds nothing.
    const { key: otherKey } = await key(["referrals:read-status"], otherOrganisationId);
    expect((await call("GET", `/api/v1/referrals/${first.body.reference}`, { key: otherKey })).status).toBe(404);
  });

  it("withdraws a referral sent by mistake (DELETE or POST …/withdraw), until it is taken up", async () => {
    const { key: writeKey } = await key(["referrals:write", "referrals:read-status"]);
    const send = async (idempotencyKey: string) =>
      String(
        (await call("POST", "/api/v1/referrals", { key: writeKey, body: referral(), idempotencyKey })).body.reference,
      );
    const first = await send("mistake-0001");
    const deleted = await call("DELETE", `/api/v1/referrals/${first}`, { key: writeKey });
    expect(deleted).toMatchObject({ status: 200, body: { reference: first, status: "withdrawn" } });
    expect((await call("GET", `/api/v1/referrals/${first}`, { key: writeKey })).status).toBe(404);
    // Gone with everything in it, its idempotency record too.
    expect(
      await handle().db.selectFrom("registration").select("id").where("reference", "=", first).executeTakeFirst(),
    ).toBeUndefined();
    expect((await call("DELETE", `/api/v1/referrals/${first}`, { key: writeKey })).status).toBe(404);

    const second = await send("mistake-0002");
    // Another organisation, or a key without the write scope, cannot withdraw it.
    const { key: otherKey } = await key(["referrals:write"], otherOrganisationId);
    expect((await call("POST", `/api/v1/referrals/${second}/withdraw`, { key: otherKey })).status).toBe(404);
    const { key: readKey } = await key(["referrals:read-status"]);
    expect((await call("POST", `/api/v1/referrals/${second}/withdraw`, { key: readKey })).status).toBe(403);
    const posted = await call("POST", `/api/v1/referrals/${second}/withdraw`, { key: writeKey });
    expect(posted).toMatchObject({ status: 200, body: { reference: second, status: "withdrawn" } });

    // Taken up, or older than 24 hours: no longer.
    const third = await send("mistake-0003");
    await handle().db.updateTable("registration").set({ status: "taken_up" }).where("reference", "=", third).execute();
    expect((await call("DELETE", `/api/v1/referrals/${third}`, { key: writeKey })).status).toBe(409);
    const fourth = await send("mistake-0004");
    await handle()
      .db.updateTable("registration")
      .set({ received_at: new Date(Date.now() - 25 * 3600_000) })
      .where("reference", "=", fourth)
      .execute();
    expect((await call("DELETE", `/api/v1/referrals/${fourth}`, { key: writeKey })).status).toBe(409);
    const audited = await handle()
      .db.selectFrom("audit_log")
      .select(["result", "reason"])
      .where("action", "=", "partner.referral_withdraw")
      .orderBy("id")
      .execute();
    expect(audited.map((a) => a.reason ?? a.result)).toEqual([
      "allowed",
      "not_found",
      "not_found",
      "allowed",
      "taken_up",
      "too_late",
    ]);
  });

  it("delivers status changes to the organisation's endpoint: signed, retried with back-off, never content", async () => {
    const calls: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const answers = [500, 200, 200];
    const receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        calls.push({ headers: req.headers, body });
        res.statusCode = answers[calls.length - 1] ?? 200;
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/herstel`;
      const appSecret = "webhook-test-secret-0123456789abcdef";
      const common = { organisationId, origin: "t", now: new Date(), appSecret };
      // Plain http is refused unless the configuration allows loopback (tests only).
      expect(await createWebhook(app.db, { staff }, { ...common, url })).toEqual({ ok: false, problem: "https" });
      const made = await createWebhook(app.db, { staff }, { ...common, url, allowLoopbackHttp: true });
      if (!made.ok) throw new Error("no webhook");
      expect(made.secret).toMatch(/^whsec_/);

      const { key: writeKey } = await key(["referrals:write"]);
      const shared = await call("POST", "/api/v1/referrals", {
        key: writeKey,
        body: referral(),
        idempotencyKey: "hook-0001",
      });
      const quiet = await call("POST", "/api/v1/referrals", {
        key: writeKey,
        body: referral({ statusUpdates: "no" }),
        idempotencyKey: "hook-0002",
      });
      // Taken up: one delivery for the referral whose client agreed to status updates only.
      for (const reference of [shared.body.reference, quiet.body.reference]) {
        await handle()
          .db.updateTable("registration")
          .set({ status: "taken_up" })
          .where("reference", "=", String(reference))
          .execute();
      }
      const start = new Date(Date.now() + 1000);
      const options = { appSecret, allowLoopbackHttp: true };
      expect(await deliverDueWebhooks(app.db, { ...options, now: () => start })).toEqual({ delivered: 0, failed: 1 });
      const afterFailure = await handle().db.selectFrom("partner_webhook_delivery").selectAll().execute();
      expect(afterFailure).toHaveLength(1);
      expect(afterFailure[0]).toMatchObject({ state: "pending", attempts: 1, last_error: "HTTP 500" });
      expect((afterFailure[0]?.next_attempt_at.getTime() ?? 0) - start.getTime()).toBe(60_000);
      // Not due yet: nothing is sent.
      expect(await deliverDueWebhooks(app.db, { ...options, now: () => start })).toEqual({ delivered: 0, failed: 0 });
      const later = new Date(start.getTime() + 61_000);
      expect(await deliverDueWebhooks(app.db, { ...options, now: () => later })).toEqual({ delivered: 1, failed: 0 });
      expect(calls).toHaveLength(2);
      const [first, second] = calls;
      // The same event on both attempts; each call signed over its own timestamp and the body.
      expect(first?.headers["herstel-event-id"]).toBe(second?.headers["herstel-event-id"]);
      const signature = String(second?.headers["herstel-signature"]);
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const nowSeconds = Math.floor(later.getTime() / 1000);
      expect(verifySignature(made.secret, signature, second?.body ?? "", nowSeconds)).toBe(true);
      expect(verifySignature(made.secret, signature, `${second?.body} `, nowSeconds)).toBe(false);
      expect(verifySignature("whsec_other", signature, second?.body ?? "", nowSeconds)).toBe(false);
      expect(verifySignature(made.secret, signature, second?.body ?? "", nowSeconds + 600)).toBe(false);
      const event = JSON.parse(second?.body ?? "{}") as Record<string, unknown>;
      expect(Object.keys(event).sort()).toEqual(["id", "occurredAt", "reference", "status", "type"]);
      expect(event).toMatchObject({
        type: "referral.status_changed",
        reference: shared.body.reference,
        status: "taken_up",
      });
      expect(second?.body).not.toContain("Client Api Geheim");
      // The event validates against the document's description of webhook calls.
      const validate = ajv.compile({ $ref: "#/components/schemas/WebhookEvent", components: doc.components });
      expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
      expect(await handle().db.selectFrom("partner_webhook_delivery").select("state").execute()).toEqual([
        { state: "delivered" },
      ]);

      // Revoked: later changes are no longer queued.
      expect(await revokeWebhook(app.db, { staff }, { id: made.id, origin: "t", now: new Date() })).toBe(true);
      await handle()
        .db.updateTable("registration")
        .set({ status: "closed" })
        .where("reference", "=", String(shared.body.reference))
        .execute();
      expect(await handle().db.selectFrom("partner_webhook_delivery").select("id").execute()).toHaveLength(1);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it("names every wrong field as problem+json, with the form's own rules", async () => {
    const { key: writeKey } = await key(["referrals:write"]);
    const bad = referral({
      clientConsent: "ja",
      statusUpdates: undefined,
      phone: "12",
      extra: "x",
      contactChannels: "phone",
    });
    const answer = await call("POST", "/api/v1/referrals", { key: writeKey, body: bad, idempotencyKey: "case-000003" });
    expect(answer.status).toBe(422);
    const fields = (answer.body.errors as { field: string; code: string }[]).map((e) => `${e.field}:${e.code}`).sort();
    expect(fields).toEqual([
      "clientConsent:partner.expectedBoolean",
      "contactChannels:partner.expectedList",
      "extra:validation.unexpectedField",
      "phone:validation.phone",
      "statusUpdates:validation.choose",
    ]);
    expect(
      (await call("POST", "/api/v1/referrals", { key: writeKey, raw: "{not json", idempotencyKey: "case-000004" }))
        .status,
    ).toBe(400);
    expect((await call("POST", "/api/v1/referrals", { key: writeKey, body: referral() })).status).toBe(400);
    expect(
      (await call("POST", "/api/v1/referrals", { key: writeKey, body: [1], idempotencyKey: "case-000005" })).status,
    ).toBe(422);
  });

  it("checks scopes, refuses unknown and revoked keys, and audits each call", async () => {
    const readOnly = await key(["referrals:read-status"]);
    const writeOnly = await key(["referrals:write"]);
    expect(
      (await call("POST", "/api/v1/referrals", { key: readOnly.key, body: referral(), idempotencyKey: "case-000006" }))
        .status,
    ).toBe(403);
    expect((await call("GET", "/api/v1/referrals/HB-2026-000001", { key: writeOnly.key })).status).toBe(403);
    expect((await call("GET", "/api/v1/referrals/HB-2026-000001", {})).status).toBe(401);
    expect(
      (await call("GET", "/api/v1/referrals/HB-2026-000001", { key: `${readOnly.key.slice(0, -3)}AAA` })).status,
    ).toBe(401);
    expect((await call("GET", "/api/v1/referrals/HB-2026-999999", { key: readOnly.key })).status).toBe(404);
    await revokeApiKey(app.db, staff, { id: readOnly.id, origin: "t", now: new Date() });
    expect((await call("GET", "/api/v1/referrals/HB-2026-999999", { key: readOnly.key })).status).toBe(401);
    const audit = await handle()
      .db.selectFrom("audit_log")
      .select(["action", "result", "reason", "actor_label"])
      .where("action", "like", "partner.%")
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: "partner.call",
          reason: "missing_scope",
          actor_label: `partner-key:${readOnly.id}`,
        }),
        expect.objectContaining({ action: "partner.authenticate", reason: "revoked" }),
        expect.objectContaining({ action: "partner.authenticate", reason: "wrong_secret" }),
        expect.objectContaining({ action: "partner.referral_status", result: "denied", reason: "not_found" }),
      ]),
    );
    // Only a hash is stored, never the key.
    const stored = await handle().db.selectFrom("partner_api_key").select("secret_hash").execute();
    expect(JSON.stringify(stored)).not.toContain(readOnly.key.slice(-43));
  });

  describe("rate limit", () => {
    it("answers 429 with Retry-After past the limit per key", { timeout: 60_000 }, async () => {
      const { key: readKey } = await key(["referrals:read-status"]);
      // Fixed one-minute windows: start early in one, so that all calls fall in the same window.
      const windowMs = PARTNER_KEY_LIMIT.windowSeconds * 1000;
      const left = windowMs - (Date.now() % windowMs);
      if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
      const statuses: number[] = [];
      for (let i = 0; i <= PARTNER_KEY_LIMIT.limit; i++) {
        statuses.push((await call("GET", "/api/v1/referrals/HB-2026-999999", { key: readKey })).status);
      }
      expect(statuses.slice(0, PARTNER_KEY_LIMIT.limit).every((s) => s === 404)).toBe(true);
      const last = await call("GET", "/api/v1/referrals/HB-2026-999999", { key: readKey });
      expect(last.status).toBe(429);
      expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
    });
  });
});
