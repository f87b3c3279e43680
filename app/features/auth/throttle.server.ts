import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { hitRateLimit, LOGIN_FAILURE_LIMITS, peekRateLimit, rateLimitKey } from "../rate-limit/rate-limit.server.ts";

type Db = Kysely<Database>;

/** The counters one failed attempt adds to: the account (by e-mail) and the client address. */
function keys(secret: string, account: string, address: string) {
  const accountKey = rateLimitKey(secret, `account:${account.toLowerCase()}`);
  const addressKey = rateLimitKey(secret, `address:${address}`);
  return LOGIN_FAILURE_LIMITS.map((rule) => ({ rule, key: rule.bucket.includes("address") ? addressKey : accountKey }));
}

/** Whether too many attempts failed recently for this account or from this address. */
export async function isThrottled(
  db: Db,
  secret: string,
  account: string,
  address: string,
  now: Date,
): Promise<boolean> {
  for (const { rule, key } of keys(secret, account, address)) {
    if ((await peekRateLimit(db, rule, key, now)) >= rule.limit) return true;
  }
  return false;
}

export async function recordFailure(
  db: Db,
  secret: string,
  account: string,
  address: string,
  now: Date,
): Promise<void> {
  for (const { rule, key } of keys(secret, account, address)) await hitRateLimit(db, rule, key, now);
}
