import { type Kysely, sql, type Transaction } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { keyRing } from "../../lib/keys/key-ring.server.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { getPeople } from "../parties/people.server.ts";
import { matchTokens } from "../registration/registration-match.server.ts";
import { getRegistration } from "../registration/registration-staff.queries.server.ts";

/*
 * What one access export covers (ADR 0020, "Added later"): the request's own case and person, and
 * the other records of the same person that a coordinator confirmed. Herstel has no person record
 * across files, so it proposes candidates, and a person is never matched automatically: a shared
 * name is not enough to hand someone another file's data. Candidates are registrations whose
 * blind index (migration 0027) has the same name (as sender, or as the other party named), and
 * parties of cases with the same name; with, for each, which details match as well (date of
 * birth, e-mail, telephone). People around the parties are looked for in the request's case and
 * in the candidate cases (their names are sealed and have no blind index). The coordinator checks
 * identity and confirms a selection; confirming is audited and the selection is kept.
 */

type Db = Kysely<Database>;

export type AccessRequest = {
  id: number;
  case_id: number;
  party_role: "registrant" | "other_party";
  person_id: number | null;
  decision: "approved" | "rejected" | null;
};

export type RecordRole = "registrant" | "other_party" | "person" | "named_other_party";

export type Candidate = {
  caseId: number | null;
  registrationId: number | null;
  reference: string;
  role: RecordRole;
  personId: number | null;
  matchedOn: string[];
  confirmed: boolean;
};

const normalName = (value: string) => value.trim().toLowerCase();
const digits = (value: unknown) => (typeof value === "string" ? value.replace(/[^0-9]/g, "") : "");
const lower = (value: unknown) => (typeof value === "string" ? value.trim().toLowerCase() : "");

/** The access request on this case, for whoever may make its export; 404 otherwise. */
export async function accessRequest(trx: Transaction<Database>, caseId: number, requestId: number) {
  const request = await trx
    .selectFrom("privacy_request")
    .select(["id", "case_id", "party_role", "person_id", "decision"])
    .where("id", "=", requestId)
    .where("case_id", "=", caseId)
    .where("kind", "=", "access")
    .executeTakeFirst();
  if (!request || request.decision === "rejected") throw new DomainError(ErrorCode.NotFound);
  return request as AccessRequest;
}

/** Who the request is about: their name and the details to match on. */
async function subjectOf(db: Db, actor: Actor, request: AccessRequest) {
  const people = await getPeople(db, actor, request.case_id);
  const party = people.parties.find((p) => p.role === request.party_role);
  if (!party) throw new DomainError(ErrorCode.NotFound);
  if (request.person_id !== null) {
    const person = people.persons.find((p) => p.id === request.person_id && p.party_id === party.id);
    if (!person) throw new DomainError(ErrorCode.NotFound);
    return { name: person.display_name, contact: person.contact as Record<string, unknown>, dateOfBirth: "" };
  }
  const contact: Record<string, unknown> = { ...(party.contact as Record<string, unknown>) };
  let dateOfBirth = "";
  if (request.party_role === "registrant") {
    const main = await withStaffActor(db, actor, (trx) =>
      trx
        .selectFrom("mediation_case")
        .select("registration_id")
        .where("id", "=", request.case_id)
        .executeTakeFirstOrThrow(),
    );
    const registration = await getRegistration(db, actor, main.registration_id);
    const answers = (registration?.answers ?? {}) as Record<string, unknown>;
    contact.email ??= answers.email;
    contact.phone ??= answers.phone;
    dateOfBirth = typeof answers.dateOfBirth === "string" ? answers.dateOfBirth : "";
  }
  return { name: party.display_name, contact, dateOfBirth };
}

function contactMatches(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const found: string[] = [];
  if (lower(a.email) !== "" && lower(a.email) === lower(b.email)) found.push("email");
  if (digits(a.phone).length >= 6 && digits(a.phone) === digits(b.phone)) found.push("phone");
  return found;
}

/** Records of the same name that the coordinator may not see, counted per region (migration 0038). */
export type Elsewhere = { regionName: string; registrations: number; cases: number };

/** The candidate records of the same person, and which of them are confirmed already. */
export async function accessExportCandidates(
  db: Db,
  actor: Actor,
  input: { caseId: number; requestId: number },
): Promise<Candidate[]> {
  return (await accessExportMatches(db, actor, input)).candidates;
}

/**
 * The candidates, and the records of the same name elsewhere that row-level security hides from
 * this coordinator (counts per region only: a colleague there answers for them).
 */
export async function accessExportMatches(
  db: Db,
  actor: Actor,
  input: { caseId: number; requestId: number },
): Promise<{ candidates: Candidate[]; elsewhere: Elsewhere[] }> {
  authorize(actor, "privacy.export");
  const request = await withStaffActor(db, actor, (trx) => accessRequest(trx, input.caseId, input.requestId));
  const subject = await subjectOf(db, actor, request);
  const tokens = matchTokens(
    {
      name: subject.name,
      dateOfBirth: subject.dateOfBirth,
      email: lower(subject.contact.email),
      phone: digits(subject.contact.phone),
    },
    keyRing().blindIndexKey,
  );
  const name = normalName(subject.name);
  const { registrations, parties, confirmed, elsewhere } = await withStaffActor(db, actor, async (trx) => ({
    registrations: await trx
      .selectFrom("registration as r")
      .select(["id", "reference", "match_name", "match_other_name", "match_birth_date", "match_email", "match_phone"])
      .where((eb) =>
        eb.or([eb("match_name", "=", tokens.match_name ?? "-"), eb("match_other_name", "=", tokens.match_name ?? "-")]),
      )
      // A case's own registration comes with the case; a second registration linked to a case
      // (often the other party's own) is a record of its own here.
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("mediation_case as c").select("c.id").whereRef("c.registration_id", "=", "r.id"))),
      )
      .orderBy("id")
      .execute(),
    // Parties' names are kept plain for the case search (migration 0018); the same index serves here.
    parties: await trx
      .selectFrom("case_party as p")
      .innerJoin("mediation_case as c", "c.id", "p.case_id")
      .select(["p.case_id", "p.role", "c.reference"])
      .where(sql<boolean>`lower(trim(p.display_name)) = ${name}`)
      .orderBy("p.case_id")
      .execute(),
    confirmed: await trx
      .selectFrom("access_export_record")
      .select(["case_id", "registration_id", "role", "person_id"])
      .where("request_id", "=", request.id)
      .execute(),
    elsewhere: (
      await sql<{ region_name: string; registrations: number | string; cases: number | string }>`
        SELECT * FROM access_export_elsewhere(${request.id}, ${tokens.match_name ?? null}, ${name})`.execute(trx)
    ).rows.map((r) => ({ regionName: r.region_name, registrations: Number(r.registrations), cases: Number(r.cases) })),
  }));
  const isConfirmed = (c: Omit<Candidate, "confirmed" | "matchedOn" | "reference">) =>
    confirmed.some(
      (r) =>
        r.case_id === c.caseId &&
        r.registration_id === c.registrationId &&
        r.role === c.role &&
        r.person_id === c.personId,
    );
  const out: Candidate[] = [];
  const add = (c: Omit<Candidate, "confirmed">) => out.push({ ...c, confirmed: isConfirmed(c) });

  for (const r of registrations) {
    if (r.match_name === tokens.match_name) {
      const matchedOn = ["name"];
      if (tokens.match_birth_date && r.match_birth_date === tokens.match_birth_date) matchedOn.push("birth_date");
      if (tokens.match_email && r.match_email === tokens.match_email) matchedOn.push("email");
      if (tokens.match_phone && r.match_phone === tokens.match_phone) matchedOn.push("phone");
      add({
        caseId: null,
        registrationId: r.id,
        reference: r.reference,
        role: "registrant",
        personId: null,
        matchedOn,
      });
    }
    if (r.match_other_name === tokens.match_name) {
      add({
        caseId: null,
        registrationId: r.id,
        reference: r.reference,
        role: "named_other_party",
        personId: null,
        matchedOn: ["name"],
      });
    }
  }
  const caseIds = new Set<number>([request.case_id]);
  for (const p of parties) {
    caseIds.add(p.case_id);
    if (p.case_id === request.case_id && p.role === request.party_role && request.person_id === null) continue;
    const people = await getPeople(db, actor, p.case_id);
    const party = people.parties.find((q) => q.role === p.role);
    add({
      caseId: p.case_id,
      registrationId: null,
      reference: p.reference,
      role: p.role,
      personId: null,
      matchedOn: ["name", ...contactMatches(subject.contact, (party?.contact ?? {}) as Record<string, unknown>)],
    });
  }
  // People around the parties: their names are sealed, so only in the cases found.
  for (const caseId of caseIds) {
    const people = await getPeople(db, actor, caseId);
    const reference =
      parties.find((p) => p.case_id === caseId)?.reference ??
      (await withStaffActor(db, actor, (trx) =>
        trx.selectFrom("mediation_case").select("reference").where("id", "=", caseId).executeTakeFirstOrThrow(),
      ).then((c) => c.reference));
    for (const person of people.persons) {
      if (normalName(person.display_name) !== name || person.id === request.person_id) continue;
      add({
        caseId,
        registrationId: null,
        reference: reference ?? "",
        role: "person",
        personId: person.id,
        matchedOn: ["name", ...contactMatches(subject.contact, person.contact as Record<string, unknown>)],
      });
    }
  }
  return { candidates: out, elsewhere };
}

/**
 * Keeps the coordinator's confirmed selection (replacing an earlier one): only records among the
 * candidates can be chosen. Audited with the number chosen.
 */
export async function confirmAccessExportScope(
  db: Db,
  actor: Actor,
  input: { caseId: number; requestId: number; chosen: string[]; origin: string; now: Date },
): Promise<number> {
  const candidates = await accessExportCandidates(db, actor, input);
  const picked = candidates.filter((c) => input.chosen.includes(candidateKey(c)));
  return withStaffActor(db, actor, async (trx) => {
    const request = await accessRequest(trx, input.caseId, input.requestId);
    await trx.deleteFrom("access_export_record").where("request_id", "=", request.id).execute();
    for (const c of picked) {
      await trx
        .insertInto("access_export_record")
        .values({
          request_id: request.id,
          case_id: c.caseId,
          registration_id: c.registrationId,
          role: c.role,
          person_id: c.personId,
          matched_on: c.matchedOn,
          confirmed_by: actor.userId,
          confirmed_at: input.now,
        })
        .execute();
    }
    await recordAudit(trx, {
      actorId: actor.userId,
      action: "privacy.export_scope",
      objectType: "case",
      objectId: input.caseId,
      result: "allowed",
      reason: picked.length === 0 ? "own_case_only" : "records_confirmed",
      origin: input.origin,
      at: input.now,
    });
    return picked.length;
  });
}

/** A stable key for a candidate in a form: kind, id, role and person. */
export function candidateKey(c: Pick<Candidate, "caseId" | "registrationId" | "role" | "personId">): string {
  return c.caseId !== null ? `c${c.caseId}-${c.role}-${c.personId ?? 0}` : `r${c.registrationId}-${c.role}`;
}

export type SealedNoteInScope = {
  activityId: number;
  caseId: number;
  caseReference: string;
  occurredOn: string;
  include: boolean | null;
  reason: string | null;
  reviewedAt: Date | null;
  /** Sealed with the case's key: for the reviewing mediator, and for the export once included. */
  summary: Uint8Array | null;
};

/** The sealed notes in an export's scope, as the caller may see them (migration 0034). */
export async function sealedNotesInScope(trx: Transaction<Database>, requestId: number): Promise<SealedNoteInScope[]> {
  const { rows } = await sql<{
    activity_id: number | string;
    case_id: number | string;
    case_reference: string;
    occurred_on: string;
    include: boolean | null;
    reason: string | null;
    reviewed_at: Date | null;
    summary: Uint8Array | null;
  }>`SELECT * FROM access_export_sealed_notes(${requestId})`.execute(trx);
  return rows.map((r) => ({
    activityId: Number(r.activity_id),
    caseId: Number(r.case_id),
    caseReference: r.case_reference,
    occurredOn: r.occurred_on,
    include: r.include,
    reason: r.reason,
    reviewedAt: r.reviewed_at,
    summary: r.summary,
  }));
}
