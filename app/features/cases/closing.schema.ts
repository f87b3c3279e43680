import { z } from "zod";
import { CASE_STEPS, REOPEN_REASON_MAX } from "./case.rules.ts";
import { day, text, version } from "./case-fields.schema.ts";

/** The justice feedback, closing and move forms. */
export const RECIPIENT_MAX = 200;
export const JUSTICE_TEXT_MAX = 10_000;
export const justiceFeedbackForm = z.strictObject({
  recipient: text(RECIPIENT_MAX).min(1),
  text: text(JUSTICE_TEXT_MAX).min(1),
  sentOn: day,
});
export const SHARED_AGREEMENT_MAX = 4000;
export const AFTERCARE_REFERRAL_MAX = 2000;
export const closingAgreementsForm = z.strictObject({
  sharedAgreement: text(SHARED_AGREEMENT_MAX).default(""),
  aftercareReferral: text(AFTERCARE_REFERRAL_MAX).default(""),
});
export const outcomeForm = z.strictObject({ contact: z.enum(["yes", "no"]) });
export const NO_CONTACT_REASON_MAX = 100;
export const moveForm = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("advance"), to: z.enum(CASE_STEPS), version }),
  z.strictObject({ kind: z.literal("close_without_contact"), reason: text(NO_CONTACT_REASON_MAX), version }),
  z.strictObject({ kind: z.literal("withdraw"), party: z.enum(["registrant", "other_party"]), version }),
  z.strictObject({ kind: z.literal("reopen"), reason: text(REOPEN_REASON_MAX).default(""), version }),
]);
