import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { withFormInstance } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import type { Locale } from "../../lib/i18n/i18n.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { storeRegistration } from "../registration/registration.commands.server.ts";
import { stepsFor } from "../registration/registration.fields.ts";
import { type Answers, type FieldErrors, type Lists, parseStep } from "../registration/registration.schema.ts";
import type { ReferralStatus } from "./referrer.rules.ts";
import { referrerLabel } from "./referrer-accounts.commands.server.ts";
import { withReferrer } from "./referrer-acting.server.ts";
import { REFERRER_STEP_ID, referrerSteps } from "./referrer-steps.ts";

type Db = Kysely<Database>;

/** The referrer's own details, filled in from their account instead of typed for every client. */
export type ReferrerDetails = {
  referrerId: number;
  organisationId: number;
  organisationName: string;
  referrerType: string;
  displayName: string;
  email: string;
  jobTitle: string | null;
  phone: string | null;
};

function referrerStepEntries(details: ReferrerDetails): [string, string][] {
  const entries: [string, string][] = [
    ["referrerType", details.referrerType],
    ["organisationName", details.organisationName],
    ["referrerName", details.displayName],
    ["referrerEmail", details.email],
  ];
  if (details.jobTitle) entries.push(["referrerFunction", details.jobTitle]);
  if (details.phone) entries.push(["referrerPhone", details.phone]);
  return entries;
}

/**
 * Parses the referrer's form: every step of the public referral form, checked by the same
 * step parser, with the referrer step taken from the account. Strict: the referrer step's fields
 * may not be sent (they come from the account), nor any field the form does not have.
 */
export function parseReferral(
  entries: [string, FormDataEntryValue][],
  details: ReferrerDetails,
  lists: Lists,
  today: string,
): { ok: true; answers: Answers } | { ok: false; errors: FieldErrors; values: Answers } {
  const errors: FieldErrors = {};
  const values: Answers = {};
  const steps = stepsFor("referral");
  const known = new Set([...referrerSteps().flatMap((s) => s.fields.map((f) => f.name)), "_csrf", "intent"]);
  if (entries.some(([name]) => !known.has(name))) errors._form = "validation.unexpectedField";
  for (const step of steps) {
    const names = new Set(step.fields.map((f) => f.name));
    const stepEntries =
      step.id === REFERRER_STEP_ID ? referrerStepEntries(details) : entries.filter(([name]) => names.has(name));
    const result = parseStep(step, stepEntries, lists, today, values);
    Object.assign(values, result.values);
    if (!result.ok) {
      // The account's details failing the form's rules is not something the referrer can fix here.
      if (step.id === REFERRER_STEP_ID) errors._form = "referrer.refer.accountIncomplete";
      else Object.assign(errors, result.errors);
    }
  }
  return Object.keys(errors).length === 0 ? { ok: true, answers: values } : { ok: false, errors, values };
}

/**
 * Stores a referral through the same code as the public form (reference, sealed answers with a
 * data key of its own, acknowledgements), marked with the referrer and their organisation.
 */
export async function referClient(
  db: Db,
  details: ReferrerDetails,
  input: { answers: Answers; locale: Locale; origin: string; now: Date; idempotencyKey?: string; channel?: "web" },
): Promise<{ reference: string; created: boolean }> {
  const key = input.idempotencyKey ?? randomUUID();
  return withFormInstance(db, key, async (trx) => {
    const earlier = await trx
      .selectFrom("registration")
      .select("reference")
      .where("idempotency_key", "=", key)
      .executeTakeFirst();
    if (earlier) return { reference: earlier.reference, created: false };
    const reference = await storeRegistration(trx, {
      idempotencyKey: key,
      now: input.now,
      channel: "web",
      submittedBy: "referrer",
      path: "referral",
      answers: input.answers,
      locale: input.locale,
      referrer: { userId: details.referrerId, organisationId: details.organisationId },
    });
    const row = await trx
      .selectFrom("registration")
      .select("id")
      .where("idempotency_key", "=", key)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: null,
      actorLabel: referrerLabel(details.referrerId),
      action: "referrer.refer",
      objectType: "registration",
      objectId: row.id,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
    return { reference, created: true };
  });
}

export type ReferralRow = {
  reference: string;
  receivedAt: Date;
  own: boolean;
  sender: string;
  /** Null when the client did not agree to status updates. */
  status: ReferralStatus | null;
};

/** The referrer's referrals (and colleagues', when the organisation allows it): status only. */
export async function listReferrals(db: Db, referrerId: number, input: { origin: string; now: Date }) {
  return withReferrer(db, referrerId, async (trx) => {
    const { rows } = await sql<{
      reference: string;
      received_at: Date;
      own: boolean;
      sender: string;
      status: ReferralStatus | null;
    }>`SELECT reference, received_at, own, sender, status FROM referrer_referrals()`.execute(trx);
    await recordAudit(trx, {
      actorId: null,
      actorLabel: referrerLabel(referrerId),
      action: "referrer.referrals_read",
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
    return rows.map(
      (r): ReferralRow => ({
        reference: r.reference,
        receivedAt: r.received_at,
        own: r.own,
        sender: r.sender,
        status: r.status,
      }),
    );
  });
}

/** The organisation's settings, as its contact person sees them. */
export async function organisationSettings(db: Db, referrerId: number) {
  return withReferrer(db, referrerId, async (trx) => {
    const row = await trx
      .selectFrom("referrer_user as u")
      .innerJoin("referrer_organisation as o", "o.id", "u.organisation_id")
      .select(["u.is_contact_person", "o.id", "o.name", "o.colleagues_see_referrals"])
      .where("u.id", "=", referrerId)
      .executeTakeFirstOrThrow();
    return {
      isContactPerson: row.is_contact_person,
      organisationId: row.id,
      name: row.name,
      colleaguesSeeReferrals: row.colleagues_see_referrals,
    };
  });
}

/** The contact person lets colleagues see each other's referrals, or stops it. */
export async function setColleaguesSeeReferrals(
  db: Db,
  referrerId: number,
  input: { value: boolean; origin: string; now: Date },
): Promise<boolean> {
  return withReferrer(db, referrerId, async (trx) => {
    const me = await trx
      .selectFrom("referrer_user")
      .select(["organisation_id", "is_contact_person"])
      .where("id", "=", referrerId)
      .executeTakeFirstOrThrow();
    // Row-level security allows the change only to the contact person; checked here too for a clear answer.
    const changed = me.is_contact_person
      ? Number(
          (
            await trx
              .updateTable("referrer_organisation")
              .set({ colleagues_see_referrals: input.value })
              .where("id", "=", me.organisation_id)
              .executeTakeFirst()
          ).numUpdatedRows,
        ) === 1
      : false;
    await recordAudit(trx, {
      actorId: null,
      actorLabel: referrerLabel(referrerId),
      action: "referrer.organisation_settings",
      objectType: "referrer_organisation",
      objectId: me.organisation_id,
      result: changed ? "allowed" : "denied",
      reason: changed ? (input.value ? "colleagues_see" : "colleagues_do_not_see") : "not_contact_person",
      origin: input.origin,
      at: input.now,
    });
    return changed;
  });
}
