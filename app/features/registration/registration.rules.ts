import type { Answers } from "./registration.schema.ts";

/** HB-YYYY-NNNNNN: the year received and the sequence number within that year. */
export function formatReference(year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new RangeError(`sequence ${sequence} out of range for a reference`);
  }
  return `HB-${year}-${String(sequence).padStart(6, "0")}`;
}

/** The registrant gets an e-mail only when they gave an address, allow e-mail, and allow our name as sender. */
export function registrantMayBeEmailed(answers: Answers): boolean {
  const channels = Array.isArray(answers.contactChannels) ? answers.contactChannels : [];
  return (
    typeof answers.email === "string" &&
    answers.email !== "" &&
    channels.includes("email") &&
    answers.senderNameAllowed === "yes"
  );
}

/** The year in the Netherlands at the moment of receipt (a registration on 31 Dec 23:30 UTC counts in the new year there). */
export function yearInAmsterdam(date: Date): number {
  return Number(AMSTERDAM_YEAR.format(date));
}

// Made once: building a formatter with a time zone costs far more than using one.
const AMSTERDAM_YEAR = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Amsterdam", year: "numeric" });
