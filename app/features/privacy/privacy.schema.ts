import { z } from "zod";

/** The privacy forms (strict: unknown fields are refused). Shared by the pages and their actions. */
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "validation.date" });

export const HOLD_REASONS = ["complaint", "court_case", "person_request", "other"] as const;
export const REQUEST_KINDS = ["access", "rectification", "erasure", "restriction"] as const;
export const PARTY_ROLES = ["registrant", "other_party"] as const;
/** The mediator's review of a sealed note for an access export: include it, or why it is left out. */
export const SEALED_REVIEW_REASONS = [
  "about_the_person",
  "rights_of_others",
  "safety",
  "working_notes",
  "other",
] as const;

export const holdForm = z.strictObject({
  reason: z.enum(HOLD_REASONS, { error: "validation.required" }),
  until: day,
});
export const liftHoldForm = z.strictObject({ holdId: id });
/**
 * Who made a request: a party ("registrant", "other_party") or someone around one, as
 * "<party role>/<case_person id>" (the command checks that the person is around that party).
 */
const requester = z
  .string()
  .regex(/^(registrant|other_party)(\/\d{1,15})?$/, { error: "validation.required" })
  .transform((value) => {
    const [role, person] = value.split("/");
    return { partyRole: role as (typeof PARTY_ROLES)[number], personId: person ? Number(person) : undefined };
  });
export const requestForm = z
  .strictObject({
    kind: z.enum(REQUEST_KINDS, { error: "validation.required" }),
    requester,
    receivedOn: day,
  })
  .transform(({ requester: who, ...rest }) => ({ ...rest, ...who }));
export const decisionForm = z.strictObject({
  requestId: id,
  decision: z.enum(["approved", "rejected"]),
  reason: z.string().trim().min(1, { error: "validation.required" }).max(500),
});
export const liftRestrictionForm = z.strictObject({ requestId: id });
export const retentionRuleForm = z.strictObject({
  kind: z.enum(["case_file", "case_without_contact", "registration_not_taken_up", "outbox_message"]),
  keepMonths: z.coerce.number().int().min(0).max(1200),
  keepDays: z.coerce.number().int().min(0).max(3660),
  legalBasis: z.string().trim().min(1, { error: "validation.required" }).max(1000),
});
