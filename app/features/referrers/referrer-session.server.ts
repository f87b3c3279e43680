import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { readCookie, serializeCookie } from "../../lib/cookies.ts";
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, summariseUserAgent } from "../auth/session.server.ts";
import { hashToken, isTokenShaped, newToken } from "../auth/tokens.server.ts";
import { withReferrer, withReferrerAuth } from "./referrer-acting.server.ts";

type Db = Kysely<Database>;

/**
 * Referrer sessions work as the staff's (docs/security.md 10 and 11, the same timeouts and token
 * handling) but live in a table and a cookie of their own: a referrer's session can never be
 * mistaken for a staff session, whatever a bug in a route does.
 */
const TOUCH_INTERVAL_MS = 60 * 1000;

export function referrerCookieName(secure: boolean): string {
  return secure ? "__Host-herstel_verwijzer" : "herstel_verwijzer";
}

export function referrerTokenFrom(request: Request, secure: boolean): string | undefined {
  const value = readCookie(request.headers.get("cookie"), referrerCookieName(secure));
  return value && isTokenShaped(value) ? value : undefined;
}

export function referrerSessionCookie(token: string, secure: boolean): string {
  return serializeCookie(referrerCookieName(secure), token, { secure, sameSite: "Lax" });
}

export function clearReferrerSessionCookie(secure: boolean): string {
  return serializeCookie(referrerCookieName(secure), "", { secure, sameSite: "Lax", maxAgeSeconds: 0 });
}

export type ReferrerSession = {
  idHash: string;
  referrerId: number;
  organisationId: number;
  email: string;
  displayName: string;
  jobTitle: string | null;
  phone: string | null;
  isContactPerson: boolean;
  organisationName: string;
  referrerType: string;
  secondFactorAt: Date | null;
  hasTotp: boolean;
  /** The referrer has a passkey: the e-mail link then needs it (or the app), never a new app. */
  hasPasskey: boolean;
};

export async function createReferrerSession(
  db: Db,
  input: { referrerId: number; now: Date; userAgent: string; secondFactor: boolean; previousToken?: string },
): Promise<string> {
  const { token, hash } = newToken();
  if (input.previousToken) await endReferrerSession(db, input.previousToken, input.now);
  await db
    .insertInto("referrer_session")
    .values({
      id_hash: hash,
      user_id: input.referrerId,
      created_at: input.now,
      last_seen_at: input.now,
      second_factor_at: input.secondFactor ? input.now : null,
      user_agent: summariseUserAgent(input.userAgent),
    })
    .execute();
  return token;
}

/** The live session: not ended, not idle or old, account active, organisation approved. */
export async function loadReferrerSession(
  db: Db,
  token: string | undefined,
  now: Date,
): Promise<ReferrerSession | undefined> {
  if (!token) return undefined;
  const idHash = hashToken(token);
  const session = await db
    .selectFrom("referrer_session")
    .select(["user_id", "created_at", "last_seen_at", "second_factor_at"])
    .where("id_hash", "=", idHash)
    .where("ended_at", "is", null)
    .executeTakeFirst();
  if (!session) return undefined;
  if (now.getTime() - session.last_seen_at.getTime() > IDLE_TIMEOUT_MS) return undefined;
  if (now.getTime() - session.created_at.getTime() > ABSOLUTE_TIMEOUT_MS) return undefined;
  const row = await withReferrerAuth(db, (trx) =>
    trx
      .selectFrom("referrer_user as u")
      .innerJoin("referrer_organisation as o", "o.id", "u.organisation_id")
      .select([
        "u.id",
        "u.organisation_id",
        "u.email",
        "u.display_name",
        "u.job_title",
        "u.phone",
        "u.is_contact_person",
        "u.status",
        "u.totp_confirmed_at",
        "o.name",
        "o.referrer_type",
        "o.status as organisation_status",
        (eb) =>
          eb
            .exists(
              eb.selectFrom("webauthn_credential as w").select("w.id").whereRef("w.referrer_user_id", "=", "u.id"),
            )
            .as("has_passkey"),
      ])
      .where("u.id", "=", session.user_id)
      .executeTakeFirst(),
  );
  if (row?.status !== "active" || row.organisation_status !== "approved") return undefined;
  if (now.getTime() - session.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable("referrer_session").set({ last_seen_at: now }).where("id_hash", "=", idHash).execute();
  }
  return {
    idHash,
    referrerId: row.id,
    organisationId: row.organisation_id,
    email: row.email,
    displayName: row.display_name,
    jobTitle: row.job_title,
    phone: row.phone,
    isContactPerson: row.is_contact_person,
    organisationName: row.name,
    referrerType: row.referrer_type,
    secondFactorAt: session.second_factor_at,
    hasTotp: row.totp_confirmed_at !== null,
    hasPasskey: row.has_passkey === true,
  };
}

export async function endReferrerSession(db: Db, token: string, now: Date): Promise<void> {
  await db
    .updateTable("referrer_session")
    .set({ ended_at: now })
    .where("id_hash", "=", hashToken(token))
    .where("ended_at", "is", null)
    .execute();
}

/** The referrer's own live sessions, newest first (the sessions page). */
export async function listReferrerSessions(db: Db, referrerId: number, now: Date) {
  const rows = await withReferrer(db, referrerId, (trx) =>
    trx
      .selectFrom("referrer_session")
      .select(["id_hash", "created_at", "last_seen_at", "user_agent", "second_factor_at"])
      .where("user_id", "=", referrerId)
      .where("ended_at", "is", null)
      .where("second_factor_at", "is not", null)
      .orderBy("last_seen_at", "desc")
      .execute(),
  );
  return rows.filter(
    (r) =>
      now.getTime() - r.last_seen_at.getTime() <= IDLE_TIMEOUT_MS &&
      now.getTime() - r.created_at.getTime() <= ABSOLUTE_TIMEOUT_MS,
  );
}

/** Ends one of the referrer's own sessions (row-level security: only their own). */
export async function endReferrerSessionById(db: Db, referrerId: number, idHash: string, now: Date) {
  return withReferrer(db, referrerId, async (trx) => {
    const ended = await trx
      .updateTable("referrer_session")
      .set({ ended_at: now })
      .where("id_hash", "=", idHash)
      .where("user_id", "=", referrerId)
      .where("ended_at", "is", null)
      .executeTakeFirst();
    return Number(ended.numUpdatedRows) === 1;
  });
}
