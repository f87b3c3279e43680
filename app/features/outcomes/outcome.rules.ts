/**
 * Pure rules of the outcome questionnaire ("Helpt contact?", ADR 0021): when a person is due a
 * questionnaire, how long an invitation lasts, when the reminder goes, and the letter code.
 */
export const MOMENTS = ["before", "after", "follow_up"] as const;
export type Moment = (typeof MOMENTS)[number];
export type Side = "victim" | "offender";

/** An invitation (and every link or code for it) lasts this long. */
export const INVITATION_DAYS = 30;
/** One reminder, this many days after the invitation, when nothing was sent in yet. */
export const REMINDER_DAYS = 7;
/** A started questionnaire stays open in the browser this long (the cookie). */
export const ANSWER_SESSION_MINUTES = 60;
/** Moments missed by more than this are not sent late (the answer would mean something else). */
export const LATE_LIMIT_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;
export const addDays = (at: Date, days: number) => new Date(at.getTime() + days * DAY_MS);

/** The same day `months` calendar months later (the last day of a shorter month). */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export type Candidate = {
  /** The case's step; "closed" once closed. */
  step: string;
  closedAt: Date | null;
  /** The first conversation with this person (the expectations conversation for the other party). */
  firstTalkOn: string | null;
  /** Moments this person was already invited to. */
  invited: readonly Moment[];
};

/**
 * The moments a consenting person is due now, and not yet invited to:
 * - before: after their first conversation, while the case is open and within LATE_LIMIT_DAYS;
 * - after: when the case is closed (with or without contact), within LATE_LIMIT_DAYS;
 * - follow_up: `followUpMonths` after closing, within LATE_LIMIT_DAYS.
 */
export function dueMoments(c: Candidate, now: Date, followUpMonths: number): Moment[] {
  const due: Moment[] = [];
  const within = (from: Date) =>
    from.getTime() <= now.getTime() && now.getTime() < addDays(from, LATE_LIMIT_DAYS).getTime();
  if (c.step !== "closed" && c.firstTalkOn && within(new Date(`${c.firstTalkOn}T00:00:00Z`))) due.push("before");
  if (c.step === "closed" && c.closedAt) {
    if (within(c.closedAt)) due.push("after");
    if (within(addMonths(c.closedAt, followUpMonths))) due.push("follow_up");
  }
  return due.filter((m) => !c.invited.includes(m));
}

/** Whether the person allows e-mail: an address, and e-mail among the channels they chose (if they chose). */
export function allowsEmail(contact: Record<string, unknown>): string | null {
  const email = typeof contact.email === "string" ? contact.email.trim() : "";
  if (!email) return null;
  const channels = contact.channels;
  if (Array.isArray(channels) && !channels.includes("email")) return null;
  return email;
}

/** Whether the reminder is due: sent by e-mail, not yet reminded, nothing sent in, 7 days on. */
export function reminderDue(
  inv: { emailSentAt: Date | null; reminderSentAt: Date | null; completedAt: Date | null; expiresAt: Date },
  now: Date,
): boolean {
  return (
    inv.emailSentAt !== null &&
    inv.reminderSentAt === null &&
    inv.completedAt === null &&
    inv.expiresAt.getTime() > now.getTime() &&
    addDays(inv.emailSentAt, REMINDER_DAYS).getTime() <= now.getTime()
  );
}

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L, 5/S, 2/Z). */
export const CODE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY";
export const CODE_LENGTH = 12;

/**
 * A letter code from random bytes, one byte per character. Modulo 27 makes 13 characters 10/9 as
 * likely as the others (256 = 9 × 27 + 13): a little under 57 bits instead of 57, which is plenty
 * for a single-use, rate-limited code.
 */
export function codeFromBytes(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[(bytes[i] ?? 0) % CODE_ALPHABET.length];
  return out;
}

/** The code as printed: groups of four (XXXX-XXXX-XXXX). */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}

/** What a person typed, as the code: upper case, without spaces and dashes; undefined when it cannot be one. */
export function normaliseCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== CODE_LENGTH) return undefined;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return undefined;
  return code;
}
