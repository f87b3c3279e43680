import { z } from "zod";
import type { MessageKey } from "../../lib/i18n/i18n.ts";
import {
  type FieldSpec,
  type ListName,
  type RegistrationPath,
  type StepSpec,
  stepsFor,
} from "./registration.fields.ts";

/**
 * Validation of the registration form, built from the field descriptions. The server is the
 * authority; the pages take their constraints (required, maximum length, type) from the same
 * descriptions. Every message is a translation key.
 */
export type Lists = Record<ListName, { code: string; label_nl: string; label_en: string }[]>;
export type Answers = Record<string, string | string[] | boolean | undefined>;
export type FieldErrors = Record<string, MessageKey>;
export type StepResult = { ok: true; values: Answers } | { ok: false; errors: FieldErrors; values: Answers };

/** Fields that belong to the form machinery, not to the answers. */
const MACHINERY_FIELDS = new Set(["_csrf", "intent", "website"]);
/** Control characters other than tab and line breaks. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the purpose.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const EMAIL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are excluded on purpose.
  /^[^\s@<>()[\]\\,;:"\x00-\x1f\x7f]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const PHONE = /^\+?[0-9 ()./-]{6,30}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type Entries = Iterable<[string, FormDataEntryValue]>;

/** Collects form entries: repeated names become arrays; files are refused. */
function collect(entries: Entries): { raw: Map<string, string[]>; files: boolean } {
  const raw = new Map<string, string[]>();
  let files = false;
  for (const [name, value] of entries) {
    if (typeof value !== "string") {
      files = true;
      continue;
    }
    raw.set(name, [...(raw.get(name) ?? []), value]);
  }
  return { raw, files };
}

function textProblem(value: string, spec: FieldSpec): MessageKey | undefined {
  if (value.includes("\uFFFD")) return "validation.encoding";
  const withoutBreaks = spec.kind === "textarea" ? value.replace(/[\r\n\t]/g, "") : value.replace(/\t/g, "");
  if (CONTROL_CHARS.test(withoutBreaks) || (spec.kind !== "textarea" && /[\r\n]/.test(value))) {
    return "validation.controlChars";
  }
  if (spec.maxLength !== undefined && [...value].length > spec.maxLength) return "validation.tooLong";
  return undefined;
}

function dateProblem(value: string, spec: FieldSpec, today: string): MessageKey | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return "validation.date";
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return "validation.date";
  if (y < 1900) return "validation.dateTooEarly";
  if (spec.dates === "past" && value > today) return "validation.dateInFuture";
  if (spec.dates === "future" && y > Number(today.slice(0, 4)) + 100) return "validation.date";
  return undefined;
}

function allowedValues(spec: FieldSpec, lists: Lists): Set<string> {
  if (!spec.options) return new Set();
  if (Array.isArray(spec.options)) return new Set(spec.options.map((o) => o.value));
  return new Set(lists[spec.options.list].map((item) => item.code));
}

/** Validates one field; returns its clean value or the key of the problem. */
function validateField(
  spec: FieldSpec,
  values: string[] | undefined,
  lists: Lists,
  today: string,
): { value: Answers[string]; error?: MessageKey } {
  if (spec.kind === "checkboxes") {
    const chosen = (values ?? []).filter((v) => v !== "");
    const allowed = allowedValues(spec, lists);
    if (chosen.some((v) => !allowed.has(v))) return { value: [], error: "validation.unknownOption" };
    const unique = [...new Set(chosen)];
    if (spec.required && unique.length === 0) return { value: [], error: "validation.chooseAtLeastOne" };
    return { value: unique };
  }
  if (spec.kind === "checkbox") {
    if ((values?.length ?? 0) > 1) return { value: false, error: "validation.chooseOne" };
    const checked = values?.[0] === "yes";
    if (values?.[0] !== undefined && values[0] !== "yes") return { value: false, error: "validation.unknownOption" };
    if (spec.required && !checked) return { value: false, error: "validation.mustConfirm" };
    return { value: checked };
  }
  if ((values?.length ?? 0) > 1) return { value: values?.[0], error: "validation.chooseOne" };
  const raw = values?.[0] ?? "";
  const value = spec.kind === "textarea" ? raw.replace(/\r\n?/g, "\n").trim() : raw.trim();
  if (value === "") {
    if (!spec.required) return { value: undefined };
    const error: MessageKey =
      spec.kind === "radio" || spec.kind === "select" ? "validation.choose" : "validation.required";
    return { value: undefined, error };
  }
  const text = textProblem(value, spec);
  if (text) return { value, error: text };
  switch (spec.kind) {
    case "radio":
    case "select":
      return allowedValues(spec, lists).has(value) ? { value } : { value, error: "validation.unknownOption" };
    case "email":
      return EMAIL.test(value) ? { value } : { value, error: "validation.email" };
    case "tel":
      return PHONE.test(value) && value.replace(/\D/g, "").length >= 6
        ? { value }
        : { value, error: "validation.phone" };
    case "date": {
      const problem = dateProblem(value, spec, today);
      return problem ? { value, error: problem } : { value };
    }
    default:
      return { value };
  }
}

/** Rules that involve more than one field of a step. */
function crossFieldErrors(step: StepSpec, values: Answers, errors: FieldErrors): void {
  const has = (name: string) => values[name] !== undefined && values[name] !== "" && !errors[name];
  if (step.id === "rol") {
    if ((values.role === "relative" || values.role === "witness") && !values.sideOf && !errors.sideOf) {
      errors.sideOf = "validation.sideOfRequired";
    }
  }
  if (step.id === "gegevens") {
    if (!has("dateOfBirth") && !has("ageGroup") && !errors.dateOfBirth && !errors.ageGroup) {
      errors.dateOfBirth = "validation.birthOrAge";
    }
    if (!has("email") && !has("phone") && !has("address") && !errors.email && !errors.phone && !errors.address) {
      errors.email = "validation.oneContact";
    }
    if (has("dateOfBirth") && (values.dateOfBirth as string) < "1900-01-01")
      errors.dateOfBirth = "validation.dateTooEarly";
  }
  if (step.id === "wensen" && values.language === "other" && !has("languageOther") && !errors.languageOther) {
    errors.languageOther = "validation.languageOther";
  }
}

/** Consistency between steps: a chosen channel needs the matching contact detail. */
export function channelErrors(answers: Answers): FieldErrors {
  const errors: FieldErrors = {};
  const channels = Array.isArray(answers.contactChannels) ? answers.contactChannels : [];
  if (channels.includes("email") && !answers.email) errors.contactChannels = "validation.channelEmailMissing";
  else if (channels.includes("phone") && !answers.phone) errors.contactChannels = "validation.channelPhoneMissing";
  else if (channels.includes("post") && !answers.address) errors.contactChannels = "validation.channelPostMissing";
  return errors;
}

/**
 * The zod schema of one step: each field takes the raw values submitted under its name
 * (a list, since a name can repeat) and yields the clean answer; messages are translation keys.
 */
export function stepSchema(step: StepSpec, lists: Lists, today: string, previous: Answers = {}) {
  // The contact step checks against earlier answers: made for each parse.
  if (step.id === "contact") return buildStepSchema(step, lists, today, previous);
  let bySpec = schemaCache.get(lists);
  if (!bySpec) {
    bySpec = new WeakMap();
    schemaCache.set(lists, bySpec);
  }
  const known = bySpec.get(step);
  if (known?.today === today) return known.schema;
  const schema = buildStepSchema(step, lists, today, previous);
  bySpec.set(step, { today, schema });
  return schema;
}

/*
 * Building a step's schema took more of the server's time than parsing with it (a profile under
 * load, 2026-12-02): it is kept per list version (the lists are read again now and then, as a new
 * object) and step, for the current day.
 */
const schemaCache = new WeakMap<Lists, WeakMap<StepSpec, { today: string; schema: StepSchema }>>();
type StepSchema = ReturnType<typeof buildStepSchema>;

function buildStepSchema(step: StepSpec, lists: Lists, today: string, previous: Answers) {
  const shape = Object.fromEntries(
    step.fields.map((spec) => [
      spec.name,
      z
        .array(z.string())
        .optional()
        .transform((raw, ctx) => {
          const result = validateField(spec, raw, lists, today);
          if (result.error) ctx.addIssue({ code: "custom", message: result.error, input: raw });
          return result.value;
        }),
    ]),
  );
  return z.object(shape).superRefine((values, ctx) => {
    const errors: FieldErrors = {};
    crossFieldErrors(step, values as Answers, errors);
    if (step.id === "contact") Object.assign(errors, channelErrors({ ...previous, ...(values as Answers) }));
    for (const [path, message] of Object.entries(errors))
      ctx.addIssue({ code: "custom", path: [path], message, input: values });
  });
}

/**
 * Parses one step's form submission. Unknown fields, repeated single values, files, options
 * that do not exist, text that is too long or unreadable: each gives an error, never an
 * exception. `today` is "YYYY-MM-DD" (Amsterdam time) so that tests can fix it.
 */
export function parseStep(
  step: StepSpec,
  entries: Entries,
  lists: Lists,
  today: string,
  previous: Answers = {},
): StepResult {
  const { raw, files } = collect(entries);
  const errors: FieldErrors = {};
  const known = new Set(step.fields.map((f) => f.name));
  for (const name of raw.keys()) {
    if (!known.has(name) && !MACHINERY_FIELDS.has(name)) errors._form = "validation.unexpectedField";
  }
  if (files) errors._form = "validation.unexpectedField";
  const input = Object.fromEntries(step.fields.map((f) => [f.name, raw.get(f.name)]));
  const result = stepSchema(step, lists, today, previous).safeParse(input);
  if (result.success && Object.keys(errors).length === 0) return { ok: true, values: result.data as Answers };
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? "_form");
      errors[field] ??= issue.message as MessageKey;
    }
  }
  // On failure, keep what was typed so that the page can show it again: nothing is lost.
  const values: Answers = {};
  for (const spec of step.fields) values[spec.name] = validateField(spec, raw.get(spec.name), lists, today).value;
  return { ok: false, errors, values };
}

/** Checks a complete set of answers before it is stored: every step again, as a whole. */
export function parseAll(
  path: RegistrationPath,
  answers: Answers,
  lists: Lists,
  today: string,
): { ok: true; values: Answers } | { ok: false; stepId: string } {
  const all: Answers = {};
  for (const step of stepsFor(path)) {
    const entries: [string, string][] = [];
    for (const spec of step.fields) {
      const value = answers[spec.name];
      if (Array.isArray(value)) for (const v of value) entries.push([spec.name, v]);
      else if (value === true) entries.push([spec.name, "yes"]);
      else if (typeof value === "string") entries.push([spec.name, value]);
    }
    const result = parseStep(step, entries, lists, today, { ...answers, ...all });
    if (!result.ok) return { ok: false, stepId: step.id };
    Object.assign(all, result.values);
  }
  return { ok: true, values: all };
}

/** The final page: agreement to the privacy statement, and the honeypot for bots. */
export const submitSchema = z.object({
  privacyAgreed: z.literal("yes", { error: "validation.privacyRequired" }),
  website: z.string().max(0).optional(),
});

/** Today's date in the Netherlands, as YYYY-MM-DD. */
export function todayInAmsterdam(now = new Date()): string {
  return AMSTERDAM_DATE.format(now);
}

// Made once: building a formatter with a time zone costs far more than using one.
const AMSTERDAM_DATE = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Amsterdam",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
