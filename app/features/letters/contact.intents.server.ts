import type { z } from "zod";
import { invalidInput, refused } from "../../lib/errors.ts";
import { fieldsOfError, formInput } from "../../lib/form-schema.ts";
import { setChosenForms } from "../cases/case-file.commands.server.ts";
import type { IntentHandler, IntentScope } from "../cases/case-section.server.ts";
import {
  chosenFormsForm,
  letterForm,
  letterReviewForm,
  meetingForm,
  OTHER_PARTICIPANT_ROWS,
  otherParticipantForm,
  passOnForm,
  shuttleForm,
  videoForm,
} from "./contact.schema.ts";
import {
  type ContactResult,
  passOnMessage,
  recordMeeting,
  recordMessage,
  reviewLetter,
} from "./contact-forms.server.ts";
import { checkUpload, type UploadKind } from "./uploads.server.ts";

/**
 * The contact section's intents: the forms of contact chosen, and the records of each form.
 * Strict like every staff form: a field the form does not have, a file where text is expected,
 * or a single field sent twice is named as a problem, and nothing is stored.
 */
const REPEATED = new Set(["partyIds", "personIds"]);
const OTHER_ROW_FIELDS = Array.from({ length: OTHER_PARTICIPANT_ROWS }, (_, row) => [
  `otherName${row}`,
  `otherSide${row}`,
  `otherRelation${row}`,
]).flat();

/** The form's text values (blank ones left out) after checking it has no field it should not have. */
function contactValues(
  form: FormData,
  schema: z.ZodObject,
  extra: { fields?: readonly string[]; file?: string } = {},
): Record<string, string> {
  const allowed = new Set([...Object.keys(schema.shape), ...(extra.fields ?? []), "_csrf", "intent"]);
  if (extra.file) allowed.add(extra.file);
  const seen = new Set<string>();
  const problems = new Set<string>();
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (!allowed.has(key) || (typeof value !== "string" && key !== extra.file)) problems.add(key.slice(0, 60));
    else if (seen.has(key) && !REPEATED.has(key)) problems.add(key);
    else if (typeof value === "string" && key !== "_csrf" && key !== "intent" && value.trim() !== "")
      values[key] = value;
    seen.add(key);
  }
  if (problems.size > 0) throw invalidInput(...problems);
  return values;
}

function parsed<S extends z.ZodType>(schema: S, values: Record<string, string>): z.output<S> {
  const result = schema.safeParse(values);
  if (!result.success) throw invalidInput(...fieldsOfError(result.error));
  return result.data;
}

function ids(form: FormData, name: string): number[] {
  return form
    .getAll(name)
    .map((v) => (typeof v === "string" && /^\d{1,15}$/.test(v) ? Number(v) : 0))
    .filter((n) => n > 0);
}

async function fileFrom(scope: IntentScope, name: string, kind: UploadKind) {
  const value = scope.form.get(name);
  if (!(value instanceof File) || (value.size === 0 && value.name === "")) return undefined;
  const maxBytes = scope.config.uploadMaxBytes;
  if (value.size > maxBytes) throw refused("too_large");
  const checked = await checkUpload(
    kind,
    { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) },
    maxBytes,
  );
  if (!checked.ok) throw refused(checked.problem);
  return checked.upload;
}

function write(scope: IntentScope) {
  return { caseId: scope.caseId, origin: scope.origin, now: scope.now };
}

function answer(result: ContactResult) {
  if (!result.ok) throw refused(result.problem);
  return { kind: "saved" as const };
}

export const chooseForms: IntentHandler = async (scope) => {
  const input = formInput(chosenFormsForm, scope.form, { repeated: ["forms"] });
  await setChosenForms(scope.db, scope.actor, { ...write(scope), forms: input.forms });
  return { kind: "saved" };
};

export const recordLetter: IntentHandler = async (scope) => {
  const input = parsed(letterForm, contactValues(scope.form, letterForm, { file: "scan" }));
  const upload = await fileFrom(scope, "scan", "scan");
  return answer(
    await recordMessage(scope.db, scope.actor, {
      ...write(scope),
      form: "letter_exchange",
      ...input,
      upload,
      quotaBytes: scope.config.uploadCaseQuotaBytes,
    }),
  );
};

export const reviewLetterIntent: IntentHandler = async (scope) => {
  const input = parsed(letterReviewForm, contactValues(scope.form, letterReviewForm));
  return answer(await reviewLetter(scope.db, scope.actor, { ...write(scope), ...input }));
};

export const passOnMessageIntent: IntentHandler = async (scope) => {
  const input = parsed(passOnForm, contactValues(scope.form, passOnForm));
  return answer(await passOnMessage(scope.db, scope.actor, { ...write(scope), ...input }));
};

export const recordShuttle: IntentHandler = async (scope) => {
  const input = parsed(shuttleForm, contactValues(scope.form, shuttleForm));
  return answer(
    await recordMessage(scope.db, scope.actor, {
      ...write(scope),
      form: "shuttle",
      source: "told_to_mediator",
      ...input,
      quotaBytes: scope.config.uploadCaseQuotaBytes,
    }),
  );
};

export const recordVideo: IntentHandler = async (scope) => {
  const input = parsed(videoForm, contactValues(scope.form, videoForm, { file: "video" }));
  const upload = await fileFrom(scope, "video", "video");
  return answer(
    await recordMessage(scope.db, scope.actor, {
      ...write(scope),
      form: "video_message",
      source: "recorded_with_mediator",
      body: "",
      ...input,
      upload,
      quotaBytes: scope.config.uploadCaseQuotaBytes,
    }),
  );
};

export const recordMeetingIntent: IntentHandler = async (scope) => {
  const raw = contactValues(scope.form, meetingForm, { fields: ["partyIds", "personIds", ...OTHER_ROW_FIELDS] });
  const meeting = meetingForm.safeParse(raw);
  const others: z.output<typeof otherParticipantForm>[] = [];
  const bad: string[] = meeting.success ? [] : fieldsOfError(meeting.error);
  for (let row = 0; row < OTHER_PARTICIPANT_ROWS; row++) {
    const name = (raw[`otherName${row}`] ?? "").trim();
    const side = raw[`otherSide${row}`];
    const relation = raw[`otherRelation${row}`];
    if (!name && !side && !relation) continue;
    const other = otherParticipantForm.safeParse({ name, side, relation });
    if (other.success) others.push(other.data);
    else bad.push(...fieldsOfError(other.error).map((f) => `other${f[0]?.toUpperCase()}${f.slice(1)}${row}`));
  }
  if (!meeting.success || bad.length) throw invalidInput(...bad);
  return answer(
    await recordMeeting(scope.db, scope.actor, {
      ...write(scope),
      ...meeting.data,
      partyIds: ids(scope.form, "partyIds"),
      personIds: ids(scope.form, "personIds"),
      others,
    }),
  );
};

/** The contact section's intents, by the name its forms send. */
export const contactIntents = {
  forms: chooseForms,
  letter: recordLetter,
  "letter-review": reviewLetterIntent,
  "message-pass-on": passOnMessageIntent,
  shuttle: recordShuttle,
  video: recordVideo,
  meeting: recordMeetingIntent,
} as const satisfies Record<string, IntentHandler>;
