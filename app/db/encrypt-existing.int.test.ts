import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Actor } from "../features/auth/roles.ts";
import { getCase, getCaseFile } from "../features/cases/case.queries.server.ts";
import { justiceFeedbackState } from "../features/cases/justice-feedback.server.ts";
import { relatedRegistrations } from "../features/cases/related.server.ts";
import { getContactRecords } from "../features/letters/contact-forms.server.ts";
import { readUpload } from "../features/letters/uploads.server.ts";
import { getPeople } from "../features/parties/people.server.ts";
import { findDraft } from "../features/registration/registration.queries.server.ts";
import { getRegistration } from "../features/registration/registration-staff.queries.server.ts";
import { caseTasks } from "../features/tasks/tasks.server.ts";
import { storedMail } from "../testing/sealed-reads.ts";
import { filesContaining, tarEntries } from "../testing/tar-entries.ts";
import { fromPglite, PGLITE_EXTENSIONS } from "./database.server.ts";
import { migrate, readMigrations } from "./migrate.server.ts";
import { purgeRemovedPlaintext } from "./purge-plaintext.server.ts";
import { typeParsers } from "./type-parsers.ts";

/**
 * An existing database (a demo database made before encryption at rest) keeps working: the
 * upgrade seals every value written before it, and afterwards the table files hold none of them.
 */
const PLAIN = {
  hopes: "Ik wil weten waarom juist ik",
  email: "lotte.oud@example.org",
  note: "Lotte vertelde over de nacht van het ongeluk",
  contact: "Oude Gracht 12, Utrecht",
  person: "Tante Bep Oudshoorn",
  letter: "Beste meneer, ik schrijf u omdat",
  place: "Buurthuis De Linde",
  minutes: "Beide partijen spraken uit dat",
  risk: "Geen zorgen over machtsverschil",
  feedback: "Partijen hebben gesproken en zijn tevreden",
  task: "Bel tante Bep terug",
  reopen: "Lotte wil toch nog een brief sturen",
  upload: "%PDF-1.4 oude scan van een brief",
  draft: "Concept: mijn verhaal in het kort",
  mail: "referent.oud@example.org",
};

describe("sealing the content of an existing database", () => {
  it("seals every sensitive value, keeps it readable through the app, and purges the plain rows", async () => {
    const pglite = await PGlite.create({ parsers: typeParsers, extensions: PGLITE_EXTENSIONS });
    const handle = fromPglite(pglite);
    try {
      const all = readMigrations();
      await migrate(
        handle,
        all.slice(
          0,
          all.findIndex((m) => m.name === "encryption_at_rest"),
        ),
      );
      const ids = await oldRows(handle.db);
      const result = await migrate(handle);
      expect(await purgeRemovedPlaintext(handle, result)).toBe(true);

      const mediator: Actor = { userId: ids.mediator, roles: ["mediator"], regionIds: [] };
      const intake: Actor = { userId: ids.mediator, roles: ["intake", "coordinator"], regionIds: [ids.region] };
      const registration = await getRegistration(handle.db, intake, ids.registration);
      expect(registration?.answers).toMatchObject({ hopes: PLAIN.hopes, email: PLAIN.email });
      const file = await getCaseFile(handle.db, mediator, ids.case);
      expect(file.activities.map((a) => a.summary)).toEqual([PLAIN.note, ""]);
      const people = await getPeople(handle.db, mediator, ids.case);
      expect(people.parties[0]?.contact.address).toBe(PLAIN.contact);
      expect(people.persons.map((p) => p.display_name)).toEqual([PLAIN.person]);
      const contact = await getContactRecords(handle.db, mediator, ids.case);
      expect(contact.messages[0]).toMatchObject({ body: PLAIN.letter, reference: "kluis" });
      expect(contact.messages[0]?.upload?.file_name).toBe("brief.pdf");
      expect(contact.meetings[0]).toMatchObject({ place: PLAIN.place, summary: PLAIN.minutes });
      expect(contact.meetings[0]?.participants.map((p) => p.display_name)).toEqual([PLAIN.person]);
      const upload = await readUpload(handle.db, mediator, ids.case, contact.messages[0]?.upload?.id as number);
      expect(upload?.content.toString("utf8")).toBe(PLAIN.upload);
      expect((await caseTasks(handle.db, mediator, ids.case)).map((t) => t.title)).toEqual([PLAIN.task]);
      expect((await justiceFeedbackState(handle.db, mediator, ids.case))?.sent[0]?.agreed_text).toBe(PLAIN.feedback);
      expect((await getCase(handle.db, mediator, ids.case))?.status_updates_to).toBe(PLAIN.mail);
      expect((await findDraft(handle.db, ids.draft, new Date()))?.answers).toEqual({ hopes: PLAIN.draft });
      expect((await storedMail(handle.db)).map((m) => m.recipient)).toEqual([PLAIN.mail]);
      // Duplicate detection works on the blind index made from the old answers.
      expect((await relatedRegistrations(handle.db, intake, ids.second)).map((r) => r.id)).toEqual([ids.registration]);

      // The tables' files (not the write-ahead log written before the upgrade) hold none of it,
      // also once every page in memory is written out.
      await sql`CHECKPOINT`.execute(handle.db);
      const files = tarEntries(new Uint8Array(await (await pglite.dumpDataDir("none")).arrayBuffer()));
      const tables = files.filter((f) => f.name.includes("/base/"));
      expect(tables.length).toBeGreaterThan(50);
      expect(filesContaining(tables, Object.values(PLAIN))).toEqual([]);
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM data_key`.execute(handle.db);
      expect(rows[0]?.n).toBe(2);
    } finally {
      await handle.close();
    }
  });
});

/** Rows as the earlier Herstel stored them: every value in plain text. */
async function oldRows(db: import("kysely").Kysely<import("./schema.ts").Database>) {
  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0] as T;
  const { id: region } = await one(sql<{ id: number }>`SELECT id FROM region ORDER BY id LIMIT 1`);
  const { id: mediator } = await one(sql<{ id: number }>`
    INSERT INTO staff_user (email, display_name, status, created_at) VALUES ('m@t.example', 'Mona', 'active', now())
    RETURNING id`);
  await sql`INSERT INTO staff_role (user_id, role) VALUES (${mediator}, 'mediator')`.execute(db);
  const answers = {
    name: "Lotte Oud",
    email: PLAIN.email,
    hopes: PLAIN.hopes,
    incidentDate: "2025-05-01",
    incidentPlace: "Utrecht",
  };
  const registration = async (reference: string, a: Record<string, unknown>, status: string) =>
    (
      await one(sql<{ id: number }>`
      INSERT INTO registration (reference, idempotency_key, channel, submitted_by, registrant_role, registrant_side,
        offence_category, locale, status, form_version, answers, region_id, received_at)
      VALUES (${reference}, gen_random_uuid(), 'web', 'self', 'victim', 'victim', 'violence', 'nl', ${status}, 1,
        ${JSON.stringify(a)}::jsonb, ${region}, now() - interval '30 days') RETURNING id`)
    ).id;
  const first = await registration("HB-2025-000001", answers, "taken_up");
  const second = await registration(
    "HB-2025-000002",
    { name: "Piet Anders", otherPartyName: "lotte oud", incidentDate: "2025-05-01" },
    "received",
  );
  const { id: caseId } = await one(sql<{ id: number }>`
    INSERT INTO mediation_case (reference, registration_id, region_id, offence_category, step, taken_up_at,
      first_conversation_due, status_updates_to, shared_agreement)
    VALUES ('HB-2025-000001', ${first}, ${region}, 'violence', 'contact', now() - interval '20 days', current_date,
      ${PLAIN.mail}, 'Alleen dat er contact was') RETURNING id`);
  await sql`UPDATE registration SET case_id = ${caseId} WHERE id = ${first}`.execute(db);
  await sql`INSERT INTO case_assignment (case_id, user_id, role, no_conflict_declared_at, assigned_at)
    VALUES (${caseId}, ${mediator}, 'lead', now(), now())`.execute(db);
  const { id: party } = await one(sql<{ id: number }>`
    INSERT INTO case_party (case_id, side, role, display_name, contact, created_at)
    VALUES (${caseId}, 'victim', 'registrant', 'Lotte Oud', ${JSON.stringify({ address: PLAIN.contact })}::jsonb, now())
    RETURNING id`);
  const { id: person } = await one(sql<{ id: number }>`
    INSERT INTO case_person (case_id, party_id, relation, display_name, contact, created_at)
    VALUES (${caseId}, ${party}, 'relative', ${PLAIN.person}, '{}'::jsonb, now()) RETURNING id`);
  await sql`INSERT INTO case_activity (case_id, kind, occurred_on, summary, recorded_at)
    VALUES (${caseId}, 'note', current_date, ${PLAIN.note}, now()), (${caseId}, 'call', current_date - 1, '', now())`.execute(
    db,
  );
  await sql`INSERT INTO case_risk_assessment (case_id, answers, conclusion, assessed_on, recorded_at)
    VALUES (${caseId}, ${JSON.stringify({ power_imbalance: PLAIN.risk })}::jsonb, 'suitable', current_date, now())`.execute(
    db,
  );
  await sql`INSERT INTO case_justice_feedback (case_id, recipient, agreed_text, sent_on, recorded_at)
    VALUES (${caseId}, 'Officier van justitie', ${PLAIN.feedback}, current_date, now())`.execute(db);
  const { id: upload } = await one(sql<{ id: number }>`
    INSERT INTO case_upload (case_id, file_name, media_type, size_bytes, sha256, content, uploaded_at)
    VALUES (${caseId}, 'brief.pdf', 'application/pdf', 32, ${"0".repeat(64)}, ${Buffer.from(PLAIN.upload)}, now())
    RETURNING id`);
  const { id: other } = await one(sql<{ id: number }>`
    INSERT INTO case_party (case_id, side, role, display_name, created_at)
    VALUES (${caseId}, 'offender', 'other_party', 'Piet Anders', now()) RETURNING id`);
  await sql`INSERT INTO case_message (case_id, form, from_party_id, to_party_id, source, body, upload_id, reference,
    written_on, recorded_at)
    VALUES (${caseId}, 'letter_exchange', ${party}, ${other}, 'typed_by_party', ${PLAIN.letter}, ${upload}, 'kluis',
      current_date, now())`.execute(db);
  const { id: meeting } = await one(sql<{ id: number }>`
    INSERT INTO case_meeting (case_id, form, held_on, place, summary, recorded_at)
    VALUES (${caseId}, 'conversation', current_date, ${PLAIN.place}, ${PLAIN.minutes}, now()) RETURNING id`);
  await sql`INSERT INTO case_meeting_participant (case_id, meeting_id, person_id, display_name, side, relation)
    VALUES (${caseId}, ${meeting}, ${person}, ${PLAIN.person}, 'victim', 'relative')`.execute(db);
  await sql`INSERT INTO case_task (case_id, title, due_on, owner_id, created_at)
    VALUES (${caseId}, ${PLAIN.task}, current_date, ${mediator}, now())`.execute(db);
  await sql`INSERT INTO case_event (case_id, occurred_at, kind, detail)
    VALUES (${caseId}, now(), 'case.reopen', ${JSON.stringify({ from: "closed", to: "contact", reason: PLAIN.reopen })}::jsonb)`.execute(
    db,
  );
  const draft = "11111111-2222-4333-8444-555555555555";
  await sql`INSERT INTO registration_draft (id, path, answers, expires_at)
    VALUES (${draft}, 'self', ${JSON.stringify({ hopes: PLAIN.draft })}::jsonb, now() + interval '1 day')`.execute(db);
  await sql`INSERT INTO outbox_message (kind, recipient, subject, body_text)
    VALUES ('case.status.taken_up', ${PLAIN.mail}, 'Aanmelding in behandeling', 'Uw cliënt is in behandeling genomen.')`.execute(
    db,
  );
  return { region, mediator, registration: first, second, case: caseId, draft };
}
