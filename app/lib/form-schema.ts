import type { z } from "zod";
import { invalidInput } from "./errors.ts";

/**
 * Staff forms are parsed with strict schemas (docs/security.md 15), as the public form is: a field
 * the form does not have is refused, not silently dropped. These helpers turn a FormData into
 * the plain object a `z.strictObject` checks.
 */
/** Fields of the form machinery that every form may carry. */
const MACHINERY = new Set(["_csrf", "intent"]);

export type FormParse<T> = { ok: true; data: T } | { ok: false; fields: string[] };

/**
 * Form values as an object: empty values left out (so optional fields may be blank), names in
 * `repeated` always arrays, any other name sent twice refused, files refused unless named in
 * `files`.
 */
export function formValues(
  form: FormData,
  options: { repeated?: readonly string[]; files?: readonly string[] } = {},
): { values: Record<string, unknown>; problems: string[] } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of options.repeated ?? []) values[name] = [];
  for (const [key, value] of form.entries()) {
    if (MACHINERY.has(key)) continue;
    if (typeof value !== "string") {
      if (options.files?.includes(key)) values[key] = value;
      else problems.push(key);
      continue;
    }
    if (options.repeated?.includes(key)) {
      if (value !== "") (values[key] as string[]).push(value);
    } else if (Object.hasOwn(values, key)) {
      problems.push(key);
    } else if (value.trim() !== "") {
      values[key] = value;
    }
  }
  return { values, problems: [...new Set(problems)] };
}

/** The names of the fields a schema found wrong (an unknown field is named too), each once. */
export function fieldsOfError(error: z.ZodError): string[] {
  return [
    ...new Set(
      error.issues.flatMap((issue) =>
        issue.code === "unrecognized_keys" ? issue.keys.map(String) : [String(issue.path[0] ?? "form")],
      ),
    ),
  ];
}

/** Parses a submitted form with a strict schema. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  form: FormData,
  options?: { repeated?: readonly string[]; files?: readonly string[] },
): FormParse<z.output<S>> {
  const { values, problems } = formValues(form, options);
  if (problems.length > 0) return { ok: false, fields: problems };
  const parsed = schema.safeParse(values);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, fields: fieldsOfError(parsed.error) };
}

/**
 * Parses a submitted form and returns its typed values, or throws a DomainError naming the
 * fields that need attention (the action answers with them; nothing is stored).
 */
export function formInput<S extends z.ZodType>(
  schema: S,
  form: FormData,
  options?: { repeated?: readonly string[]; files?: readonly string[] },
): z.output<S> {
  const parsed = parseForm(schema, form, options);
  if (!parsed.ok) throw invalidInput(...parsed.fields);
  return parsed.data;
}
