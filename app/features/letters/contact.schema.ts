import { z } from "zod";
import { CONTACT_FORMS } from "../cases/case.rules.ts";
import { id, minutes, NAME_MAX, pastDay, text } from "../cases/case-fields.schema.ts";

/**
 * The contact section's forms: the forms of contact chosen, letters with their review and
 * passing on, shuttle messages, video messages, conversations and group conferences.
 */
export const chosenFormsForm = z.strictObject({ forms: z.array(z.enum(CONTACT_FORMS)).max(CONTACT_FORMS.length) });

export const MESSAGE_MAX = 20_000;
export const AGREED_CHANGES_MAX = 4000;
export const VIDEO_REFERENCE_MAX = 500;
export const PLACE_MAX = 300;
export const MEETING_SUMMARY_MAX = 10_000;
export const LETTER_SOURCES = ["typed_by_party", "scan", "transcribed"] as const;
export const SIDES = ["victim", "offender", "neither"] as const;
/** How another participant in a group conference relates to the parties. */
export const OTHER_RELATIONS = [
  "relative",
  "supporter",
  "legal_representative",
  "community",
  "professional",
  "other",
] as const;
/** Rows for other participants in the group-conference form (blank rows are skipped). */
export const OTHER_PARTICIPANT_ROWS = 4;

export const letterForm = z.object({
  fromPartyId: id,
  source: z.enum(LETTER_SOURCES),
  body: text(MESSAGE_MAX).default(""),
  writtenOn: pastDay,
  replyToId: id.optional(),
});
export const letterReviewForm = z.object({
  messageId: id,
  reviewedOn: pastDay,
  agreedChanges: text(AGREED_CHANGES_MAX).default(""),
});
export const passOnForm = z.object({ messageId: id, passedOnOn: pastDay });
export const shuttleForm = z.object({
  fromPartyId: id,
  body: text(MESSAGE_MAX).min(1),
  writtenOn: pastDay,
  passedOnOn: pastDay,
});
export const videoForm = z.object({
  fromPartyId: id,
  writtenOn: pastDay,
  reference: text(VIDEO_REFERENCE_MAX).default(""),
  passedOnOn: pastDay.optional(),
});
export const meetingForm = z.object({
  form: z.enum(["conversation", "group_conference"]),
  heldOn: pastDay,
  place: text(PLACE_MAX).min(1),
  coMediatorId: id.optional(),
  minutes: minutes.optional(),
  summary: text(MEETING_SUMMARY_MAX).default(""),
});
export const otherParticipantForm = z.strictObject({
  name: text(NAME_MAX).min(1),
  side: z.enum(SIDES),
  relation: z.enum(OTHER_RELATIONS),
});
