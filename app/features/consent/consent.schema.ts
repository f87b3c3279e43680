import { z } from "zod";
import { CONSENT_PURPOSES, CONTACT_FORMS } from "../cases/case.rules.ts";
import { id } from "../cases/case-fields.schema.ts";

/** The consent section's form: a party's consent given or withdrawn, for a purpose, and how. */
export const CONSENT_METHODS = ["written", "verbal", "digital"] as const;
export const consentForm = z
  .strictObject({
    partyId: id,
    purpose: z.enum(CONSENT_PURPOSES),
    contactForm: z.enum(CONTACT_FORMS).optional(),
    given: z.enum(["yes", "no"]),
    method: z.enum(CONSENT_METHODS),
  })
  // A form of contact goes with the purpose "form of contact", and only with it.
  .refine((c) => (c.purpose === "contact_form") === (c.contactForm !== undefined), { path: ["contactForm"] });
