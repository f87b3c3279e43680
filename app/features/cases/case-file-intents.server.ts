import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema.ts";
import { isCalendarDate } from "../../lib/calendar-date.ts";
import type { Actor } from "../auth/roles.ts";
import { todayInAmsterdam } from "../registration/registration.schema.ts";
import { CONSENT_PURPOSES, CONTACT_FORMS } from "./case.rules.ts";
import {
  addOtherParty,
  InputError,
  RISK_QUESTIONS,
  recordActivity,
  recordConsent,
  recordOutcome,
  recordRiskAssessment,
  setChosenForms,
} from "./case-file.commands.server.ts";
import { fieldsOf } from "./contact-intents.server.ts";

/**
 * The case page's forms: one zod schema per form, then the command. Bad input is answered with
 * the names of the fields that need attention (the page shows a message at each), never with
 * an exception, and nothing is stored.
 */
const id = z.coerce.number().int().positive();
/** A day that happened: a real calendar date, not after today in the Netherlands. */
const date = z.string().refine((value) => isCalendarDate(value) && value <= todayInAmsterdam());
const text = (max: number) => z.string().trim().max(max);

const schemas = {
  "add-party": z.strictObject({ name: text(200).min(1), contact: text(1000).default("") }),
  consent: z.strictObject({
    partyId: id,
    purpose: z.enum(CONSENT_PURPOSES),
    contactForm: z.enum(CONTACT_FORMS).optional(),
    given: z.enum(["yes", "no"]),
    method: z.enum(["written", "verbal", "digital"]),
  }),
  activity: z.strictObject({
    kind: z.enum([
      "first_conversation",
      "expectation_conversation",
      "contact_moment",
      "call",
      "email",
      "visit",
      "note",
    ]),
    partyId: id.optional(),
    contactForm: z.enum(CONTACT_FORMS).optional(),
    occurredOn: date,
    minutes: z.coerce.number().int().min(0).max(1440).optional(),
    summary: text(10000).default(""),
    sealed: z.literal("yes").optional(),
  }),
  risk: z.strictObject({
    // Each question may stay empty (the form says so); the conclusion and its date are required.
    ...Object.fromEntries(RISK_QUESTIONS.map((q) => [q, text(2000).default("")])),
    conclusion: z.enum(["suitable", "suitable_with_conditions", "not_suitable"]),
    assessedOn: date,
  }),
  forms: z.strictObject({ forms: z.array(z.enum(CONTACT_FORMS)).max(5) }),
  outcome: z.strictObject({ contact: z.enum(["yes", "no"]) }),
} as const;

export type CaseFileIntent = keyof typeof schemas;

/** The names of the fields that need attention. */
function invalid(error: z.ZodError): { ok: false; fields: string[] } {
  return { ok: false, fields: fieldsOf(error) };
}

export function isCaseFileIntent(value: unknown): value is CaseFileIntent {
  return typeof value === "string" && Object.hasOwn(schemas, value);
}

export async function handleCaseFileIntent(
  db: Kysely<Database>,
  actor: Actor,
  intent: CaseFileIntent,
  form: FormData,
  base: { caseId: number; origin: string; now: Date },
): Promise<{ ok: true } | { ok: false; fields: string[] }> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key === "_csrf" || key === "intent") continue;
    // Strict (issue 13): a file, or a single field sent twice, is a problem with that field.
    if (typeof value !== "string" || (key !== "forms" && Object.hasOwn(raw, key)))
      return { ok: false, fields: [key.slice(0, 60)] };
    if (key === "forms") raw.forms = [...((raw.forms as string[]) ?? []), value];
    else if (value !== "") raw[key] = value;
  }
  if (intent === "forms") raw.forms ??= [];
  switch (intent) {
    case "add-party": {
      const p = schemas[intent].safeParse(raw);
      if (!p.success) return invalid(p.error);
      try {
        await addOtherParty(db, actor, { ...base, name: p.data.name, contact: { details: p.data.contact } });
      } catch (error) {
        if (error instanceof InputError) return { ok: false, fields: error.fields };
        throw error;
      }
      break;
    }
    case "consent": {
      const p = schemas[intent].safeParse(raw);
      if (!p.success) return invalid(p.error);
      // A form of contact goes with the purpose "form of contact", and only with it.
      if ((p.data.purpose === "contact_form") !== (p.data.contactForm !== undefined))
        return { ok: false, fields: ["contactForm"] };
      await recordConsent(db, actor, { ...base, ...p.data, given: p.data.given === "yes" });
      break;
    }
    case "activity": {
      const p = schemas[intent].safeParse(raw);
      if (!p.success) return invalid(p.error);
      if (p.data.kind === "contact_moment" && !p.data.contactForm) return { ok: false, fields: ["contactForm"] };
      if (p.data.sealed && p.data.kind !== "note") return { ok: false, fields: ["sealed"] };
      try {
        await recordActivity(db, actor, { ...base, ...p.data, sealed: p.data.sealed === "yes" });
      } catch (error) {
        if (error instanceof InputError) return { ok: false, fields: error.fields };
        throw error;
      }
      break;
    }
    case "risk": {
      const p = schemas[intent].safeParse(raw);
      if (!p.success) return invalid(p.error);
      const answers = Object.fromEntries(
        RISK_QUESTIONS.map((q) => [q, String((p.data as Record<string, unknown>)[q] ?? "")]),
      );
      await recordRiskAssessment(db, actor, {
        ...base,
        answers: answers as Record<(typeof RISK_QUESTIONS)[number], string>,
        conclusion: p.data.conclusion,
        assessedOn: p.data.assessedOn,
      });
      break;
    }
    case "forms": {
      const p = schemas[intent].safeParse(raw);
      if (!p.success) return invalid(p.error);
      await setChosenForms(db, actor, { ...base, forms: p.data.forms });
      break;
    }
    case "outcome": {
      const p = schemas[intent].safeParse(raw);
      if (!p.success) return invalid(p.error);
      await recordOutcome(db, actor, { ...base, contact: p.data.contact === "yes" });
      break;
    }
  }
  return { ok: true };
}
