import type { FieldSpec } from "../registration/registration.fields.ts";
import type { Lists } from "../registration/registration.schema.ts";
import { SCOPES } from "./api-keys.rules.ts";
import { PROBLEM_TYPES } from "./problem.ts";

/**
 * The OpenAPI 3.1 description of the partner API (and the statistics endpoint), built from the
 * public form's own field list, so the document cannot drift from the validation it describes.
 * Codes of configurable lists are enumerated from the database's current lists.
 */
type Schema = Record<string, unknown>;

function fieldSchema(spec: FieldSpec, lists: Lists): Schema {
  const codes = Array.isArray(spec.options)
    ? spec.options.map((o) => o.value)
    : spec.options
      ? lists[spec.options.list].map((i) => i.code)
      : undefined;
  const description = `Field \`${spec.name}\` of the public referral form.`;
  switch (spec.kind) {
    case "checkbox":
      return spec.required ? { type: "boolean", const: true, description } : { type: "boolean", description };
    case "checkboxes":
      return { type: "array", items: { type: "string", enum: codes }, uniqueItems: true, description };
    case "date":
      return { type: "string", format: "date", description };
    case "email":
      return { type: "string", format: "email", maxLength: spec.maxLength, description };
    default:
      return codes
        ? { type: "string", enum: codes, description }
        : { type: "string", maxLength: spec.maxLength, description };
  }
}

const problemSchema: Schema = {
  type: "object",
  required: ["type", "title", "status"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    errors: {
      type: "array",
      items: {
        type: "object",
        required: ["field", "code", "detail"],
        properties: { field: { type: "string" }, code: { type: "string" }, detail: { type: "string" } },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};

const problemResponse = (kind: keyof typeof PROBLEM_TYPES) => ({
  description: PROBLEM_TYPES[kind].title,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

const referenceParameter = {
  name: "reference",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^HB-[0-9]{4}-[0-9]{6}$" },
};

/** Withdrawing a referral sent by mistake: DELETE on the referral, or POST …/withdraw. */
const withdrawOperation = (operationId: string) => ({
  operationId,
  summary: "Withdraw a referral sent by mistake",
  description:
    "Needs the scope `referrals:write`. Possible within 24 hours of receipt, as long as the referral has " +
    "not been taken up. The referral is deleted with everything in it; its reference then answers 404.",
  parameters: [referenceParameter],
  responses: {
    "200": {
      description: "The referral was withdrawn.",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Withdrawal" } } },
    },
    "401": problemResponse("unauthenticated"),
    "403": problemResponse("forbidden"),
    "404": problemResponse("notFound"),
    "409": problemResponse("notWithdrawable"),
    "429": problemResponse("rateLimited"),
  },
});

export function openApiDocument(fields: FieldSpec[], lists: Lists, serverUrl: string): Schema {
  const properties = Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f, lists)]));
  const required = fields.filter((f) => f.required).map((f) => f.name);
  return {
    openapi: "3.1.0",
    info: {
      title: "Herstel partner API",
      version: "1.0.0",
      description:
        "Referring organisations send referrals from their own case systems and read their status. " +
        "A referral is checked by the same rules as the public referral form. The status is only " +
        "given when the client agreed to status updates; the content of a case never is.",
    },
    servers: [{ url: serverUrl }],
    security: [{ partnerKey: [] }],
    paths: {
      "/api/v1/referrals": {
        post: {
          operationId: "createReferral",
          summary: "Send a referral",
          description:
            "Needs the scope `referrals:write`. Send the same `Idempotency-Key` again with the same body " +
            "to get the same referral (status 200); a different body with a used key is refused (409).",
          parameters: [
            {
              name: "Idempotency-Key",
              in: "header",
              required: true,
              schema: { type: "string", pattern: "^[A-Za-z0-9._:-]{8,100}$" },
              description: "Your own unique key for this referral, for instance a UUID.",
            },
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/ReferralRequest" } } },
          },
          responses: {
            "201": {
              description: "The referral was made.",
              headers: { Location: { schema: { type: "string" } } },
              content: { "application/json": { schema: { $ref: "#/components/schemas/Referral" } } },
            },
            "200": {
              description: "The same key and body were sent before: the referral made then.",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Referral" } } },
            },
            "400": problemResponse("badRequest"),
            "401": problemResponse("unauthenticated"),
            "403": problemResponse("forbidden"),
            "409": problemResponse("idempotencyConflict"),
            "415": problemResponse("unsupportedMediaType"),
            "422": problemResponse("validation"),
            "429": problemResponse("rateLimited"),
          },
        },
      },
      "/api/v1/referrals/{reference}": {
        get: {
          operationId: "getReferral",
          summary: "Read a referral's status",
          description: "Needs the scope `referrals:read-status`. Only referrals your organisation sent.",
          parameters: [
            {
              name: "reference",
              in: "path",
              required: true,
              schema: { type: "string", pattern: "^HB-[0-9]{4}-[0-9]{6}$" },
            },
          ],
          responses: {
            "200": {
              description: "The referral's status.",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Referral" } } },
            },
            "401": problemResponse("unauthenticated"),
            "403": problemResponse("forbidden"),
            "404": problemResponse("notFound"),
            "429": problemResponse("rateLimited"),
          },
        },
        delete: withdrawOperation("deleteReferral"),
      },
      "/api/v1/referrals/{reference}/withdraw": {
        post: withdrawOperation("withdrawReferral"),
      },
      "/api/v1/statistics": {
        get: {
          operationId: "getStatistics",
          summary: "The annual figures (signed-in coordinators and researchers)",
          security: [{ staffSession: [] }],
          parameters: [
            { name: "year", in: "query", schema: { type: "integer" } },
            { name: "from", in: "query", schema: { type: "string", format: "date" } },
            { name: "to", in: "query", schema: { type: "string", format: "date" } },
            { name: "region", in: "query", schema: { type: "integer" } },
            { name: "publication", in: "query", schema: { type: "string", enum: ["1"] } },
          ],
          responses: {
            "200": { description: "The figures.", content: { "application/json": { schema: { type: "object" } } } },
            "400": {
              description: "The query is not valid.",
              content: { "application/json": { schema: { type: "object" } } },
            },
            "401": { description: "Not signed in.", content: { "application/json": { schema: { type: "object" } } } },
            "403": { description: "Not allowed.", content: { "application/json": { schema: { type: "object" } } } },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        partnerKey: {
          type: "http",
          scheme: "bearer",
          description: `An API key of your organisation (herstel_pk_…), with the scopes ${SCOPES.join(" and ")}.`,
        },
        staffSession: { type: "apiKey", in: "cookie", name: "__Host-herstel_sessie" },
      },
      schemas: {
        ReferralRequest: { type: "object", properties, required, additionalProperties: false },
        Referral: {
          type: "object",
          required: ["reference", "receivedAt", "status"],
          properties: {
            reference: { type: "string", pattern: "^HB-[0-9]{4}-[0-9]{6}$" },
            receivedAt: { type: "string", format: "date-time" },
            status: {
              type: ["string", "null"],
              enum: ["received", "taken_up", "closed", null],
              description: "Null when the client did not agree to status updates.",
            },
          },
          additionalProperties: false,
        },
        Withdrawal: {
          type: "object",
          required: ["reference", "status", "withdrawnAt"],
          properties: {
            reference: { type: "string", pattern: "^HB-[0-9]{4}-[0-9]{6}$" },
            status: { type: "string", const: "withdrawn" },
            withdrawnAt: { type: "string", format: "date-time" },
          },
          additionalProperties: false,
        },
        WebhookEvent: {
          type: "object",
          description:
            "The body of a webhook call: a status change of one of your organisation's referrals, never its content. " +
            "Verify the Herstel-Signature header (t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>' under your " +
            "webhook secret>) and reject calls older than five minutes.",
          required: ["id", "type", "reference", "status", "occurredAt"],
          properties: {
            id: { type: "string", format: "uuid", description: "The same on every retry of one event." },
            type: { type: "string", const: "referral.status_changed" },
            reference: { type: "string", pattern: "^HB-[0-9]{4}-[0-9]{6}$" },
            status: { type: "string", enum: ["received", "taken_up", "closed", "withdrawn"] },
            occurredAt: { type: "string", format: "date-time" },
          },
          additionalProperties: false,
        },
        Problem: problemSchema,
      },
    },
  };
}
