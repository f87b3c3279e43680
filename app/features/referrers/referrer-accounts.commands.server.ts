import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Locale } from "../../lib/i18n/i18n.ts";
import { open, seal } from "../../lib/secret-box.server.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { releaseAttempt, reserveAttempt } from "../auth/throttle.server.ts";
import { hashToken, isTokenShaped, newToken } from "../auth/tokens.server.ts";
import { newTotpSecret, verifyTotp } from "../auth/totp.server.ts";
import { enqueueMail } from "../outbox/outbox.commands.server.ts";
import { hitRateLimit, type RateLimit, rateLimitKey } from "../rate-limit/rate-limit.server.ts";
import { domainOf, isSharedDomain } from "./referrer.rules.ts";
import { withReferrerAuth } from "./referrer-acting.server.ts";
import { loginLinkMail } from "./referrer-emails.ts";

type Db = Kysely<Database>;

/** A sign-in link works once, for 15 minutes. */
export const LOGIN_LINK_LIFETIME_MS = 15 * 60 * 1000;
/** Sign-in links per address, and per client address, per hour: enough for a mistyped one. */
const LINK_PER_ACCOUNT: RateLimit = { bucket: "referrer.link.account", limit: 5, windowSeconds: 3600 };
const LINK_PER_ORIGIN: RateLimit = { bucket: "referrer.link.origin", limit: 30, windowSeconds: 3600 };

/** Audit records name a referrer by a label, never by name or address. */
export function referrerLabel(referrerId: number): string {
  return `referrer:${referrerId}`;
}

export type SignUpInput = {
  email: string;
  displayName: string;
  jobTitle?: string;
  organisationName?: string;
  referrerType?: string;
  origin: string;
  now: Date;
  locale: Locale;
  publicUrl: URL;
  appSecret: string;
};

export type SignUpResult =
  | { status: "link_sent" }
  | { status: "awaiting_approval" }
  | { status: "needs_organisation"; domain: string }
  | { status: "shared_domain" }
  | { status: "not_possible" }
  | { status: "throttled" };

/**
 * A professional signs up with a work address. A known, approved organisation's domain: the
 * account is made and a sign-in link goes to that address (so only its owner gets in). An
 * unknown domain: a new organisation waits for a coordinator's approval, with this person as its
 * contact person. The answer for an existing account is the same as for a new one.
 */
export async function signUpReferrer(db: Db, input: SignUpInput): Promise<SignUpResult> {
  const email = input.email.trim().toLowerCase();
  const domain = domainOf(email);
  if (!domain || isSharedDomain(domain)) return { status: "shared_domain" };
  if (!(await linkAllowed(db, input.appSecret, email, input.origin, input.now))) return { status: "throttled" };
  return withReferrerAuth(db, async (trx) => {
    const organisation = await trx
      .selectFrom("referrer_organisation")
      .select(["id", "status"])
      .where(({ eb, val }) => eb(val(domain), "=", eb.fn.any("email_domains")))
      .executeTakeFirst();
    if (organisation?.status === "rejected") return { status: "not_possible" } as const;
    const existing = await trx
      .selectFrom("referrer_user")
      .select(["id", "status"])
      .where("email", "=", email)
      .executeTakeFirst();
    if (!organisation) {
      if (!input.organisationName || !input.referrerType) return { status: "needs_organisation", domain } as const;
      if (existing) return { status: "not_possible" } as const;
      const made = await trx
        .insertInto("referrer_organisation")
        .values({
          name: input.organisationName,
          referrer_type: input.referrerType,
          email_domains: [domain],
          status: "pending",
          created_at: input.now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const user = await insertUser(trx, made.id, email, input, true);
      await recordAudit(trx, {
        actorId: null,
        actorLabel: referrerLabel(user),
        action: "referrer.sign_up",
        objectType: "referrer_organisation",
        objectId: made.id,
        result: "allowed",
        reason: "new_organisation",
        origin: input.origin,
        at: input.now,
      });
      return { status: "awaiting_approval" } as const;
    }
    const userId = existing?.id ?? (await insertUser(trx, organisation.id, email, input, false));
    if (!existing) {
      await recordAudit(trx, {
        actorId: null,
        actorLabel: referrerLabel(userId),
        action: "referrer.sign_up",
        objectType: "referrer_organisation",
        objectId: organisation.id,
        result: "allowed",
        origin: input.origin,
        at: input.now,
      });
    }
    if (organisation.status !== "approved") return { status: "awaiting_approval" } as const;
    if (existing?.status === "deactivated") return { status: "link_sent" } as const;
    await queueLoginLink(trx, userId, email, input);
    return { status: "link_sent" } as const;
  });
}

async function insertUser(
  trx: Kysely<Database>,
  organisationId: number,
  email: string,
  input: SignUpInput,
  contactPerson: boolean,
): Promise<number> {
  const row = await trx
    .insertInto("referrer_user")
    .values({
      organisation_id: organisationId,
      email,
      display_name: input.displayName,
      job_title: input.jobTitle ?? null,
      is_contact_person: contactPerson,
      created_at: input.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function linkAllowed(db: Db, secret: string, email: string, origin: string, now: Date): Promise<boolean> {
  const perAccount = await hitRateLimit(db, LINK_PER_ACCOUNT, rateLimitKey(secret, email), now);
  const perOrigin = await hitRateLimit(db, LINK_PER_ORIGIN, rateLimitKey(secret, origin), now);
  return perAccount.allowed && perOrigin.allowed;
}

export async function queueLoginLink(
  trx: Kysely<Database>,
  userId: number,
  email: string,
  input: { now: Date; locale: Locale; publicUrl: URL },
): Promise<void> {
  const { token, hash } = newToken();
  await trx
    .insertInto("referrer_login_link")
    .values({
      token_hash: hash,
      user_id: userId,
      created_at: input.now,
      expires_at: new Date(input.now.getTime() + LOGIN_LINK_LIFETIME_MS),
    })
    .execute();
  const mail = loginLinkMail(input.locale, new URL(`/verwijzers/inloggen/link/${token}`, input.publicUrl).toString());
  await enqueueMail(trx, {
    kind: "referrer.login_link",
    to: email,
    subject: mail.subject,
    text: mail.text,
    relatedType: "referrer_user",
    relatedId: String(userId),
  });
}

/**
 * Sends a sign-in link when the address belongs to an active referrer of an approved
 * organisation. The answer is the same either way (no account enumeration).
 */
export async function requestLoginLink(
  db: Db,
  input: { email: string; origin: string; now: Date; locale: Locale; publicUrl: URL; appSecret: string },
): Promise<{ status: "sent" | "throttled" }> {
  const email = input.email.trim().toLowerCase();
  if (!(await linkAllowed(db, input.appSecret, email, input.origin, input.now))) return { status: "throttled" };
  await withReferrerAuth(db, async (trx) => {
    const user = await trx
      .selectFrom("referrer_user as u")
      .innerJoin("referrer_organisation as o", "o.id", "u.organisation_id")
      .select(["u.id", "u.status", "o.status as organisation_status"])
      .where("u.email", "=", email)
      .executeTakeFirst();
    const usable = user?.status === "active" && user.organisation_status === "approved";
    if (user && usable) await queueLoginLink(trx, user.id, email, input);
    await recordAudit(trx, {
      actorId: null,
      actorLabel: user ? referrerLabel(user.id) : "anonymous",
      action: "referrer.login_link",
      result: usable ? "allowed" : "denied",
      reason: usable ? undefined : user ? "not_active" : "unknown_account",
      origin: input.origin,
      at: input.now,
    });
  });
  return { status: "sent" };
}

/**
 * Uses a sign-in link: once, before it expires. Returns the referrer, who must then give a TOTP
 * code (or set one up): the link alone reaches nothing.
 */
export async function redeemLoginLink(
  db: Db,
  input: { token: string; origin: string; now: Date },
): Promise<{ ok: true; referrerId: number; hasTotp: boolean } | { ok: false }> {
  if (!isTokenShaped(input.token)) return { ok: false };
  return withReferrerAuth(db, async (trx) => {
    const used = await trx
      .updateTable("referrer_login_link")
      .set({ used_at: input.now })
      .where("token_hash", "=", hashToken(input.token))
      .where("used_at", "is", null)
      .where("expires_at", ">", input.now)
      .returning("user_id")
      .executeTakeFirst();
    const user = used
      ? await trx
          .selectFrom("referrer_user as u")
          .innerJoin("referrer_organisation as o", "o.id", "u.organisation_id")
          .select(["u.id", "u.totp_confirmed_at"])
          .where("u.id", "=", used.user_id)
          .where("u.status", "=", "active")
          .where("o.status", "=", "approved")
          .executeTakeFirst()
      : undefined;
    await recordAudit(trx, {
      actorId: null,
      actorLabel: user ? referrerLabel(user.id) : "anonymous",
      action: "referrer.login_link_used",
      result: user ? "allowed" : "denied",
      reason: user ? undefined : "invalid_link",
      origin: input.origin,
      at: input.now,
    });
    return user ? { ok: true, referrerId: user.id, hasTotp: user.totp_confirmed_at !== null } : { ok: false };
  });
}

/** The secret to set up, made on first use; undefined once an authenticator is confirmed. */
export async function pendingReferrerTotp(db: Db, referrerId: number, appSecret: string): Promise<string | undefined> {
  return withReferrerAuth(db, async (trx) => {
    const user = await trx
      .selectFrom("referrer_user")
      .select(["totp_secret_enc", "totp_confirmed_at"])
      .where("id", "=", referrerId)
      .executeTakeFirstOrThrow();
    if (user.totp_confirmed_at) return undefined;
    const existing = user.totp_secret_enc ? open(appSecret, "referrer-totp", user.totp_secret_enc) : undefined;
    if (existing) return existing;
    const secret = newTotpSecret();
    await trx
      .updateTable("referrer_user")
      .set({ totp_secret_enc: seal(appSecret, "referrer-totp", secret) })
      .where("id", "=", referrerId)
      .execute();
    return secret;
  });
}

/**
 * Checks a TOTP code (each accepted once, throttled like the staff's). With `confirm`, the first
 * good code also confirms a pending authenticator.
 */
export async function checkReferrerTotp(
  db: Db,
  input: { referrerId: number; code: string; origin: string; now: Date; appSecret: string; confirm?: boolean },
): Promise<{ ok: true } | { ok: false; reason: "invalid" | "reused" | "throttled" }> {
  const account = `referrer:${input.referrerId}`;
  if (!(await reserveAttempt(db, input.appSecret, account, input.origin, input.now))) {
    await recordAudit(db, {
      actorId: null,
      actorLabel: referrerLabel(input.referrerId),
      action: "referrer.second_factor",
      result: "denied",
      reason: "throttled",
      origin: input.origin,
      at: input.now,
    });
    return { ok: false, reason: "throttled" };
  }
  const result = await withReferrerAuth(db, async (trx) => {
    const user = await trx
      .selectFrom("referrer_user")
      .select(["totp_secret_enc", "totp_confirmed_at", "totp_last_step"])
      .where("id", "=", input.referrerId)
      .where("status", "=", "active")
      .executeTakeFirst();
    const secret = user?.totp_secret_enc ? open(input.appSecret, "referrer-totp", user.totp_secret_enc) : undefined;
    if (!user || !secret || (!input.confirm && !user.totp_confirmed_at))
      return { ok: false, reason: "invalid" } as const;
    const totp = verifyTotp({ secret, code: input.code, now: input.now, lastUsedStep: user.totp_last_step });
    if (!totp.ok) return { ok: false, reason: totp.reason === "reused" ? "reused" : "invalid" } as const;
    const updated = await trx
      .updateTable("referrer_user")
      .set({ totp_last_step: totp.step, totp_confirmed_at: user.totp_confirmed_at ?? input.now })
      .where("id", "=", input.referrerId)
      .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", totp.step)]))
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1 ? ({ ok: true } as const) : ({ ok: false, reason: "reused" } as const);
  });
  if (result.ok) await releaseAttempt(db, input.appSecret, account, input.origin, input.now);
  await recordAudit(db, {
    actorId: null,
    actorLabel: referrerLabel(input.referrerId),
    action: "referrer.second_factor",
    result: result.ok ? "allowed" : "denied",
    reason: result.ok ? (input.confirm ? "totp_confirmed" : "totp") : result.reason,
    origin: input.origin,
    at: input.now,
  });
  return result;
}
