import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Actor } from "../features/auth/roles.ts";
import { getCaseFile } from "../features/cases/case.queries.server.ts";
import { getContactRecords } from "../features/letters/contact-forms.server.ts";
import { getPeople } from "../features/parties/people.server.ts";
import { storedAnswers } from "./sealed-reads.ts";

/**
 * Everything a database holds about its registrations and cases, opened with the keys, in a
 * form two databases can be compared by (a backup against its original). Read as the table owner;
 * the actor only names whom the app would act for.
 */
export async function databaseContent(db: Kysely<Database>, options: { skipNotesOf?: number } = {}) {
  const actor: Actor = { userId: 1, roles: ["coordinator"], regionIds: [] };
  const registrations = await db
    .selectFrom("registration")
    .select(["id", "reference", "status", "received_at"])
    .orderBy("id")
    .execute();
  const cases = await db.selectFrom("mediation_case").select(["id", "reference", "step"]).orderBy("id").execute();
  return {
    registrations: await Promise.all(
      registrations.map(async (r) => ({ ...r, answers: await storedAnswers(db, r.id) })),
    ),
    cases: await Promise.all(
      cases.map(async (c) => {
        const file = await getCaseFile(db, actor, c.id);
        const people = await getPeople(db, actor, c.id);
        const contact = await getContactRecords(db, actor, c.id);
        return {
          ...c,
          activities: c.id === options.skipNotesOf ? undefined : file.activities,
          consents: file.consents.length,
          parties: people.parties.map((p) => ({ name: p.display_name, contact: p.contact })),
          persons: people.persons.map((p) => p.display_name),
          messages: contact.messages.map((m) => [m.body, m.agreed_changes, m.upload?.file_name]),
          meetings: contact.meetings.map((m) => [m.place, m.summary]),
        };
      }),
    ),
  };
}

/** The audit chain as (id, hash) pairs, for "the restored chain is the original's, up to the backup". */
export async function auditChain(db: Kysely<Database>) {
  return db.selectFrom("audit_log").select(["id", "hash"]).orderBy("id").execute();
}
