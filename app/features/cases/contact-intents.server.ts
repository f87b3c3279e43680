import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema.ts";
import { isCalendarDate } from "../../lib/calendar-date.ts";
import { fieldsOfError } from "../../lib/form-schema.ts";
import type { Actor } from "../auth/roles.ts";
import { todayInAmsterdam } from "../registration/registration.schema.ts";
import type { CaseWriteBase } from "./case-file.commands.server.ts";
import {
  type ContactProblem,
  passOnMessage,
  recordMeeting,
  recordMessage,
  reviewLetter,
} from "./contact-forms.server.ts";
import {
  addPerson,
  type ContactDetails,
  contactSchema,
  PERSON_RELATIONS,
  updatePartyContact,
} from "./people.server.ts";
import { checkUpload, type UploadKind } from "./uploads.server.ts";

/**
 * The case page's forms for the contact workflows and the people in a case. Bad input is
 * answered per field (the names of the fields that need attention), refusals with their reason,
 * and a stale edit of contact details with what is there now; nothing is half-stored.
 */
const id = z.coerce.number().int().positive();
/** A day that happened: a real calendar date, not after today in the Netherlands. */
const date = z.string().refine((value) => isCalendarDate(value) && value <= todayInAmsterdam());
const text = (max: number) => z.string().trim().max(max);
const minutes = z.coerce.number().int().min(0).max(1440);
const SIDES = ["victim", "offender", "neither"] as const;
const OTHER_RELATIONS = [
  "relative",
  "supporter",
  "legal_representative",
  "community",
  "professional",
  "other",
] as const;
/** Rows for other participants in the group-conference form (blank rows are skipped). */
export const OTHER_PARTICIPANT_ROWS = 4;

const schemas = {
  letter: z.object({
    fromPartyId: id,
    source: z.enum(["typed_by_party", "scan", "transcribed"]),
    body: text(20000).default(""),
    writtenOn: date,
    replyToId: id.optional(),
  }),
  "letter-review": z.object({ messageId: id, reviewedOn: date, agreedChanges: text(4000).default("") }),
  "message-pass-on": z.object({ messageId: id, passedOnOn: date }),
  shuttle: z.object({ fromPartyId: id, body: text(20000).min(1), writtenOn: date, passedOnOn: date }),
  video: z.object({
    fromPartyId: id,
    writtenOn: date,
    reference: text(500).default(""),
    passedOnOn: date.optional(),
  }),
  meeting: z.object({
    form: z.enum(["conversation", "group_conference"]),
    heldOn: date,
    place: text(300).min(1),
    coMediatorId: id.optional(),
    minutes: minutes.optional(),
    summary: text(10000).default(""),
  }),
  person: z.object({
    partyId: id,
    relation: z.enum(PERSON_RELATIONS),
    name: text(200).min(1),
  }),
  "party-contact": z.object({ partyId: id, version: z.coerce.number().int().min(1) }),
} as const;

export type ContactIntent = keyof typeof schemas;
export function isContactIntent(value: unknown): value is ContactIntent {
  return typeof value === "string" && Object.hasOwn(schemas, value);
}

export type ContactIntentResult =
  | { ok: true }
  | { ok: false; fields: string[] }
  | { ok: false; problem: ContactProblem }
  | {
      ok: false;
      contactConflict: {
        partyId: number;
        contact: ContactDetails;
        version: number;
        by: string | null;
        at: string | null;
      };
    };

/** The names of the fields a schema found wrong, each once. */
export function fieldsOf(error: z.ZodError): string[] {
  return fieldsOfError(error);
}

/** Fields each form has besides its schema's: files, repeated choices, rows, contact details. */
const EXTRA_FIELDS: Record<ContactIntent, readonly string[]> = {
  letter: ["scan"],
  "letter-review": [],
  "message-pass-on": [],
  shuttle: [],
  video: ["video"],
  meeting: [
    "partyIds",
    "personIds",
    ...Array.from({ length: OTHER_PARTICIPANT_ROWS }, (_, row) => [
      `otherName${row}`,
      `otherSide${row}`,
      `otherRelation${row}`,
    ]).flat(),
  ],
  person: Object.keys(contactSchema.shape),
  "party-contact": Object.keys(contactSchema.shape),
};
const REPEATED = new Set(["partyIds", "personIds"]);

/**
 * Issue 13: strict like every staff form. A field the form does not have, a file where text is
 * expected, or a single field sent twice is named as a problem; nothing is stored.
 */
function unknownFields(intent: ContactIntent, form: FormData): string[] {
  const allowed = new Set([...Object.keys(schemas[intent].shape), ...EXTRA_FIELDS[intent], "_csrf", "intent"]);
  const seen = new Set<string>();
  const problems = new Set<string>();
  for (const [key, value] of form.entries()) {
    const isFileField = EXTRA_FIELDS[intent].includes(key) && (key === "scan" || key === "video");
    if (!allowed.has(key) || (typeof value !== "string" && !isFileField)) problems.add(key.slice(0, 60));
    else if (seen.has(key) && !REPEATED.has(key)) problems.add(key);
    seen.add(key);
  }
  return [...problems];
}

/** Form values as strings, empty ones left out; files and repeated fields handled by the caller. */
function plain(form: FormData): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || key === "_csrf" || key === "intent") continue;
    if (value.trim() !== "") raw[key] = value;
  }
  return raw;
}

function ids(form: FormData, name: string): number[] {
  return form
    .getAll(name)
    .map((v) => (typeof v === "string" && /^\d{1,15}$/.test(v) ? Number(v) : 0))
    .filter((n) => n > 0);
}

async function fileFrom(form: FormData, name: string, kind: UploadKind, maxBytes: number) {
  const value = form.get(name);
  if (!(value instanceof File) || (value.size === 0 && value.name === ""))
    return { ok: true as const, upload: undefined };
  if (value.size > maxBytes) return { ok: false as const, problem: "too_large" as const };
  return checkUpload(kind, { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) }, maxBytes);
}

export async function handleContactIntent(
  db: Kysely<Database>,
  actor: Actor,
  intent: ContactIntent,
  form: FormData,
  base: CaseWriteBase & { uploadMaxBytes: number; quotaBytes: number },
): Promise<ContactIntentResult> {
  const unknown = unknownFields(intent, form);
  if (unknown.length > 0) return { ok: false, fields: unknown };
  const raw = plain(form);
  const write = { caseId: base.caseId, origin: base.origin, now: base.now };
  switch (intent) {
    case "letter": {
      const p = schemas.letter.safeParse(raw);
      if (!p.success) return { ok: false, fields: fieldsOf(p.error) };
      const file = await fileFrom(form, "scan", "scan", base.uploadMaxBytes);
      if (!file.ok) return { ok: false, problem: file.problem };
      return recordMessage(db, actor, {
        ...write,
        form: "letter_exchange",
        ...p.data,
        upload: file.upload,
        quotaBytes: base.quotaBytes,
      });
    }
    case "letter-review": {
      const p = schemas["letter-review"].safeParse(raw);
      if (!p.success) return { ok: false, fields: fieldsOf(p.error) };
      return reviewLetter(db, actor, { ...write, ...p.data });
    }
    case "message-pass-on": {
      const p = schemas["message-pass-on"].safeParse(raw);
      if (!p.success) return { ok: false, fields: fieldsOf(p.error) };
      return passOnMessage(db, actor, { ...write, ...p.data });
    }
    case "shuttle": {
      const p = schemas.shuttle.safeParse(raw);
      if (!p.success) return { ok: false, fields: fieldsOf(p.error) };
      return recordMessage(db, actor, {
        ...write,
        form: "shuttle",
        source: "told_to_mediator",
        ...p.data,
        quotaBytes: base.quotaBytes,
      });
    }
    case "video": {
      const p = schemas.video.safeParse(raw);
      if (!p.success) return { ok: false, fields: fieldsOf(p.error) };
      const file = await fileFrom(form, "video", "video", base.uploadMaxBytes);
      if (!file.ok) return { ok: false, problem: file.problem };
      return recordMessage(db, actor, {
        ...write,
        form: "video_message",
        source: "recorded_with_mediator",
        body: "",
        ...p.data,
        upload: file.upload,
        quotaBytes: base.quotaBytes,
      });
    }
    case "meeting": {
      const p = schemas.meeting.safeParse(raw);
      const others: { name: string; side: (typeof SIDES)[number]; relation: (typeof OTHER_RELATIONS)[number] }[] = [];
      const bad: string[] = p.success ? [] : fieldsOf(p.error);
      for (let row = 0; row < OTHER_PARTICIPANT_ROWS; row++) {
        const name = (raw[`otherName${row}`] ?? "").trim();
        const side = raw[`otherSide${row}`];
        const relation = raw[`otherRelation${row}`];
        if (!name && !side && !relation) continue;
        const parsed = z
          .strictObject({ name: text(200).min(1), side: z.enum(SIDES), relation: z.enum(OTHER_RELATIONS) })
          .safeParse({ name, side, relation });
        if (parsed.success) others.push(parsed.data);
        else bad.push(...fieldsOf(parsed.error).map((f) => `other${f[0]?.toUpperCase()}${f.slice(1)}${row}`));
      }
      if (!p.success || bad.length) return { ok: false, fields: bad };
      return recordMeeting(db, actor, {
        ...write,
        ...p.data,
        partyIds: ids(form, "partyIds"),
        personIds: ids(form, "personIds"),
        others,
      });
    }
    case "person": {
      const p = schemas.person.safeParse(raw);
      const c = contactSchema.safeParse(raw);
      if (!p.success || !c.success)
        return {
          ok: false,
          fields: [...(p.success ? [] : fieldsOf(p.error)), ...(c.success ? [] : fieldsOf(c.error))],
        };
      await addPerson(db, actor, { ...write, ...p.data, contact: c.data });
      return { ok: true };
    }
    case "party-contact": {
      const p = schemas["party-contact"].safeParse(raw);
      const c = contactSchema.safeParse(raw);
      if (!p.success || !c.success)
        return {
          ok: false,
          fields: [...(p.success ? [] : fieldsOf(p.error)), ...(c.success ? [] : fieldsOf(c.error))],
        };
      const result = await updatePartyContact(db, actor, {
        ...write,
        partyId: p.data.partyId,
        expectedVersion: p.data.version,
        contact: c.data,
      });
      if (result.ok) return result;
      return {
        ok: false,
        contactConflict: {
          partyId: p.data.partyId,
          ...result.conflict,
          at: result.conflict.at?.toISOString() ?? null,
        },
      };
    }
  }
}
