import type { Kysely, Transaction } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { caseBox, reserveIds } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode, refused } from "../../lib/errors.ts";
import type { Actor } from "../auth/roles.ts";
import { type CaseWriteBase, caseCommand } from "../cases/case.command.server.ts";
import { type ContactForm, checkContact } from "../cases/case.rules.ts";
import { caseReceivedOn, partyOfCase } from "../cases/case-file.commands.server.ts";
import { loadCaseFacts } from "../cases/case-move.commands.server.ts";
import { type CheckedUpload, storeUpload, type UploadProblem } from "./uploads.server.ts";

/**
 * The forms of contact as workflows: letters, shuttle messages and video messages
 * carried from one party to the other, and meetings (a conversation or a group conference).
 *
 * Rules decided where the brief was silent:
 * - Anything that reaches the other party (passing a letter on, carrying a shuttle message,
 *   showing a video, holding a meeting) happens only in the step `contact`, and only while both
 *   parties' consent to that form stands: a withdrawal blocks it at once.
 * - A letter is passed on only after the mediator has read it (the date and any changes agreed
 *   with its writer are recorded); a letter is written typed in by the party, as a scan, or
 *   transcribed by the mediator, and needs text or a scan.
 * - A meeting needs at least one participant from each side.
 * - Each of these contact events also writes a contact moment with its form, so that the state
 *   machine ("contact took place") and the annual figures ("forms used") have one source.
 */
type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export type ContactProblem =
  | UploadProblem
  | "not_in_contact_step"
  | "consent_missing"
  | "not_reviewed"
  | "already_passed_on"
  | "text_or_scan_needed"
  | "file_or_reference_needed"
  | "both_sides_needed"
  | "reply_unknown"
  | "before_registration"
  | "date_order";

export type ContactResult = { ok: true } | { ok: false; problem: ContactProblem };

async function refusable(run: () => Promise<unknown>): Promise<ContactResult> {
  try {
    await run();
    return { ok: true };
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.Refused)
      return { ok: false, problem: error.reason as ContactProblem };
    throw error;
  }
}

/** Contact may reach the other party: the rule (case.rules.ts) applied to the case file as it is now. */
async function assertContactAllowed(trx: Trx, caseId: number, form: ContactForm) {
  const facts = await loadCaseFacts(trx, caseId);
  if (!facts) throw new DomainError(ErrorCode.NotFound);
  const check = checkContact(facts, form);
  if (!check.ok) throw refusal(check.reason);
}

/** A refusal with one of the contact workflows' reasons. */
function refusal(problem: ContactProblem): DomainError {
  return refused(problem);
}

async function recordContactMoment(
  trx: Trx,
  input: { caseId: number; form: ContactForm; partyId: number | null; on: string; minutes?: number | null },
  actor: Actor,
  now: Date,
) {
  const received = await caseReceivedOn(trx, input.caseId);
  if (received && input.on < received) throw refusal("before_registration");
  await trx
    .insertInto("case_activity")
    .values({
      case_id: input.caseId,
      kind: "contact_moment",
      party_id: input.partyId,
      contact_form: input.form,
      occurred_on: input.on,
      minutes: input.minutes ?? null,
      summary: null,
      recorded_by: actor.userId,
      recorded_at: now,
    })
    .execute();
}

/** The other one of the two parties. */
async function counterpart(trx: Trx, caseId: number, partyId: number): Promise<number> {
  const from = await partyOfCase(trx, caseId, partyId);
  const other = await trx
    .selectFrom("case_party")
    .select("id")
    .where("case_id", "=", caseId)
    .where("id", "<>", from.id)
    .where("role", "in", ["registrant", "other_party"])
    .executeTakeFirst();
  if (!other) throw new DomainError(ErrorCode.NotFound);
  return other.id;
}

type MessageForm = "letter_exchange" | "shuttle" | "video_message";
export type MessageSource = "typed_by_party" | "scan" | "transcribed" | "told_to_mediator" | "recorded_with_mediator";

export type NewMessage = CaseWriteBase & {
  form: MessageForm;
  fromPartyId: number;
  source: MessageSource;
  body: string;
  writtenOn: string;
  replyToId?: number;
  reference?: string;
  upload?: CheckedUpload;
  quotaBytes: number;
  /** Shuttle messages are recorded once carried; a video may be recorded already shown. */
  passedOnOn?: string;
};

/** Records a letter, a shuttle message or a video message. */
export async function recordMessage(db: Db, actor: Actor, input: NewMessage): Promise<ContactResult> {
  if (input.form === "letter_exchange" && !input.body.trim() && !input.upload)
    return { ok: false, problem: "text_or_scan_needed" };
  if (input.form === "video_message" && !input.upload && !input.reference?.trim())
    return { ok: false, problem: "file_or_reference_needed" };
  if (input.form === "shuttle" && (!input.body.trim() || !input.passedOnOn))
    return { ok: false, problem: "text_or_scan_needed" };
  // Carried or shown after it was written or recorded.
  if (input.passedOnOn && input.passedOnOn < input.writtenOn) return { ok: false, problem: "date_order" };
  return refusable(() =>
    caseCommand(db, actor, input, `case.message.${input.form}`, async (trx, box) => {
      const toPartyId = await counterpart(trx, input.caseId, input.fromPartyId);
      if (input.replyToId !== undefined) {
        const original = await trx
          .selectFrom("case_message")
          .select("id")
          .where("id", "=", input.replyToId)
          .where("case_id", "=", input.caseId)
          .where("form", "=", input.form)
          .executeTakeFirst();
        if (!original) throw refusal("reply_unknown");
      }
      if (input.passedOnOn) await assertContactAllowed(trx, input.caseId, input.form);
      let uploadId: number | null = null;
      if (input.upload) {
        const stored = await storeUpload(trx, box, {
          caseId: input.caseId,
          upload: input.upload,
          quotaBytes: input.quotaBytes,
          userId: actor.userId,
          now: input.now,
        });
        if (stored === "quota") throw refusal("quota");
        uploadId = stored;
      }
      const [id] = (await reserveIds(trx, "case_message", 1)) as [number];
      await trx
        .insertInto("case_message")
        .values({
          id,
          case_id: input.caseId,
          form: input.form,
          from_party_id: input.fromPartyId,
          to_party_id: toPartyId,
          reply_to_id: input.replyToId ?? null,
          source: input.source,
          body: box.optionalText("case_message.body", id, input.body),
          upload_id: uploadId,
          reference: box.optionalText("case_message.reference", id, input.reference?.trim()),
          written_on: input.writtenOn,
          passed_on_on: input.passedOnOn ?? null,
          recorded_by: actor.userId,
          recorded_at: input.now,
        })
        .execute();
      if (input.passedOnOn)
        await recordContactMoment(
          trx,
          { caseId: input.caseId, form: input.form, partyId: input.fromPartyId, on: input.passedOnOn },
          actor,
          input.now,
        );
    }),
  );
}

async function messageOfCase(trx: Trx, caseId: number, messageId: number) {
  const message = await trx
    .selectFrom("case_message")
    .select(["id", "form", "from_party_id", "written_on", "reviewed_on", "passed_on_on"])
    .where("id", "=", messageId)
    .where("case_id", "=", caseId)
    .executeTakeFirst();
  if (!message) throw new DomainError(ErrorCode.NotFound);
  return message;
}

/** The mediator has read a letter, and records the date and any changes agreed with its writer. */
export async function reviewLetter(
  db: Db,
  actor: Actor,
  input: CaseWriteBase & { messageId: number; reviewedOn: string; agreedChanges: string },
): Promise<ContactResult> {
  return refusable(() =>
    caseCommand(db, actor, input, "case.letter.reviewed", async (trx, box) => {
      const message = await messageOfCase(trx, input.caseId, input.messageId);
      if (message.form !== "letter_exchange") throw new DomainError(ErrorCode.NotFound);
      if (message.passed_on_on) throw refusal("already_passed_on");
      // A letter is read after it was written.
      if (input.reviewedOn < message.written_on) throw refusal("date_order");
      await trx
        .updateTable("case_message")
        .set({
          reviewed_on: input.reviewedOn,
          agreed_changes: box.optionalText("case_message.agreed_changes", message.id, input.agreedChanges.trim()),
        })
        .where("id", "=", message.id)
        .execute();
    }),
  );
}

/** A letter is passed on, or a video message shown, to the other party. */
export async function passOnMessage(
  db: Db,
  actor: Actor,
  input: CaseWriteBase & { messageId: number; passedOnOn: string },
): Promise<ContactResult> {
  return refusable(() =>
    caseCommand(db, actor, input, "case.message.passed_on", async (trx) => {
      const message = await messageOfCase(trx, input.caseId, input.messageId);
      if (message.passed_on_on) throw refusal("already_passed_on");
      if (message.form === "letter_exchange" && !message.reviewed_on) throw refusal("not_reviewed");
      // Passed on after it was written and read.
      if (input.passedOnOn < (message.reviewed_on ?? message.written_on)) throw refusal("date_order");
      await assertContactAllowed(trx, input.caseId, message.form);
      await trx
        .updateTable("case_message")
        .set({ passed_on_on: input.passedOnOn })
        .where("id", "=", message.id)
        .execute();
      await recordContactMoment(
        trx,
        { caseId: input.caseId, form: message.form, partyId: message.from_party_id, on: input.passedOnOn },
        actor,
        input.now,
      );
    }),
  );
}

export type OtherParticipant = {
  name: string;
  side: "victim" | "offender" | "neither";
  relation: "relative" | "supporter" | "legal_representative" | "community" | "professional" | "other";
};

/** A conversation or group conference that took place, with who took part. */
export async function recordMeeting(
  db: Db,
  actor: Actor,
  input: CaseWriteBase & {
    form: "conversation" | "group_conference";
    heldOn: string;
    place: string;
    coMediatorId?: number;
    minutes?: number;
    summary: string;
    partyIds: number[];
    personIds: number[];
    others: OtherParticipant[];
  },
): Promise<ContactResult> {
  return refusable(() =>
    caseCommand(db, actor, input, `case.meeting.${input.form}`, async (trx, box) => {
      await assertContactAllowed(trx, input.caseId, input.form);
      const parties = input.partyIds.length
        ? await trx
            .selectFrom("case_party")
            .select(["id", "side", "display_name"])
            .where("case_id", "=", input.caseId)
            .where("id", "in", input.partyIds)
            .execute()
        : [];
      const people = input.personIds.length
        ? await trx
            .selectFrom("case_person as p")
            .innerJoin("case_party as pp", "pp.id", "p.party_id")
            .select(["p.id", "p.relation", "p.display_name", "pp.side"])
            .where("p.case_id", "=", input.caseId)
            .where("p.id", "in", input.personIds)
            .execute()
        : [];
      if (parties.length !== new Set(input.partyIds).size || people.length !== new Set(input.personIds).size)
        throw new DomainError(ErrorCode.NotFound);
      const sides = new Set([
        ...parties.map((p) => p.side),
        ...people.map((p) => p.side),
        ...input.others.map((o) => o.side),
      ]);
      if (!sides.has("victim") || !sides.has("offender")) throw refusal("both_sides_needed");
      if (input.coMediatorId !== undefined) {
        const assigned = await trx
          .selectFrom("case_assignment")
          .select("user_id")
          .where("case_id", "=", input.caseId)
          .where("user_id", "=", input.coMediatorId)
          .executeTakeFirst();
        if (!assigned) throw new DomainError(ErrorCode.NotFound);
      }
      const [meetingId] = (await reserveIds(trx, "case_meeting", 1)) as [number];
      await trx
        .insertInto("case_meeting")
        .values({
          id: meetingId,
          case_id: input.caseId,
          form: input.form,
          held_on: input.heldOn,
          place: box.text("case_meeting.place", meetingId, input.place),
          co_mediator_id: input.coMediatorId ?? null,
          minutes: input.minutes ?? null,
          summary: box.optionalText("case_meeting.summary", meetingId, input.summary),
          recorded_by: actor.userId,
          recorded_at: input.now,
        })
        .execute();
      const rows = [
        ...parties.map((p) => ({
          party_id: p.id,
          person_id: null,
          display_name: p.display_name,
          side: p.side,
          relation: "party" as const,
        })),
        ...people.map((p) => ({
          party_id: null,
          person_id: p.id,
          display_name: box.openText("case_person.display_name", p.id, p.display_name),
          side: p.side,
          relation: p.relation,
        })),
        ...input.others.map((o) => ({
          party_id: null,
          person_id: null,
          display_name: o.name,
          side: o.side,
          relation: o.relation,
        })),
      ];
      const ids = await reserveIds(trx, "case_meeting_participant", rows.length);
      await trx
        .insertInto("case_meeting_participant")
        .values(
          rows.map((r, i) => {
            const id = ids[i] as number;
            const display_name = box.text("case_meeting_participant.display_name", id, r.display_name);
            return { ...r, id, display_name, case_id: input.caseId, meeting_id: meetingId };
          }),
        )
        .execute();
      await recordContactMoment(
        trx,
        { caseId: input.caseId, form: input.form, partyId: null, on: input.heldOn, minutes: input.minutes },
        actor,
        input.now,
      );
    }),
  );
}

/** Everything the contact workflows show on the case page (file contents stay in the database). */
export async function getContactRecords(db: Db, actor: Actor, caseId: number) {
  return withStaffActor(db, actor, async (trx) => {
    const box = await caseBox(trx, caseId);
    const [messages, meetings, participants, uploads] = await Promise.all([
      trx
        .selectFrom("case_message")
        .select([
          "id",
          "form",
          "from_party_id",
          "to_party_id",
          "reply_to_id",
          "source",
          "body",
          "upload_id",
          "reference",
          "written_on",
          "reviewed_on",
          "agreed_changes",
          "passed_on_on",
        ])
        .where("case_id", "=", caseId)
        .orderBy("written_on")
        .orderBy("id")
        .execute(),
      trx
        .selectFrom("case_meeting as m")
        .leftJoin("staff_user as u", "u.id", "m.co_mediator_id")
        .select(["m.id", "m.form", "m.held_on", "m.place", "m.minutes", "m.summary", "u.display_name as co_mediator"])
        .where("m.case_id", "=", caseId)
        .orderBy("m.held_on")
        .orderBy("m.id")
        .execute(),
      trx
        .selectFrom("case_meeting_participant")
        .select(["id", "meeting_id", "display_name", "side", "relation", "person_id"])
        .where("case_id", "=", caseId)
        .orderBy("id")
        .execute(),
      trx
        .selectFrom("case_upload")
        .select(["id", "file_name", "media_type", "size_bytes"])
        .where("case_id", "=", caseId)
        .execute(),
    ]);
    const files = uploads.map((u) => ({ ...u, file_name: box.openText("case_upload.file_name", u.id, u.file_name) }));
    return {
      messages: messages.map((m) => ({
        ...m,
        body: box.openOptionalText("case_message.body", m.id, m.body),
        reference: box.openNullableText("case_message.reference", m.id, m.reference),
        agreed_changes: box.openNullableText("case_message.agreed_changes", m.id, m.agreed_changes),
        upload: files.find((u) => u.id === m.upload_id) ?? null,
      })),
      meetings: meetings.map((m) => ({
        ...m,
        place: box.openText("case_meeting.place", m.id, m.place),
        summary: box.openOptionalText("case_meeting.summary", m.id, m.summary),
        participants: participants
          .filter((p) => p.meeting_id === m.id)
          .map((p) => ({
            ...p,
            display_name: box.openText("case_meeting_participant.display_name", p.id, p.display_name),
          })),
      })),
    };
  });
}
