import type { Kysely } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { caseBox, reserveIds } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../auth/roles.ts";
import { type CaseWriteBase, caseCommand } from "../cases/case.command.server.ts";
import { partyOfCase } from "../cases/case-file.commands.server.ts";
import { CONTACT_FIELDS, type ContactDetails, type PersonRelation } from "./parties.schema.ts";

/**
 * The people in a case: the two parties' contact details and safe-contact preferences, and the
 * people around them (relatives, supporters, a legal representative of a minor). These details
 * are for the mediators only; nothing meant for the other party ever includes them.
 */
type Db = Kysely<Database>;

/** Only the known fields, as strings; older records (from the registration) map onto them. */
export function contactDetails(raw: Record<string, unknown>): ContactDetails {
  const out: ContactDetails = {};
  for (const field of CONTACT_FIELDS) {
    const value = raw[field] ?? (field === "notes" ? raw.details : undefined);
    if (typeof value === "string" && value !== "") out[field] = value;
  }
  return out;
}

export type ContactUpdateResult =
  | { ok: true }
  | { ok: false; conflict: { contact: ContactDetails; version: number; by: string | null; at: Date | null } };

/**
 * Changes a party's contact details when nobody else changed them since the version the editor
 * saw; otherwise nothing is saved and the answer shows what is there now and who changed it.
 */
export async function updatePartyContact(
  db: Db,
  actor: Actor,
  input: CaseWriteBase & { partyId: number; expectedVersion: number; contact: ContactDetails },
): Promise<ContactUpdateResult> {
  return caseCommand(
    db,
    actor,
    input,
    "case.party_contact_changed",
    async (trx, box) => {
      await partyOfCase(trx, input.caseId, input.partyId);
      const row = await trx
        .selectFrom("case_party")
        .select(["contact", "version"])
        .where("id", "=", input.partyId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const current = {
        version: row.version,
        contact: row.contact ? box.openJson("case_party.contact", input.partyId, row.contact) : {},
      };
      if (current.version !== input.expectedVersion) {
        const last = await trx
          .selectFrom("case_event as e")
          .leftJoin("staff_user as u", "u.id", "e.actor_id")
          .select(["u.display_name", "e.occurred_at"])
          .where("e.case_id", "=", input.caseId)
          .where("e.kind", "=", "case.party_contact_changed")
          .orderBy("e.occurred_at", "desc")
          .orderBy("e.id", "desc")
          .executeTakeFirst();
        return {
          ok: false as const,
          conflict: {
            contact: contactDetails(current.contact),
            version: current.version,
            by: last?.display_name ?? null,
            at: last?.occurred_at ?? null,
          },
        };
      }
      // Fields the form does not edit (such as the channels chosen at registration) are kept.
      const kept = Object.fromEntries(
        Object.entries(current.contact).filter(
          ([k]) => !(CONTACT_FIELDS as readonly string[]).includes(k) && k !== "details",
        ),
      );
      await trx
        .updateTable("case_party")
        .set({
          contact: box.json("case_party.contact", input.partyId, { ...kept, ...input.contact }),
          version: current.version + 1,
        })
        .where("id", "=", input.partyId)
        .execute();
      return { ok: true as const };
    },
    { unchanged: (result) => !result.ok },
  );
}

/** Adds a relative, supporter or legal representative to a party. */
export async function addPerson(
  db: Db,
  actor: Actor,
  input: CaseWriteBase & { partyId: number; relation: PersonRelation; name: string; contact: ContactDetails },
) {
  return caseCommand(db, actor, input, "case.person_added", async (trx, box) => {
    await partyOfCase(trx, input.caseId, input.partyId);
    const [id] = (await reserveIds(trx, "case_person", 1)) as [number];
    await trx
      .insertInto("case_person")
      .values({
        id,
        case_id: input.caseId,
        party_id: input.partyId,
        relation: input.relation,
        display_name: box.text("case_person.display_name", id, input.name),
        contact: box.json("case_person.contact", id, input.contact),
        created_by: actor.userId,
        created_at: input.now,
      })
      .execute();
  });
}

/** The parties with their contact details and the people around them. */
export async function getPeople(db: Db, actor: Actor, caseId: number) {
  return withStaffActor(db, actor, async (trx) => {
    const box = await caseBox(trx, caseId);
    const [parties, persons] = await Promise.all([
      trx
        .selectFrom("case_party")
        .select(["id", "role", "side", "display_name", "contact", "version"])
        .where("case_id", "=", caseId)
        .orderBy("id")
        .execute(),
      trx
        .selectFrom("case_person")
        .select(["id", "party_id", "relation", "display_name", "contact"])
        .where("case_id", "=", caseId)
        .orderBy("id")
        .execute(),
    ]);
    return {
      parties: parties.map((p) => ({
        ...p,
        contact: contactDetails(p.contact ? box.openJson("case_party.contact", p.id, p.contact) : {}),
      })),
      persons: persons.map((p) => ({
        ...p,
        display_name: box.openText("case_person.display_name", p.id, p.display_name),
        contact: contactDetails(box.openJson("case_person.contact", p.id, p.contact)),
      })),
    };
  });
}
