import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { hitRateLimit, LOGIN_FAILURE_LIMITS, rateLimitKey, windowStart } from "../rate-limit/rate-limit.server.ts";

type Db = Kysely<Database>;

/** The counters one attempt counts in: the account (by e-mail) and the client address. */
function keys(secret: string, account: string, address: string) {
  const accountKey = rateLimitKey(secret, `account:${account.toLowerCase()}`);
  const addressKey = rateLimitKey(secret, `address:${address}`);
  return LOGIN_FAILURE_LIMITS.map((rule) => ({ rule, key: rule.bucket.includes("address") ? addressKey : accountKey }));
}

/**
 * Counts an attempt before it is checked (docs/security.md 9). Each counter is one upsert that
 * returns the new count, so attempts sent at the same moment each get their own number and at
 * most the limit of them are checked; the rest are refused unchecked. Checking first and
 * counting afterwards let 15 parallel guesses through a limit of 10.
 * Returns false when the attempt is over a limit (then it must not be checked at all).
 */
export async function reserveAttempt(db: Db, secret: string, account: string, address: string, now: Date) {
  let allowed = true;
  for (const { rule, key } of keys(secret, account, address)) {
    if (!(await hitRateLimit(db, rule, key, now)).allowed) allowed = false;
  }
  return allowed;
}

/** A successful attempt gives its place back: the limits count failures, not sign-ins. */
export async function releaseAttempt(db: Db, secret: string, account: string, address: string, now: Date) {
  for (const { rule, key } of keys(secret, account, address)) {
    await db
      .updateTable("rate_limit_counter")
      .set({ hits: sql`greatest(hits - 1, 0)` })
      .where("bucket", "=", rule.bucket)
      .where("key", "=", key)
      .where("window_start", "=", windowStart(now, rule.windowSeconds))
      .execute();
  }
}
