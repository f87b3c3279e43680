/** Pure rules of the e-mail outbox: retry timing, validation of what may be queued, error summaries. */
import type { OutboxMessageStatus } from "../../db/schema.ts";

export type OutboxStatus = OutboxMessageStatus;
export const OUTBOX_STATUSES = ["pending", "sent", "failed"] as const satisfies readonly OutboxStatus[];

/**
 * After this many attempts a message is marked 'failed' and kept for an administrator.
 * With the back-off below that is about two days of trying, long enough to ride out an
 * SMTP outage over a weekend night without retrying forever.
 */
export const MAX_ATTEMPTS = 48;

const FIRST_DELAY_MS = 60_000;
const MAX_DELAY_MS = 60 * 60_000;

/** Wait after the given number of failed attempts: 1 min, 2, 4, … capped at 1 hour. */
export function nextAttemptDelayMs(attempts: number): number {
  const n = Number.isNaN(attempts) ? 1 : Math.max(1, Math.floor(attempts));
  // The exponent is capped as well, so that a huge attempt count cannot overflow to Infinity.
  return Math.min(FIRST_DELAY_MS * 2 ** Math.min(n - 1, 30), MAX_DELAY_MS);
}

/** The status a message gets after a failed attempt, counting that attempt. */
export function statusAfterFailure(attempts: number): OutboxStatus {
  return attempts >= MAX_ATTEMPTS ? "failed" : "pending";
}

/**
 * One address as a program would write it: no display name, no list, no quoted local part.
 * Deliberately loose about the rest (the SMTP server judges deliverability), so that any
 * address a form accepted can be queued; it refuses what could change the meaning of the
 * To header: separators, brackets, quotes, whitespace and control characters.
 */
export function isPlausibleEmailAddress(value: string): boolean {
  if (value.length > 254) return false;
  const parts = value.split("@");
  if (parts.length !== 2) return false;
  const [local = "", domain = ""] = parts;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (local.length < 1 || local.length > 64 || /[\s\u0000-\u001f\u007f<>()[\]\\,;:"]/u.test(local)) return false;
  const labels = domain.split(".");
  return (
    labels.length >= 2 && labels.every((label) => /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u.test(label))
  );
}

/** Header text must stay on one line: CR/LF (and other control characters) could inject headers. */
export function isSafeHeaderText(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return value.trim().length > 0 && !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value);
}

/** Same shape as the database check on outbox_message.kind, e.g. 'registration.ack'. */
export function isValidKind(value: string): boolean {
  return /^[a-z][a-z0-9_.]{0,99}$/.test(value);
}

type SendErrorLike = {
  code?: unknown;
  originalCode?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
};

/**
 * A short technical reason for the outbox row and the log, e.g. "ESOCKET ECONNREFUSED" or
 * "EENVELOPE 550 5.1.1 RCPT TO". Built only from codes: error messages and server replies
 * often quote the recipient address, so their text is never kept.
 */
export function describeSendError(error: unknown): string {
  const e = (typeof error === "object" && error !== null ? error : {}) as SendErrorLike;
  const token = (v: unknown) => (typeof v === "string" && /^[A-Z][A-Z0-9_]{0,39}$/.test(v) ? v : undefined);
  const parts = [token(e.code) ?? "UNKNOWN"];
  const original = token(e.originalCode);
  if (original && original !== parts[0]) parts.push(original);
  if (typeof e.responseCode === "number" && Number.isInteger(e.responseCode)) parts.push(String(e.responseCode));
  // The enhanced status code (RFC 3463) right after the reply code says more than the code alone.
  const enhanced = typeof e.response === "string" ? /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(e.response) : null;
  if (enhanced?.[1]) parts.push(enhanced[1]);
  if (typeof e.command === "string" && /^[A-Z]{3,8}( [A-Z]{2,4})?$/.test(e.command)) parts.push(e.command);
  return parts.join(" ");
}

/**
 * Whether a failure says nothing about this one message but about the server (unreachable,
 * timing out, refusing our login), so that the rest of a batch would fail the same way.
 * Only a rejection of this message's envelope or content is message-specific; 421 means the
 * server is closing the connection whatever we send.
 */
export function isServerWideFailure(error: unknown): boolean {
  const e = (typeof error === "object" && error !== null ? error : {}) as SendErrorLike;
  const messageSpecific = (e.code === "EENVELOPE" || e.code === "EMESSAGE") && e.responseCode !== 421;
  return !messageSpecific;
}

/**
 * A Message-ID that stays the same when a message is sent again, so that a duplicate caused
 * by at-least-once delivery can be recognised by mail clients. The creation time keeps it
 * unique across installations that share a sender domain.
 */
export function messageIdFor(id: number, createdAt: Date, mailFrom: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom)?.[1] ?? "herstel.invalid";
  return `<outbox.${id}.${createdAt.getTime().toString(36)}@${domain}>`;
}
