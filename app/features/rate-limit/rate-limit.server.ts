import { createHmac } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * Fixed-window rate limits kept in the database, so that several app instances share them.
 * Keys are HMACs of what they count (a client address, later an account), so the table holds
 * no addresses.
 */
export type RateLimit = { bucket: string; limit: number; windowSeconds: number };
export type RateLimitResult = { allowed: boolean; hits: number; retryAfterSeconds: number };

export const REGISTRATION_STEP_LIMIT: RateLimit = { bucket: "registration.step", limit: 60, windowSeconds: 600 };
export const REGISTRATION_SUBMIT_LIMIT: RateLimit = { bucket: "registration.submit", limit: 10, windowSeconds: 3600 };

export function rateLimitKey(secret: string, value: string): string {
  return createHmac("sha256", secret).update(`rate:${value}`).digest("base64url").slice(0, 32);
}

export function windowStart(now: Date, windowSeconds: number): Date {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/** Counts one hit and says whether it is within the limit. */
export async function hitRateLimit(
  db: Kysely<Database>,
  rule: RateLimit,
  key: string,
  now: Date,
): Promise<RateLimitResult> {
  const start = windowStart(now, rule.windowSeconds);
  const row = await db
    .insertInto("rate_limit_counter")
    .values({ bucket: rule.bucket, key, window_start: start, hits: 1 })
    .onConflict((oc) =>
      oc.columns(["bucket", "key", "window_start"]).doUpdateSet({ hits: sql`rate_limit_counter.hits + 1` }),
    )
    .returning("hits")
    .executeTakeFirstOrThrow();
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((start.getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000),
  );
  // Old windows are useless: clear them now and then instead of on every hit.
  if (row.hits === 1 && Math.random() < 0.05) await purgeOldRateLimitWindows(db, now);
  return { allowed: row.hits <= rule.limit, hits: row.hits, retryAfterSeconds };
}

/** Removes windows older than a day (no limit is longer); also done by the daily housekeeping job. */
export async function purgeOldRateLimitWindows(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db
    .deleteFrom("rate_limit_counter")
    .where("window_start", "<", new Date(now.getTime() - 24 * 3600 * 1000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The hits counted so far in the current window, without counting one. */
export async function peekRateLimit(db: Kysely<Database>, rule: RateLimit, key: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom("rate_limit_counter")
    .select("hits")
    .where("bucket", "=", rule.bucket)
    .where("key", "=", key)
    .where("window_start", "=", windowStart(now, rule.windowSeconds))
    .executeTakeFirst();
  return row?.hits ?? 0;
}

/**
 * Failed sign-in attempts (docs/security.md 9): at most 100 an hour per account and per client
 * address, and a short back-off after 10 failures in 15 minutes for one account.
 */
export const LOGIN_FAILURE_LIMITS: RateLimit[] = [
  { bucket: "auth.fail.account", limit: 100, windowSeconds: 3600 },
  { bucket: "auth.fail.address", limit: 100, windowSeconds: 3600 },
  { bucket: "auth.fail.account.short", limit: 10, windowSeconds: 900 },
];
