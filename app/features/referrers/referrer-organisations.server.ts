import type { Kysely } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import type { Locale } from "../../lib/i18n/i18n.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { enqueueMail } from "../outbox/outbox.commands.server.ts";
import { organisationApprovedMail } from "./referrer-emails.ts";

type Db = Kysely<Database>;

/** Referring organisations as staff see them under /medewerkers/beheer/verwijzers. */
export async function listOrganisations(db: Db, actor: Actor) {
  authorize(actor, "referrer-organisation.manage");
  return withStaffActor(db, actor, async (trx) => {
    const organisations = await trx
      .selectFrom("referrer_organisation as o")
      .select((eb) => [
        "o.id",
        "o.name",
        "o.referrer_type",
        "o.email_domains",
        "o.status",
        "o.created_at",
        eb
          .selectFrom("referrer_user as u")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("u.organisation_id", "=", "o.id")
          .as("people"),
      ])
      .orderBy(({ eb }) => eb.case().when("o.status", "=", "pending").then(0).else(1).end())
      .orderBy("o.name")
      .execute();
    return organisations.map((o) => ({ ...o, people: Number(o.people ?? 0) }));
  });
}

/** Domains that another organisation already uses: a domain identifies one organisation only. */
async function domainsInUse(trx: Kysely<Database>, domains: string[], exceptId?: number): Promise<string[]> {
  if (domains.length === 0) return [];
  let query = trx
    .selectFrom("referrer_organisation")
    .select("email_domains")
    .where(({ eb, ref, val }) => eb(ref("email_domains"), "&&", val(domains) as never));
  if (exceptId !== undefined) query = query.where("id", "!=", exceptId);
  const rows = await query.execute();
  const used = new Set(rows.flatMap((r) => r.email_domains));
  return domains.filter((d) => used.has(d));
}

export type OrganisationInput = { name: string; referrerType: string; domains: string[] };

/** Staff add an organisation; made by staff, it is approved at once. */
export async function createOrganisation(
  db: Db,
  actor: Actor,
  input: OrganisationInput & { origin: string; now: Date },
): Promise<{ ok: true; id: number } | { ok: false; domainsInUse: string[] }> {
  authorize(actor, "referrer-organisation.manage");
  return withStaffActor(db, actor, async (trx) => {
    const taken = await domainsInUse(trx, input.domains);
    if (taken.length > 0) return { ok: false, domainsInUse: taken };
    const row = await trx
      .insertInto("referrer_organisation")
      .values({
        name: input.name,
        referrer_type: input.referrerType,
        email_domains: input.domains,
        status: "approved",
        created_at: input.now,
        decided_at: input.now,
        decided_by: actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: actor.userId,
      action: "referrer_organisation.create",
      objectType: "referrer_organisation",
      objectId: row.id,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
    return { ok: true, id: row.id };
  });
}

/**
 * A coordinator decides on an organisation that signed up. Approval lets its professionals sign
 * in and tells them so by e-mail.
 */
export async function decideOrganisation(
  db: Db,
  actor: Actor,
  input: {
    id: number;
    decision: "approve" | "reject";
    origin: string;
    now: Date;
    locale: Locale;
    publicUrl: URL;
  },
): Promise<void> {
  authorize(actor, "referrer-organisation.approve");
  await withStaffActor(db, actor, async (trx) => {
    const organisation = await trx
      .selectFrom("referrer_organisation")
      .select(["id", "status", "email_domains"])
      .where("id", "=", input.id)
      .forUpdate()
      .executeTakeFirst();
    if (!organisation) throw new DomainError(ErrorCode.NotFound, "no such organisation");
    if (organisation.status !== "pending") throw new DomainError(ErrorCode.BadRequest, "already decided");
    if (input.decision === "approve" && (await domainsInUse(trx, organisation.email_domains, input.id)).length > 0) {
      throw new DomainError(ErrorCode.BadRequest, "domain in use");
    }
    await trx
      .updateTable("referrer_organisation")
      .set({
        status: input.decision === "approve" ? "approved" : "rejected",
        decided_at: input.now,
        decided_by: actor.userId,
      })
      .where("id", "=", input.id)
      .execute();
    if (input.decision === "approve") {
      const people = await trx
        .selectFrom("referrer_user")
        .select(["id", "email"])
        .where("organisation_id", "=", input.id)
        .where("status", "=", "active")
        .execute();
      const mail = organisationApprovedMail(input.locale, new URL("/verwijzers/inloggen", input.publicUrl).toString());
      for (const person of people) {
        await enqueueMail(trx, {
          kind: "referrer.organisation_approved",
          to: person.email,
          subject: mail.subject,
          text: mail.text,
          relatedType: "referrer_user",
          relatedId: String(person.id),
        });
      }
    }
    await recordAudit(trx, {
      actorId: actor.userId,
      action: `referrer_organisation.${input.decision}`,
      objectType: "referrer_organisation",
      objectId: input.id,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
  });
}
