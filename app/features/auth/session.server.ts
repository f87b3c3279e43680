import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { readCookie, serializeCookie } from "../../lib/cookies.ts";
import { type Actor, isRole } from "./roles.ts";
import { hashToken, isTokenShaped, newToken } from "./tokens.server.ts";

type Db = Kysely<Database>;

/** docs/security.md 11: idle timeout 30 minutes, absolute lifetime 12 hours. */
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** Re-authentication counts for this long before sensitive account changes. */
export const REAUTH_VALID_MS = 5 * 60 * 1000;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-herstel_sessie" : "herstel_sessie";
}

export function sessionTokenFrom(request: Request, secure: boolean): string | undefined {
  const value = readCookie(request.headers.get("cookie"), sessionCookieName(secure));
  return value && isTokenShaped(value) ? value : undefined;
}

export function sessionCookie(token: string, secure: boolean): string {
  // No Max-Age: the cookie ends with the browser; the server enforces the timeouts.
  return serializeCookie(sessionCookieName(secure), token, { secure, sameSite: "Lax" });
}

export function clearSessionCookie(secure: boolean): string {
  return serializeCookie(sessionCookieName(secure), "", { secure, sameSite: "Lax", maxAgeSeconds: 0 });
}

export type LoadedSession = {
  idHash: string;
  userId: number;
  email: string;
  displayName: string;
  secondFactorAt: Date | null;
  reauthenticatedAt: Date | null;
  hasTotp: boolean;
  actor: Actor;
};

/**
 * Starts a new session (always a new id: a session id is never reused across a login step).
 * Ends the previous session of this browser, if any.
 */
export async function createSession(
  db: Db,
  input: { userId: number; now: Date; userAgent: string; secondFactor: boolean; previousToken?: string },
): Promise<string> {
  const { token, hash } = newToken();
  if (input.previousToken) await endSession(db, input.previousToken, input.now);
  await db
    .insertInto("staff_session")
    .values({
      id_hash: hash,
      user_id: input.userId,
      created_at: input.now,
      last_seen_at: input.now,
      second_factor_at: input.secondFactor ? input.now : null,
      reauthenticated_at: input.secondFactor ? input.now : null,
      user_agent: summariseUserAgent(input.userAgent),
    })
    .execute();
  return token;
}

/** The live session for a token: not ended, not idle too long, not too old, account active. */
export async function loadSession(db: Db, token: string | undefined, now: Date): Promise<LoadedSession | undefined> {
  if (!token) return undefined;
  const idHash = hashToken(token);
  const row = await db
    .selectFrom("staff_session as s")
    .innerJoin("staff_user as u", "u.id", "s.user_id")
    .select([
      "s.id_hash",
      "s.user_id",
      "s.created_at",
      "s.last_seen_at",
      "s.second_factor_at",
      "s.reauthenticated_at",
      "u.email",
      "u.display_name",
      "u.status",
      "u.totp_confirmed_at",
      // Roles and regions in the same round trip (every signed-in request reads them).
      sql<string>`coalesce((SELECT string_agg(r.role, ',') FROM staff_role r WHERE r.user_id = s.user_id), '')`.as(
        "role_list",
      ),
      sql<string>`coalesce((SELECT string_agg(g.region_id::text, ',') FROM staff_region g WHERE g.user_id = s.user_id), '')`.as(
        "region_list",
      ),
    ])
    .where("s.id_hash", "=", idHash)
    .where("s.ended_at", "is", null)
    .executeTakeFirst();
  if (row?.status !== "active") return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > IDLE_TIMEOUT_MS) return undefined;
  if (now.getTime() - row.created_at.getTime() > ABSOLUTE_TIMEOUT_MS) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable("staff_session").set({ last_seen_at: now }).where("id_hash", "=", idHash).execute();
  }
  return {
    idHash,
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    secondFactorAt: row.second_factor_at,
    reauthenticatedAt: row.reauthenticated_at,
    hasTotp: row.totp_confirmed_at !== null,
    actor: {
      userId: row.user_id,
      roles: splitList(row.role_list).filter(isRole),
      regionIds: splitList(row.region_list).map(Number),
    },
  };
}

export async function endSession(db: Db, token: string, now: Date): Promise<void> {
  await db
    .updateTable("staff_session")
    .set({ ended_at: now })
    .where("id_hash", "=", hashToken(token))
    .where("ended_at", "is", null)
    .execute();
}

export async function endSessionById(db: Db, userId: number, idHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("staff_session")
    .set({ ended_at: now })
    .where("id_hash", "=", idHash)
    .where("user_id", "=", userId)
    .where("ended_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ends every session of a user at once (deactivation, password change). */
export async function endAllSessions(db: Db, userId: number, now: Date): Promise<void> {
  await db
    .updateTable("staff_session")
    .set({ ended_at: now })
    .where("user_id", "=", userId)
    .where("ended_at", "is", null)
    .execute();
}

/** Ends every session of the account except this one: a change of credentials logs the others out. */
export async function endOtherSessions(db: Db, userId: number, keepToken: string, now: Date): Promise<void> {
  await db
    .updateTable("staff_session")
    .set({ ended_at: now })
    .where("user_id", "=", userId)
    .where("id_hash", "!=", hashToken(keepToken))
    .where("ended_at", "is", null)
    .execute();
}

/** The user's live sessions, for the "your sessions" page. */
export async function listSessions(db: Db, userId: number, now: Date) {
  const rows = await db
    .selectFrom("staff_session")
    .select(["id_hash", "created_at", "last_seen_at", "user_agent", "second_factor_at"])
    .where("user_id", "=", userId)
    .where("ended_at", "is", null)
    .where("last_seen_at", ">", new Date(now.getTime() - IDLE_TIMEOUT_MS))
    .where("created_at", ">", new Date(now.getTime() - ABSOLUTE_TIMEOUT_MS))
    .orderBy("last_seen_at", "desc")
    .execute();
  return rows;
}

/** A short, non-identifying description of the browser ("Chrome op Linux"), for the sessions page. */
export function summariseUserAgent(userAgent: string): string {
  const browser = /Firefox\//.test(userAgent)
    ? "Firefox"
    : /Edg\//.test(userAgent)
      ? "Edge"
      : /Chrome\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "browser";
  const system = /Windows/.test(userAgent)
    ? "Windows"
    : /Android/.test(userAgent)
      ? "Android"
      : /iPhone|iPad/.test(userAgent)
        ? "iOS"
        : /Mac OS X/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : "";
  return system ? `${browser} / ${system}` : browser;
}

function splitList(list: string): string[] {
  return list === "" ? [] : list.split(",");
}
