import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { withFormInstance } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import type { Locale } from "../../lib/i18n/i18n.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { storeRegistration } from "./registration.commands.server.ts";
import { stepsFor } from "./registration.fields.ts";
import { type Answers, type FieldErrors, type Lists, parseStep } from "./registration.schema.ts";

export const STAFF_CHANNELS = ["phone", "email", "letter", "in_person"] as const;
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

/**
 * A registration that reached the intake desk by phone, e-mail, letter or in person, entered on
 * one page with the same questions and checks as the public form.
 */
/** Fields of the staff entry form besides the registration's own answers. */
const STAFF_ENTRY_FIELDS = ["_csrf", "intent", "channel"];

export function parseStaffEntry(
  entries: [string, FormDataEntryValue][],
  lists: Lists,
  today: string,
): { ok: true; answers: Answers } | { ok: false; errors: FieldErrors; values: Answers } {
  const errors: FieldErrors = {};
  const values: Answers = {};
  // Strict, like the public form: a field this form does not have is refused, not dropped.
  const known = new Set([...stepsFor("self").flatMap((step) => step.fields.map((f) => f.name)), ...STAFF_ENTRY_FIELDS]);
  if (entries.some(([name]) => !known.has(name))) errors._form = "validation.unexpectedField";
  for (const step of stepsFor("self")) {
    const names = new Set(step.fields.map((f) => f.name));
    const result = parseStep(
      step,
      entries.filter(([name]) => names.has(name)),
      lists,
      today,
      values,
    );
    Object.assign(values, result.values);
    if (!result.ok) Object.assign(errors, result.errors);
  }
  return Object.keys(errors).length === 0 ? { ok: true, answers: values } : { ok: false, errors, values };
}

export async function registerByStaff(
  db: Kysely<Database>,
  actor: Actor,
  input: { channel: StaffChannel; answers: Answers; locale: Locale; origin: string; now: Date },
): Promise<{ id: number; reference: string }> {
  authorize(actor, "registration.enter");
  const key = randomUUID();
  return withFormInstance(db, key, async (trx) => {
    const reference = await storeRegistration(trx, {
      idempotencyKey: key,
      now: input.now,
      channel: input.channel,
      submittedBy: "staff",
      path: "self",
      answers: input.answers,
      locale: input.locale,
    });
    const row = await trx
      .selectFrom("registration")
      .select("id")
      .where("idempotency_key", "=", key)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: actor.userId,
      action: "registration.enter",
      objectType: "registration",
      objectId: row.id,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
    return { id: row.id, reference };
  });
}
