import JSZip from "jszip";
import type { Kysely } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
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

/*
 * The access export (GDPR art. 15) for one person in a case: everything Herstel holds about them
 * there, as a printable HTML page and a JSON file in a zip. It leaves out what belongs to the
 * other party: their name and contact details, the people around them, their consents, notes
 * about them and their letters unless passed on to this person. Sealed notes are never in it:
 * only the assigned mediator can read them, and reviews them before anything is released. Who
 * opened or changed the file, and when (the audit log), is included.
 */

type Db = Kysely<Database>;

export type AccessExport = { fileName: string; bytes: Uint8Array<ArrayBuffer>; json: AccessExportContent };

export type AccessExportContent = Awaited<ReturnType<typeof collect>>;

/** Registration answers that describe the other party, not the person asking. */
const ABOUT_OTHER_PARTY = /^otherParty/;

async function collect(db: Db, actor: Actor, caseId: number, partyRole: "registrant" | "other_party", now: Date) {
  const [file, people, contact] = await Promise.all([
    getCaseFile(db, actor, caseId),
    getPeople(db, actor, caseId),
    getContactRecords(db, actor, caseId),
  ]);
  const party = people.parties.find((p) => p.role === partyRole);
  if (!party) throw new DomainError(ErrorCode.NotFound);
  const caseRow = await withStaffActor(db, actor, (trx) =>
    trx
      .selectFrom("mediation_case")
      .select(["reference", "registration_id", "taken_up_at", "closed_at"])
      .where("id", "=", caseId)
      .executeTakeFirst(),
  );
  if (!caseRow) throw new DomainError(ErrorCode.NotFound);
  // The registration is the registrant's own statement; the other party gets none of it.
  const registration =
    partyRole === "registrant" ? await getRegistration(db, actor, caseRow.registration_id) : undefined;
  const history = await accessHistoryWithNames(db, "case", caseId);
  return {
    madeAt: now.toISOString(),
    case: {
      reference: caseRow.reference,
      takenUpAt: caseRow.taken_up_at.toISOString(),
      closedAt: caseRow.closed_at?.toISOString() ?? null,
    },
    person: { role: party.role, side: party.side, name: party.display_name, contact: party.contact },
    registration: registration
      ? {
          reference: registration.reference,
          receivedAt: new Date(registration.received_at).toISOString(),
          answers: Object.fromEntries(
            Object.entries(registration.answers as Record<string, unknown>).filter(([k]) => !ABOUT_OTHER_PARTY.test(k)),
          ),
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
    accessLog: history.map((h) => ({ at: h.at, who: h.who, action: h.action, result: h.result })),
  };
}

/**
 * Builds the zip for an access request recorded on this case. Refused (403) to anyone without
 * privacy.export; the case itself only for whoever row-level security lets see it.
 */
export async function buildAccessExport(
  db: Db,
  actor: Actor,
  input: { caseId: number; requestId: number; origin: string; now: Date },
): Promise<AccessExport> {
  authorize(actor, "privacy.export");
  const request = await withStaffActor(db, actor, (trx) =>
    trx
      .selectFrom("privacy_request")
      .select(["id", "party_role", "decision"])
      .where("id", "=", input.requestId)
      .where("case_id", "=", input.caseId)
      .where("kind", "=", "access")
      .executeTakeFirst(),
  );
  if (!request || request.decision === "rejected") throw new DomainError(ErrorCode.NotFound);
  const content = await collect(db, actor, input.caseId, request.party_role, input.now);
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
    reason: request.party_role,
    origin: input.origin,
    at: input.now,
  });
  return { fileName: `inzage-${content.case.reference}-${request.party_role}.zip`, bytes, json: content };
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

/** The printable page: Dutch, plain, every value escaped. */
export function accessExportHtml(c: AccessExportContent): string {
  const contact = Object.entries(c.person.contact as Record<string, unknown>).map(([k, v]) => [k, v]);
  const answers = c.registration ? Object.entries(c.registration.answers).map(([k, v]) => [k, JSON.stringify(v)]) : [];
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Inzage in gegevens, zaak ${escapeHtml(c.case.reference)}</title>
<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto;line-height:1.5}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}</style>
</head><body>
<h1>Inzage in uw gegevens</h1>
<p>Dit zijn de gegevens die de dienst over u heeft in zaak ${escapeHtml(c.case.reference)}. Gemaakt op ${escapeHtml(c.madeAt)}.</p>
<p>Gegevens van de andere partij staan hier niet in. Besloten notities van de bemiddelaar staan hier ook niet in: de bemiddelaar bekijkt die apart.</p>
<h2>Over u</h2>
${table(["Gegeven", "Waarde"], [["Naam", c.person.name], ["Rol", c.person.role], ["Kant", c.person.side], ...contact])}
<h2>Uw aanmelding</h2>
${c.registration ? `<p>Aanmelding ${escapeHtml(c.registration.reference)}, ontvangen op ${escapeHtml(c.registration.receivedAt)}.</p>${table(["Vraag", "Antwoord"], answers)}` : "<p>Geen aanmelding van u.</p>"}
<h2>Mensen om u heen</h2>
${table(
  ["Relatie", "Naam"],
  c.peopleAroundThem.map((p) => [p.relation, p.name]),
)}
<h2>Toestemmingen</h2>
${table(
  ["Doel", "Vorm", "Gegeven", "Hoe", "Vastgelegd"],
  c.consents.map((k) => [k.purpose, k.contactForm, k.given ? "ja" : "nee", k.method, k.recordedAt]),
)}
<h2>Gesprekken en contact</h2>
${table(
  ["Soort", "Datum", "Minuten", "Samenvatting"],
  c.conversations.map((a) => [a.kind, a.on, a.minutes, a.summary]),
)}
<h2>Brieven en berichten</h2>
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
<h2>Bijeenkomsten</h2>
${table(
  ["Vorm", "Datum", "Plaats"],
  c.meetings.map((m) => [m.form, m.heldOn, m.place]),
)}
<h2>Wie uw dossier heeft bekeken of gewijzigd</h2>
${table(
  ["Wanneer", "Wie", "Wat", "Uitkomst"],
  c.accessLog.map((h) => [h.at, h.who ?? "systeem", h.action, h.result]),
)}
</body></html>
`;
}
