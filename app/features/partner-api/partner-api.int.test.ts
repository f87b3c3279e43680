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
    method: "POST" | "GET",
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
    const reference = /^\/api\/v1\/referrals\/(.+)$/.exec(path)?.[1];
    const response = (
      reference
        ? await (await import("../../routes/api-referral.tsx")).loader({
            request,
            params: { reference },
            context,
          } as never)
        : await (await import("../../routes/api-referrals.tsx")).action({ request, params: {}, context } as never)
    ) as Response;
    const body = (await response.json()) as Record<string, unknown>;
    const template = reference ? "/api/v1/referrals/{reference}" : "/api/v1/referrals";
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
