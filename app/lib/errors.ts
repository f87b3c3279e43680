import { data } from "react-router";
import { isDatabaseFault } from "../db/database-faults.ts";
import type { MessageKey } from "./i18n/i18n.ts";

/** Expected failures, each with one HTTP status and one user-facing text. */
export const ErrorCode = {
  NotFound: "NOT_FOUND",
  Forbidden: "FORBIDDEN",
  Unauthenticated: "UNAUTHENTICATED",
  Csrf: "CSRF",
  RateLimited: "RATE_LIMITED",
  DatabaseUnavailable: "DATABASE_UNAVAILABLE",
  BadRequest: "BAD_REQUEST",
  /** The content's data key was erased (crypto-shredding, ADR 0017): it can never be read again. */
  ContentErased: "CONTENT_ERASED",
  /** The case file is restricted (GDPR art. 18, ADR 0020): read-only until the restriction is lifted. */
  CaseRestricted: "CASE_RESTRICTED",
  /** Input a command refuses for the named fields (`DomainError.fields`); nothing is stored. */
  InvalidInput: "INVALID_INPUT",
  /** A write the case's state does not allow now, with its reason (`DomainError.reason`). */
  Refused: "REFUSED",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const HTTP_STATUS: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  CSRF: 403,
  RATE_LIMITED: 429,
  DATABASE_UNAVAILABLE: 503,
  BAD_REQUEST: 400,
  CONTENT_ERASED: 410,
  CASE_RESTRICTED: 423,
  INVALID_INPUT: 400,
  REFUSED: 400,
};

const MESSAGES: Record<ErrorCode, { title: MessageKey; body: MessageKey }> = {
  NOT_FOUND: { title: "error.notFound.title", body: "error.notFound.body" },
  FORBIDDEN: { title: "error.forbidden.title", body: "error.forbidden.body" },
  UNAUTHENTICATED: { title: "error.forbidden.title", body: "error.forbidden.body" },
  CSRF: { title: "error.csrf.title", body: "error.csrf.body" },
  RATE_LIMITED: { title: "error.rateLimited.title", body: "error.rateLimited.body" },
  DATABASE_UNAVAILABLE: { title: "error.unavailable.title", body: "error.unavailable.body" },
  BAD_REQUEST: { title: "error.badRequest.title", body: "error.badRequest.body" },
  CONTENT_ERASED: { title: "error.erased.title", body: "error.erased.body" },
  CASE_RESTRICTED: { title: "error.restricted.title", body: "error.restricted.body" },
  INVALID_INPUT: { title: "error.badRequest.title", body: "error.badRequest.body" },
  REFUSED: { title: "error.badRequest.title", body: "error.badRequest.body" },
};

/** An expected condition in the domain; never carries personal data in its message. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  /** For InvalidInput: the fields that need attention. */
  readonly fields: readonly string[];
  /** For Refused: why, as a code the page translates. */
  readonly reason: string | undefined;
  constructor(code: ErrorCode, message?: string, detail: { fields?: readonly string[]; reason?: string } = {}) {
    super(message ?? code);
    this.name = "DomainError";
    this.code = code;
    this.fields = detail.fields ?? [];
    this.reason = detail.reason;
  }
}

/** Input a command refuses for the named fields. */
export function invalidInput(...fields: string[]): DomainError {
  return new DomainError(ErrorCode.InvalidInput, `invalid: ${fields.join(", ")}`, { fields });
}

/** A write the state of things does not allow now, for a reason the page can name. */
export function refused(reason: string): DomainError {
  return new DomainError(ErrorCode.Refused, `refused: ${reason}`, { reason });
}

export function httpStatus(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(HTTP_STATUS, value);
}

/** The text keys for an error page: by code when known, otherwise by HTTP status. */
export function errorMessages(code: unknown, status: number): { title: MessageKey; body: MessageKey } {
  if (isErrorCode(code)) return MESSAGES[code];
  if (status === 404) return MESSAGES.NOT_FOUND;
  if (status === 403 || status === 401) return MESSAGES.FORBIDDEN;
  if (status === 429) return MESSAGES.RATE_LIMITED;
  if (status === 503) return MESSAGES.DATABASE_UNAVAILABLE;
  if (status === 400 || status === 415) return MESSAGES.BAD_REQUEST;
  return { title: "error.server.title", body: "error.server.body" };
}

/** What a route throws so that React Router renders the error page with the right status. */
export function routeError(code: ErrorCode) {
  return data({ code }, { status: HTTP_STATUS[code] });
}

/**
 * Runs a loader or action body, turning DomainErrors into error responses, and a database that
 * is away or too slow into the calm 503 page: that is expected, not a bug.
 */
export async function withDomainErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof DomainError) throw routeError(error.code);
    if (isDatabaseFault(error)) throw routeError(ErrorCode.DatabaseUnavailable);
    // The database refuses changes to a restricted case file (migration 0030).
    if ((error as { code?: unknown } | null)?.code === "HR001") throw routeError(ErrorCode.CaseRestricted);
    throw error;
  }
}

/** Seconds a client is asked to wait before trying again after a 503 (Retry-After). */
export const RETRY_AFTER_SECONDS = 30;
