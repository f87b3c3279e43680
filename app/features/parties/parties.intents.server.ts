import { invalidInput } from "../../lib/errors.ts";
import { fieldsOfError, formInput } from "../../lib/form-schema.ts";
import { addOtherParty } from "../cases/case-file.commands.server.ts";
import type { IntentHandler, IntentScope } from "../cases/case-section.server.ts";
import { addPartyForm, CONTACT_FIELDS, contactSchema, partyContactForm, personForm } from "./parties.schema.ts";
import { addPerson, updatePartyContact } from "./people.server.ts";

/** The parties section's intents: the other party, the people around the parties, contact details. */
function write(scope: IntentScope) {
  return { caseId: scope.caseId, origin: scope.origin, now: scope.now };
}

/** A form of the main schema plus the contact details; every bad field is named at once. */
function withContact<S extends typeof personForm | typeof partyContactForm>(schema: S, form: FormData) {
  const allowed = new Set<string>([...Object.keys(schema.shape), ...CONTACT_FIELDS, "_csrf", "intent"]);
  const raw: Record<string, string> = {};
  const problems = new Set<string>();
  for (const [key, value] of form.entries()) {
    if (!allowed.has(key) || typeof value !== "string" || Object.hasOwn(raw, key)) problems.add(key.slice(0, 60));
    else if (key !== "_csrf" && key !== "intent" && value.trim() !== "") raw[key] = value;
  }
  if (problems.size > 0) throw invalidInput(...problems);
  const main = schema.safeParse(raw);
  const contact = contactSchema.safeParse(raw);
  if (!main.success || !contact.success)
    throw invalidInput(
      ...(main.success ? [] : fieldsOfError(main.error)),
      ...(contact.success ? [] : fieldsOfError(contact.error)),
    );
  return { main: main.data as ReturnType<S["parse"]>, contact: contact.data };
}

export const addParty: IntentHandler = async (scope) => {
  const input = formInput(addPartyForm, scope.form);
  await addOtherParty(scope.db, scope.actor, {
    ...write(scope),
    name: input.name,
    contact: { details: input.contact },
  });
  return { kind: "saved" };
};

export const addPersonIntent: IntentHandler = async (scope) => {
  const { main, contact } = withContact(personForm, scope.form);
  await addPerson(scope.db, scope.actor, { ...write(scope), ...main, contact });
  return { kind: "saved" };
};

export const updateContact: IntentHandler = async (scope) => {
  const { main, contact } = withContact(partyContactForm, scope.form);
  const result = await updatePartyContact(scope.db, scope.actor, {
    ...write(scope),
    partyId: main.partyId,
    expectedVersion: main.version,
    contact,
  });
  if (result.ok) return { kind: "saved" };
  const values = Object.fromEntries(
    [...scope.form.entries()].flatMap(([k, v]) => (typeof v === "string" && k !== "_csrf" ? [[k, v]] : [])),
  );
  return {
    kind: "contactConflict",
    conflict: {
      partyId: main.partyId,
      ...result.conflict,
      at: result.conflict.at?.toISOString() ?? null,
      typed: values,
    },
  };
};

export const partiesIntents = {
  "add-party": addParty,
  person: addPersonIntent,
  "party-contact": updateContact,
} as const satisfies Record<string, IntentHandler>;
