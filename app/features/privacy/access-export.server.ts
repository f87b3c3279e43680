import JSZip from "jszip";
import type { Kysely } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { caseBox } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { accessHistoryWithNames } from "../audit/access-history.server.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { getCaseFile } from "../cases/case.queries.server.ts";
import { getContactRecords } from "../letters/contact-forms.server.ts";
import { getPeople } from "../parties/people.server.ts";
import { getRegistration } from "../registration/registration-staff.queries.server.ts";
import { type AccessRequest, accessRequest, sealedNotesInScope } from "./access-export-scope.server.ts";

/*
 * The access export (GDPR art. 15) for one person: everything Herstel holds about them in the
 * request's case and in the other records a coordinator confirmed as theirs
 * (access-export-scope.server.ts), as a printable HTML page and a JSON file in a zip. It leaves out what belongs to the
 * other party: their name and contact details, the people around them, their consents, notes
 * about them and their letters unless passed on to this person. Sealed notes are in it only as
 * the assigned mediator released them after review (sealed-review.server.ts); until every one in
 * scope is reviewed, the export waits. Who
 * opened or changed the file, and when (the audit log), is included.
 */

type Db = Kysely<Database>;

export type AccessExport = { fileName: string; bytes: Uint8Array<ArrayBuffer>; json: AccessExportContent };

/** Registration answers that describe the other party, not the person asking. */
const ABOUT_OTHER_PARTY = /^otherParty/;

type CaseRole = "registrant" | "other_party";

/** Everything of one case about one party (or a person around them). */
async function caseSection(
  db: Db,
  actor: Actor,
  input: {
    caseId: number;
    role: CaseRole | "person";
    personId: number | null;
    released: { occurredOn: string; summary: string }[];
  },
) {
  const [file, people, contact] = await Promise.all([
    getCaseFile(db, actor, input.caseId),
    getPeople(db, actor, input.caseId),
    getContactRecords(db, actor, input.caseId),
  ]);
  const caseRow = await withStaffActor(db, actor, (trx) =>
    trx
      .selectFrom("mediation_case")
      .select(["reference", "registration_id", "taken_up_at", "closed_at"])
      .where("id", "=", input.caseId)
      .executeTakeFirst(),
  );
  if (!caseRow) throw new DomainError(ErrorCode.NotFound);
  const header = {
    reference: caseRow.reference,
    takenUpAt: caseRow.taken_up_at.toISOString(),
    closedAt: caseRow.closed_at?.toISOString() ?? null,
  };
  const none = {
    registration: null,
    peopleAroundThem: [],
    consents: [],
    conversations: [],
    sealedNotes: [],
    letters: [],
  };
  if (input.role === "person") {
    // Someone around a party: their own record and the meetings they took part in. Notes, letters
    // and consents are the party's.
    const person = people.persons.find((p) => p.id === input.personId);
    if (!person) throw new DomainError(ErrorCode.NotFound);
    return {
      case: header,
      person: {
        role: "person",
        relation: person.relation,
        side: null,
        name: person.display_name,
        contact: person.contact,
      },
      ...none,
      meetings: contact.meetings
        .filter((m) => m.participants.some((p) => p.person_id === person.id))
        .map((m) => ({ form: m.form, heldOn: m.held_on, place: m.place })),
    };
  }
  const party = people.parties.find((p) => p.role === input.role);
  if (!party) throw new DomainError(ErrorCode.NotFound);
  // The registration is the registrant's own statement; the other party gets none of it.
  const registration =
    input.role === "registrant" ? await getRegistration(db, actor, caseRow.registration_id) : undefined;
  return {
    case: header,
    person: { role: party.role, relation: null, side: party.side, name: party.display_name, contact: party.contact },
    registration: registration
      ? {
          reference: registration.reference,
          receivedAt: new Date(registration.received_at).toISOString(),
          answers: ownAnswers(registration.answers),
        }
      : null,
    peopleAroundThem: people.persons
      .filter((p) => p.party_id === party.id)
      .map((p) => ({ relation: p.relation, name: p.display_name })),
    consents: file.consents
      .filter((c) => c.party_id === party.id)
      .map((c) => ({
        purpose: c.purpose,
        contactForm: c.contact_form,
        given: c.given,
        method: c.method,
        recordedAt: new Date(c.recorded_at).toISOString(),
      })),
    conversations: file.activities
      .filter((a) => a.party_id === party.id && !a.sealed)
      .map((a) => ({ kind: a.kind, on: a.occurred_on, minutes: a.minutes, summary: a.summary })),
    // Sealed notes only as the assigned mediator released them.
    sealedNotes: input.released.map((n) => ({ on: n.occurredOn, summary: n.summary })),
    letters: contact.messages
      .filter((m) => m.from_party_id === party.id || (m.to_party_id === party.id && m.passed_on_on !== null))
      .map((m) => ({
        direction: m.from_party_id === party.id ? "sent" : "received",
        form: m.form,
        writtenOn: m.written_on,
        passedOnOn: m.passed_on_on,
        body: m.body,
        agreedChanges: m.from_party_id === party.id ? m.agreed_changes : null,
      })),
    meetings: contact.meetings
      .filter((m) => m.participants.some((p) => p.relation === "party" && p.side === party.side))
      .map((m) => ({ form: m.form, heldOn: m.held_on, place: m.place })),
  };
}

function ownAnswers(answers: unknown) {
  return Object.fromEntries(
    Object.entries(answers as Record<string, unknown>).filter(([k]) => !ABOUT_OTHER_PARTY.test(k)),
  );
}

/** A registration that is not part of the cases above: the sender's own, or what names this person. */
async function registrationSection(
  db: Db,
  actor: Actor,
  registrationId: number,
  role: "registrant" | "named_other_party",
) {
  const registration = await getRegistration(db, actor, registrationId);
  if (!registration) throw new DomainError(ErrorCode.NotFound);
  const answers = registration.answers as Record<string, unknown>;
  return {
    reference: registration.reference,
    receivedAt: new Date(registration.received_at).toISOString(),
    role,
    // Named as the other party: only what the registration says about them.
    answers:
      role === "registrant"
        ? ownAnswers(answers)
        : Object.fromEntries(Object.entries(answers).filter(([k]) => ABOUT_OTHER_PARTY.test(k))),
  };
}

export type AccessExportStatus =
  | { state: "ready"; sealedNotes: number }
  | { state: "awaiting_review"; sealedNotes: number; unreviewed: number };

/** Whether the export can be made: not while a sealed note in its scope awaits the mediator. */
export async function accessExportStatus(
  db: Db,
  actor: Actor,
  input: { caseId: number; requestId: number },
): Promise<AccessExportStatus> {
  authorize(actor, "privacy.export");
  return withStaffActor(db, actor, async (trx) => {
    const request = await accessRequest(trx, input.caseId, input.requestId);
    const notes = await sealedNotesInScope(trx, request.id);
    const unreviewed = notes.filter((n) => n.include === null).length;
    return unreviewed > 0
      ? { state: "awaiting_review", sealedNotes: notes.length, unreviewed }
      : { state: "ready", sealedNotes: notes.length };
  });
}

async function collect(db: Db, actor: Actor, request: AccessRequest, now: Date) {
  const { records, notes } = await withStaffActor(db, actor, async (trx) => ({
    records: await trx
      .selectFrom("access_export_record")
      .select(["case_id", "registration_id", "role", "person_id"])
      .where("request_id", "=", request.id)
      .orderBy("id")
      .execute(),
    notes: await sealedNotesInScope(trx, request.id),
  }));
  if (notes.some((n) => n.include === null)) throw new DomainError(ErrorCode.BadRequest, "awaiting_review");
  const released = async (caseId: number, role: CaseRole | "person") => {
    if (role === "person") return [];
    const included = notes.filter((n) => n.caseId === caseId && n.include === true);
    if (included.length === 0) return [];
    const box = await withStaffActor(db, actor, (trx) => caseBox(trx, caseId));
    return included.map((n) => ({
      ...n,
      summary: box.openOptionalText("case_activity.summary", n.activityId, n.summary),
    }));
  };
  const scope = [
    {
      caseId: request.case_id,
      role: request.person_id === null ? request.party_role : ("person" as const),
      personId: request.person_id,
    },
    ...records
      .filter((r) => r.case_id !== null)
      .map((r) => ({ caseId: r.case_id as number, role: r.role as CaseRole | "person", personId: r.person_id })),
  ];
  const cases = [];
  for (const s of scope) {
    cases.push(await caseSection(db, actor, { ...s, released: await released(s.caseId, s.role) }));
  }
  const registrations = [];
  const registrationIds: number[] = [];
  for (const r of records) {
    if (r.registration_id === null) continue;
    registrationIds.push(r.registration_id);
    registrations.push(
      await registrationSection(
        db,
        actor,
        r.registration_id,
        r.role === "registrant" ? "registrant" : "named_other_party",
      ),
    );
  }
  // Who opened or changed each record, and when (the audit log names objects by id).
  const accessLog = [];
  for (const [i, s] of scope.entries()) {
    if (scope.findIndex((y) => y.caseId === s.caseId) !== i) continue;
    const reference = cases[i]?.case.reference ?? "";
    for (const h of await accessHistoryWithNames(db, "case", s.caseId)) {
      accessLog.push({ reference, at: h.at, who: h.who, action: h.action, result: h.result });
    }
  }
  for (const [i, id] of registrationIds.entries()) {
    if (registrationIds.indexOf(id) !== i) continue;
    const reference = registrations[i]?.reference ?? "";
    for (const h of await accessHistoryWithNames(db, "registration", id)) {
      accessLog.push({ reference, at: h.at, who: h.who, action: h.action, result: h.result });
    }
  }
  const home = cases[0];
  if (!home) throw new DomainError(ErrorCode.NotFound);
  return { madeAt: now.toISOString(), person: home.person, cases, registrations, accessLog };
}

export type AccessExportContent = Awaited<ReturnType<typeof collect>>;

/**
 * Builds the zip for an access request recorded on this case, over the records the coordinator
 * confirmed. Refused (403) to anyone without privacy.export; a conflict (409) while a sealed note
 * awaits the mediator's review; the cases themselves only for whoever row-level security lets
 * see them.
 */
export async function buildAccessExport(
  db: Db,
  actor: Actor,
  input: { caseId: number; requestId: number; origin: string; now: Date },
): Promise<AccessExport> {
  authorize(actor, "privacy.export");
  const request = await withStaffActor(db, actor, (trx) => accessRequest(trx, input.caseId, input.requestId));
  const content = await collect(db, actor, request, input.now);
  const zip = new JSZip();
  zip.file("inzage.json", `${JSON.stringify(content, null, 2)}\n`);
  zip.file("inzage.html", accessExportHtml(content));
  const bytes = new Uint8Array(await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }));
  await recordAudit(db, {
    actorId: actor.userId,
    action: "privacy.export",
    objectType: "case",
    objectId: input.caseId,
    result: "allowed",
    reason: request.person_id === null ? request.party_role : "person",
    origin: input.origin,
    at: input.now,
  });
  const home = content.cases[0]?.case.reference ?? "";
  return {
    fileName: `inzage-${home}-${request.person_id === null ? request.party_role : "person"}.zip`,
    bytes,
    json: content,
  };
}

const escapeHtml = (value: unknown) =>
  String(value ?? "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");

function table(headers: string[], rows: unknown[][]): string {
  if (rows.length === 0) return "<p>Niets vastgelegd.</p>";
  return `<table><thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

type CaseSection = AccessExportContent["cases"][number];

function caseHtml(c: CaseSection): string {
  const contact = Object.entries(c.person.contact as Record<string, unknown>).map(([k, v]) => [k, v]);
  const answers = c.registration ? Object.entries(c.registration.answers).map(([k, v]) => [k, JSON.stringify(v)]) : [];
  return `<section>
<h2>Zaak ${escapeHtml(c.case.reference)}</h2>
<p>In behandeling genomen op ${escapeHtml(c.case.takenUpAt)}${c.case.closedAt ? `, afgesloten op ${escapeHtml(c.case.closedAt)}` : ""}.</p>
<h3>Over u</h3>
${table(
  ["Gegeven", "Waarde"],
  [
    ["Naam", c.person.name],
    ["Rol", c.person.role],
    ...(c.person.relation ? [["Relatie", c.person.relation]] : []),
    ...(c.person.side ? [["Kant", c.person.side]] : []),
    ...contact,
  ],
)}
<h3>Uw aanmelding</h3>
${c.registration ? `<p>Aanmelding ${escapeHtml(c.registration.reference)}, ontvangen op ${escapeHtml(c.registration.receivedAt)}.</p>${table(["Vraag", "Antwoord"], answers)}` : "<p>Geen aanmelding van u in deze zaak.</p>"}
<h3>Mensen om u heen</h3>
${table(
  ["Relatie", "Naam"],
  c.peopleAroundThem.map((p) => [p.relation, p.name]),
)}
<h3>Toestemmingen</h3>
${table(
  ["Doel", "Vorm", "Gegeven", "Hoe", "Vastgelegd"],
  c.consents.map((k) => [k.purpose, k.contactForm, k.given ? "ja" : "nee", k.method, k.recordedAt]),
)}
<h3>Gesprekken en contact</h3>
${table(
  ["Soort", "Datum", "Minuten", "Samenvatting"],
  c.conversations.map((a) => [a.kind, a.on, a.minutes, a.summary]),
)}
<h3>Besloten notities die de bemiddelaar heeft vrijgegeven</h3>
${table(
  ["Datum", "Tekst"],
  c.sealedNotes.map((n) => [n.on, n.summary]),
)}
<h3>Brieven en berichten</h3>
${table(
  ["Richting", "Vorm", "Geschreven", "Doorgegeven", "Tekst", "Afgesproken wijzigingen"],
  c.letters.map((l) => [
    l.direction === "sent" ? "van u" : "aan u",
    l.form,
    l.writtenOn,
    l.passedOnOn,
    l.body,
    l.agreedChanges,
  ]),
)}
<h3>Bijeenkomsten</h3>
${table(
  ["Vorm", "Datum", "Plaats"],
  c.meetings.map((m) => [m.form, m.heldOn, m.place]),
)}
</section>`;
}

/** The printable page: Dutch, plain, every value escaped. */
export function accessExportHtml(c: AccessExportContent): string {
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Inzage in uw gegevens</title>
<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto;line-height:1.5}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}</style>
</head><body>
<h1>Inzage in uw gegevens</h1>
<p>Dit zijn de gegevens die de dienst over u (${escapeHtml(c.person.name)}) heeft, in ${c.cases.length} ${c.cases.length === 1 ? "zaak" : "zaken"} en ${c.registrations.length} andere ${c.registrations.length === 1 ? "aanmelding" : "aanmeldingen"}. Gemaakt op ${escapeHtml(c.madeAt)}.</p>
<p>Gegevens van de andere partij staan hier niet in. Besloten notities van de bemiddelaar staan er alleen in als de bemiddelaar ze na beoordeling heeft vrijgegeven.</p>
${c.cases.map(caseHtml).join("\n")}
<h2>Andere aanmeldingen</h2>
${table(
  ["Aanmelding", "Ontvangen", "U bent", "Vraag en antwoord"],
  c.registrations.map((r) => [
    r.reference,
    r.receivedAt,
    r.role === "registrant" ? "de aanmelder" : "genoemd als de andere partij",
    Object.entries(r.answers)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join("; "),
  ]),
)}
<h2>Wie uw gegevens heeft bekeken of gewijzigd</h2>
${table(
  ["Dossier", "Wanneer", "Wie", "Wat", "Uitkomst"],
  c.accessLog.map((h) => [h.reference, h.at, h.who ?? "systeem", h.action, h.result]),
)}
</body></html>
`;
}
