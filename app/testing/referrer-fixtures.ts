import type { DatabaseHandle } from "../db/database.server.ts";
import { createReferrerSession } from "../features/referrers/referrer-session.server.ts";

/** A referring organisation, approved unless said otherwise, for tests (as the table owner). */
export async function referrerOrganisation(
  handle: DatabaseHandle,
  options: { name: string; domain: string; status?: "pending" | "approved"; colleaguesSee?: boolean },
): Promise<number> {
  const row = await handle.db
    .insertInto("referrer_organisation")
    .values({
      name: options.name,
      referrer_type: "probation",
      email_domains: [options.domain],
      status: options.status ?? "approved",
      colleagues_see_referrals: options.colleaguesSee ?? false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A referrer with a complete session (link and code given), for tests. */
export async function referrerWithSession(
  handle: DatabaseHandle,
  options: { email: string; organisationId: number; name?: string },
): Promise<{ referrerId: number; token: string }> {
  const now = new Date();
  const user = await handle.db
    .insertInto("referrer_user")
    .values({
      organisation_id: options.organisationId,
      email: options.email,
      display_name: options.name ?? options.email.split("@")[0] ?? "test",
      totp_confirmed_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const token = await createReferrerSession(handle.db, {
    referrerId: user.id,
    now,
    userAgent: "test",
    secondFactor: true,
  });
  return { referrerId: user.id, token };
}
