import { createHash, randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { withFormInstance } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { translate } from "../../lib/i18n/i18n.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import type { ReferralStatus } from "../referrers/referrer.rules.ts";
import { storeRegistration } from "../registration/registration.commands.server.ts";
import { stepsFor } from "../registration/registration.fields.ts";
import { type Answers, type Lists, parseStep } from "../registration/registration.schema.ts";
import { canonicalJson } from "./api-keys.rules.ts";
import type { PartnerAuth } from "./api-keys.server.ts";
import { withPartner } from "./partner-acting.server.ts";
import type { FieldProblem } from "./problem.ts";

type Db = Kysely<Database>;

/** Fields the organisation's record fills in; a partner system does not send them. */
export const ORGANISATION_FIELDS = ["organisationName", "referrerType"] as const;

/** The fields a partner system sends: every field of the public referral form but the organisation's. */
export function partnerFields() {
  return stepsFor("referral")
    .flatMap((step) => step.fields)
    .filter((f) => !(ORGANISATION_FIELDS as readonly string[]).includes(f.name));
}

export function bodyHash(body: unknown): string {
  return createHash("sha256").update(canonicalJson(body), "utf8").digest("hex");
}

/**
 * Checks a JSON referral with the public form's own step parser: each value becomes the form
 * entry it stands for (a string, a list for check boxes, true for a ticked box). Unknown fields
 * and wrong types are named like any other mistake.
 */
export function parsePartnerReferral(
  body: unknown,
  organisation: { name: string; referrerType: string },
  lists: Lists,
  today: string,
): { ok: true; answers: Answers } | { ok: false; errors: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const add = (field: string, code: string) =>
    problems.push({
      field,
      code,
      detail: code.startsWith("validation.") || code.startsWith("partner.") ? detailOf(code) : code,
    });
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return {
      ok: false,
      errors: [{ field: "", code: "partner.notAnObject", detail: "The body must be a JSON object." }],
    };
  }
  const known = new Map(partnerFields().map((f) => [f.name, f]));
  const entries: [string, string][] = [
    ["organisationName", organisation.name],
    ["referrerType", organisation.referrerType],
  ];
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const spec = known.get(name);
    if (!spec) {
      add(name, "validation.unexpectedField");
      continue;
    }
    if (spec.kind === "checkbox") {
      if (typeof value !== "boolean") add(name, "partner.expectedBoolean");
      else if (value) entries.push([name, "yes"]);
    } else if (spec.kind === "checkboxes") {
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) add(name, "partner.expectedList");
      else for (const v of value as string[]) entries.push([name, v]);
    } else if (typeof value !== "string") {
      add(name, "partner.expectedString");
    } else {
      entries.push([name, value]);
    }
  }
  const answers: Answers = {};
  const wrongType = new Set(problems.map((p) => p.field));
  for (const step of stepsFor("referral")) {
    const names = new Set(step.fields.map((f) => f.name));
    const result = parseStep(
      step,
      entries.filter(([n]) => names.has(n)),
      lists,
      today,
      answers,
    );
    Object.assign(answers, result.values);
    if (!result.ok) {
      for (const [field, code] of Object.entries(result.errors)) if (!wrongType.has(field)) add(field, code);
    }
  }
  return problems.length === 0 ? { ok: true, answers } : { ok: false, errors: problems };
}

const PARTNER_DETAILS: Record<string, string> = {
  "partner.expectedBoolean": "Give true or false.",
  "partner.expectedList": "Give a list of codes.",
  "partner.expectedString": "Give a text.",
};

function detailOf(code: string): string {
  if (code in PARTNER_DETAILS) return PARTNER_DETAILS[code] as string;
  // The public form's own message, in English.
  return translate("en", code as Parameters<typeof translate>[1]);
}

/** The organisation a key acts for, as the form's referrer step needs it. */
export async function partnerOrganisation(db: Db, auth: PartnerAuth) {
  return withPartner(db, auth.organisationId, (trx) =>
    trx
      .selectFrom("referrer_organisation")
      .select(["name", "referrer_type"])
      .where("id", "=", auth.organisationId)
      .executeTakeFirstOrThrow(),
  );
}

export type CreateResult =
  | { status: "created" | "replayed"; reference: string; receivedAt: Date; referralStatus: ReferralStatus | null }
  | { status: "conflict" };

/**
 * Stores a partner's referral through the registration code (reference, sealed answers, data key,
 * acknowledgements), once per Idempotency-Key: the same key and body give the first referral
 * again; the same key with another body is refused.
 */
export async function createPartnerReferral(
  db: Db,
  auth: PartnerAuth,
  input: { idempotencyKey: string; bodySha256: string; answers: Answers; origin: string; now: Date },
): Promise<CreateResult> {
  return withPartner(db, auth.organisationId, async (trx) => {
    // Two calls with the same key at once: the second waits here and then finds the first.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`partner:${auth.organisationId}:${input.idempotencyKey}`}))`.execute(
      trx,
    );
    const earlier = await trx
      .selectFrom("partner_referral_request")
      .select(["body_sha256", "reference"])
      .where("organisation_id", "=", auth.organisationId)
      .where("idempotency_key", "=", input.idempotencyKey)
      .executeTakeFirst();
    if (earlier && earlier.body_sha256 !== input.bodySha256) {
      await audit(trx, auth, "partner.referral_create", input, "denied", "idempotency_conflict");
      return { status: "conflict" } as const;
    }
    if (earlier) {
      const status = await statusOf(trx, earlier.reference);
      await audit(trx, auth, "partner.referral_create", input, "allowed", "replayed");
      return { status: "replayed", reference: earlier.reference, ...status } as const;
    }
    const formKey = randomUUID();
    const made = await withFormInstance(trx, formKey, async (inner) => {
      const reference = await storeRegistration(inner, {
        idempotencyKey: formKey,
        now: input.now,
        channel: "web",
        submittedBy: "referrer",
        path: "referral",
        answers: input.answers,
        locale: "nl",
        referrer: { userId: null, organisationId: auth.organisationId },
      });
      const row = await inner
        .selectFrom("registration")
        .select("id")
        .where("idempotency_key", "=", formKey)
        .executeTakeFirstOrThrow();
      return { id: row.id, reference };
    });
    await trx
      .insertInto("partner_referral_request")
      .values({
        organisation_id: auth.organisationId,
        idempotency_key: input.idempotencyKey,
        body_sha256: input.bodySha256,
        registration_id: made.id,
        reference: made.reference,
        created_at: input.now,
      })
      .execute();
    await audit(trx, auth, "partner.referral_create", input, "allowed", undefined, made.id);
    return { status: "created", reference: made.reference, ...(await statusOf(trx, made.reference)) } as const;
  });
}

async function statusOf(trx: Kysely<Database>, reference: string) {
  const { rows } = await sql<{ received_at: Date; status: ReferralStatus | null }>`
    SELECT received_at, status FROM partner_referral_status(${reference})`.execute(trx);
  const row = rows[0];
  if (!row) throw new Error("partner referral not readable after creation");
  return { receivedAt: row.received_at, referralStatus: row.status };
}

/** The status of one of the organisation's referrals; undefined for any other reference. */
export async function readPartnerReferral(
  db: Db,
  auth: PartnerAuth,
  input: { reference: string; origin: string; now: Date },
): Promise<{ reference: string; receivedAt: Date; referralStatus: ReferralStatus | null } | undefined> {
  return withPartner(db, auth.organisationId, async (trx) => {
    const { rows } = await sql<{ reference: string; received_at: Date; status: ReferralStatus | null }>`
      SELECT reference, received_at, status FROM partner_referral_status(${input.reference})`.execute(trx);
    const row = rows[0];
    await audit(trx, auth, "partner.referral_status", input, row ? "allowed" : "denied", row ? undefined : "not_found");
    return row ? { reference: row.reference, receivedAt: row.received_at, referralStatus: row.status } : undefined;
  });
}

async function audit(
  trx: Kysely<Database>,
  auth: PartnerAuth,
  action: string,
  input: { origin: string; now: Date },
  result: "allowed" | "denied",
  reason?: string,
  registrationId?: number,
) {
  await recordAudit(trx, {
    actorId: null,
    actorLabel: `partner-key:${auth.keyId}`,
    action,
    objectType: registrationId ? "registration" : undefined,
    objectId: registrationId,
    result,
    reason,
    origin: input.origin,
    at: input.now,
  });
}
