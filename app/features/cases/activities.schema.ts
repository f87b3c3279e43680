import { z } from "zod";
import { CONTACT_FORMS } from "./case.rules.ts";
import { day, id, minutes, pastDay, text } from "./case-fields.schema.ts";

/** The activities section's forms: activities and notes, and the case's tasks. */
export const ACTIVITY_KINDS = [
  "first_conversation",
  "expectation_conversation",
  "contact_moment",
  "call",
  "email",
  "visit",
  "note",
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const SUMMARY_MAX = 10_000;
export const activityForm = z
  .strictObject({
    kind: z.enum(ACTIVITY_KINDS),
    partyId: id.optional(),
    contactForm: z.enum(CONTACT_FORMS).optional(),
    occurredOn: pastDay,
    minutes: minutes.optional(),
    summary: text(SUMMARY_MAX).default(""),
    sealed: z.literal("yes").optional(),
  })
  // A contact moment names its form of contact; only a note can be sealed.
  .refine((a) => a.kind !== "contact_moment" || a.contactForm !== undefined, { path: ["contactForm"] })
  .refine((a) => !a.sealed || a.kind === "note", { path: ["sealed"] });

export const TASK_TITLE_MAX = 300;
export const taskAddForm = z.strictObject({ title: text(TASK_TITLE_MAX).min(1), dueOn: day, ownerId: id });
export const taskDoneForm = z.strictObject({ taskId: id });
