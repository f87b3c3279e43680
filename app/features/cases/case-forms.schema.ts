import { z } from "zod";
import { isCalendarDate } from "../../lib/calendar-date.ts";
import { REASON_MAX } from "../auth/break-glass.rules.ts";
import { CASE_STEPS, REOPEN_REASON_MAX } from "./case.rules.ts";

/**
 * The case page's smaller forms (issue 13: strict, like every staff form): an unknown field is
 * refused. The pure rules in case.rules.ts stay the authority on what a move may do; these
 * schemas check the shape of what was sent.
 */
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().trim().max(max);
const day = z.string().refine(isCalendarDate);
const version = z.coerce.number().int().min(0).max(999_999_999);

export const breakGlassForm = z.strictObject({ reason: text(REASON_MAX).default("") });
export const justiceFeedbackForm = z.strictObject({
  recipient: text(200).min(1),
  text: text(10000).min(1),
  sentOn: day,
});
export const closingAgreementsForm = z.strictObject({
  sharedAgreement: text(4000).default(""),
  aftercareReferral: text(2000).default(""),
});
export const taskAddForm = z.strictObject({ title: text(300).min(1), dueOn: day, ownerId: id });
export const taskDoneForm = z.strictObject({ taskId: id });
export const moveForm = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("advance"), to: z.enum(CASE_STEPS), version }),
  z.strictObject({ kind: z.literal("close_without_contact"), reason: text(100), version }),
  z.strictObject({ kind: z.literal("withdraw"), party: z.enum(["registrant", "other_party"]), version }),
  z.strictObject({ kind: z.literal("reopen"), reason: text(REOPEN_REASON_MAX).default(""), version }),
]);
/** The case list's search form: the search text and the filters it carries along. */
const filter = z.string().max(100).optional();
export const caseSearchForm = z.strictObject({
  q: filter,
  step: filter,
  region: filter,
  offence: filter,
  overdue: filter,
  page: filter,
});
