import { z } from "zod";
import { id, NAME_MAX, text } from "../cases/case-fields.schema.ts";

/** The parties section's forms: the other party, the people around the parties, contact details. */
export const PARTY_CONTACT_MAX = 1000;
export const addPartyForm = z.strictObject({
  name: text(NAME_MAX).min(1),
  contact: text(PARTY_CONTACT_MAX).default(""),
});

export const CONTACT_FIELDS = [
  "phone",
  "email",
  "address",
  "times",
  "voicemailAllowed",
  "senderNameAllowed",
  "notes",
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export type ContactDetails = Partial<Record<ContactField, string>>;

export const CONTACT_LIMITS = { phone: 40, email: 254, address: 500, times: 300, notes: 2000 } as const;
const yesNoOptional = z.enum(["yes", "no"]).optional();
/** The contact-details form; bad values are named per field. */
export const contactSchema = z.object({
  phone: z
    .string()
    .trim()
    .max(CONTACT_LIMITS.phone)
    .regex(/^[+0-9 ()-]*$/)
    .optional(),
  email: z.union([z.literal(""), z.email().max(CONTACT_LIMITS.email)]).optional(),
  address: z.string().trim().max(CONTACT_LIMITS.address).optional(),
  times: z.string().trim().max(CONTACT_LIMITS.times).optional(),
  voicemailAllowed: yesNoOptional,
  senderNameAllowed: yesNoOptional,
  notes: z.string().trim().max(CONTACT_LIMITS.notes).optional(),
});

/** How a person around a party relates to them. */
export const PERSON_RELATIONS = ["relative", "supporter", "legal_representative", "other"] as const;
export type PersonRelation = (typeof PERSON_RELATIONS)[number];
export const personForm = z.object({ partyId: id, relation: z.enum(PERSON_RELATIONS), name: text(NAME_MAX).min(1) });
export const partyContactForm = z.object({ partyId: id, version: z.coerce.number().int().min(1) });
