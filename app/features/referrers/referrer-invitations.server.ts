import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Locale } from "../../lib/i18n/i18n.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { domainOf } from "./referrer.rules.ts";
import { queueLoginLink, referrerLabel } from "./referrer-accounts.commands.server.ts";
import { withReferrer, withReferrerAuth } from "./referrer-acting.server.ts";

type Db = Kysely<Database>;

export type InviteOutcome = "invited" | "wrong_domain" | "exists" | "not_contact_person";

/**
 * The organisation's contact person invites a colleague: an account in their own organisation,
 * for an address of one of its e-mail domains, and a sign-in link to that address (so only its
 * owner gets in, and then chooses a passkey or an app). Row-level security (referrer_user_contact)
 * lets only an active contact person add people, and only to their own organisation.
 */
export async function inviteColleague(
  db: Db,
  contactId: number,
  input: { email: string; displayName: string; origin: string; now: Date; locale: Locale; publicUrl: URL },
): Promise<InviteOutcome> {
  const email = input.email.trim().toLowerCase();
  const taken = await withReferrerAuth(db, (trx) =>
    trx.selectFrom("referrer_user").select("id").where("email", "=", email).executeTakeFirst(),
  );
  return withReferrer(db, contactId, async (trx) => {
    const me = await trx
      .selectFrom("referrer_user as u")
      .innerJoin("referrer_organisation as o", "o.id", "u.organisation_id")
      .select(["u.organisation_id", "u.is_contact_person", "o.email_domains"])
      .where("u.id", "=", contactId)
      .executeTakeFirstOrThrow();
    const domain = domainOf(email);
    const outcome: InviteOutcome = !me.is_contact_person
      ? "not_contact_person"
      : !domain || !me.email_domains.includes(domain)
        ? "wrong_domain"
        : taken
          ? "exists"
          : "invited";
    let invitedId: number | undefined;
    if (outcome === "invited") {
      const row = await trx
        .insertInto("referrer_user")
        .values({
          organisation_id: me.organisation_id,
          email,
          display_name: input.displayName,
          created_at: input.now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      invitedId = row.id;
      await queueLoginLink(trx, row.id, email, input);
    }
    await recordAudit(trx, {
      actorId: null,
      actorLabel: referrerLabel(contactId),
      action: "referrer.invite",
      objectType: invitedId ? "referrer_user" : undefined,
      objectId: invitedId,
      result: outcome === "invited" ? "allowed" : "denied",
      reason: outcome === "invited" ? undefined : outcome,
      origin: input.origin,
      at: input.now,
    });
    return outcome;
  });
}
