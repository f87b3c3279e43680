import { type Kysely, sql } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { boxOf, reserveIds } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import type { SealBox } from "../../db/sealed.server.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { enqueueMail } from "../outbox/outbox.commands.server.ts";
import { statusMail } from "./status-emails.ts";
import { addWorkingDays } from "./working-days.ts";

type Db = Kysely<Database>;

export type TakeUpInput = {
  registrationId: number;
  regionId: number;
  leadMediatorId: number;
  coMediatorId?: number;
  /** The intake desk records that the mediators declared no conflict of interest. */
  noConflictDeclared: boolean;
  origin: string;
  now: Date;
};

export type TakeUpResult = { ok: true; caseId: number; reference: string } | { ok: false; problem: TakeUpProblem };
export type TakeUpProblem =
  | "already_taken_up"
  | "no_declaration"
  | "mediator_invalid"
  | "region_invalid"
  | "same_mediator";

/**
 * Takes up a registration as a new case, in one transaction: the case in step "taken up", its
 * mediator(s) with the no-conflict declaration, the deadline for the first conversation, the
 * timeline, the registration's new status and region, and the audit record.
 */
export async function takeUpRegistration(db: Db, actor: Actor, input: TakeUpInput): Promise<TakeUpResult> {
  authorize(actor, "case.take-up");
  if (!input.noConflictDeclared) return { ok: false, problem: "no_declaration" };
  if (input.coMediatorId === input.leadMediatorId) return { ok: false, problem: "same_mediator" };
  const mediatorIds = [input.leadMediatorId, ...(input.coMediatorId ? [input.coMediatorId] : [])];
  try {
    return await takeUp(db, actor, input, mediatorIds);
  } catch (error) {
    // Two desks taking up the same registration at once: the second finds it taken.
    const code = (error as { code?: string }).code;
    if (error instanceof TakenUpMeanwhile || code === "23505") return { ok: false, problem: "already_taken_up" };
    throw error;
  }
}

class TakenUpMeanwhile extends Error {}

async function takeUp(db: Db, actor: Actor, input: TakeUpInput, mediatorIds: number[]): Promise<TakeUpResult> {
  return withStaffActor(db, actor, async (trx) => {
    // The registration with its data key in one read: a second desk's commit in between cannot
    // leave one without the other.
    const registration = await trx
      .selectFrom("registration as r")
      .leftJoin("data_key as k", "k.id", "r.data_key_id")
      .select([
        "r.id",
        "r.reference",
        "r.status",
        "r.offence_category",
        "r.registrant_side",
        "r.answers",
        "r.data_key_id",
        "k.wrapped",
        "r.submitted_by",
        "r.locale",
      ])
      .where("r.id", "=", input.registrationId)
      .executeTakeFirst();
    if (!registration) {
      // The intake desk only sees registrations still waiting: tell "taken up" from "unknown".
      const { rows: info } = await sql<{
        status: string;
      }>`SELECT status FROM registration_access_info(${input.registrationId})`.execute(trx);
      if (info[0]) return { ok: false, problem: "already_taken_up" } as const;
      throw new DomainError(ErrorCode.NotFound);
    }
    if (registration.status !== "received") return { ok: false, problem: "already_taken_up" } as const;
    const region = await trx
      .selectFrom("region")
      .select("id")
      .where("id", "=", input.regionId)
      .where("active", "=", true)
      .executeTakeFirst();
    if (!region) return { ok: false, problem: "region_invalid" } as const;
    const mediators = await trx
      .selectFrom("staff_user as u")
      .innerJoin("staff_role as r", "r.user_id", "u.id")
      .select("u.id")
      .where("u.id", "in", mediatorIds)
      .where("u.status", "=", "active")
      .where("r.role", "=", "mediator")
      .execute();
    if (mediators.length !== mediatorIds.length) return { ok: false, problem: "mediator_invalid" } as const;

    const setting = await trx
      .selectFrom("app_setting")
      .select("value")
      .where("key", "=", "case.first_conversation_working_days")
      .executeTakeFirst();
    const days = Number(setting?.value ?? 10);
    const today = input.now.toISOString().slice(0, 10);
    // The case adopts the registration's data key: one key for everything about this person.
    const box = boxOf(registration) as SealBox;
    const answers = registration.answers
      ? box.openJson("registration.answers", registration.id, registration.answers)
      : {};
    // The referrer gets "taken up" and "closed" messages only when the client asked for them.
    const updatesTo =
      registration.submitted_by === "referrer" &&
      answers.statusUpdates === "yes" &&
      typeof answers.referrerEmail === "string"
        ? answers.referrerEmail
        : null;
    // Row-level security would hide the new case from the intake desk, so take its id first.
    const { rows } = await sql<{
      id: number;
    }>`SELECT nextval(pg_get_serial_sequence('mediation_case', 'id'))::int8 AS id`.execute(trx);
    const caseId = rows[0]?.id as number;
    await trx
      .insertInto("mediation_case")
      .values({
        id: caseId,
        reference: registration.reference,
        registration_id: registration.id,
        region_id: region.id,
        offence_category: registration.offence_category,
        step: "taken_up",
        taken_up_at: input.now,
        first_conversation_due: addWorkingDays(today, Number.isInteger(days) && days > 0 ? days : 10),
        created_by: actor.userId,
        data_key_id: registration.data_key_id,
        status_updates_to: box.optionalText("mediation_case.status_updates_to", caseId, updatesTo),
        case_phase: typeof answers.casePhase === "string" ? answers.casePhase : null,
        status_updates_locale: updatesTo ? registration.locale : null,
      })
      .execute();
    await trx
      .insertInto("case_assignment")
      .values(
        mediatorIds.map((userId, i) => ({
          case_id: caseId,
          user_id: userId,
          role: i === 0 ? ("lead" as const) : ("co_mediator" as const),
          no_conflict_declared_at: input.now,
          assigned_at: input.now,
          assigned_by: actor.userId,
        })),
      )
      .execute();
    const parties = partiesFrom(caseId, { registrant_side: registration.registrant_side, answers }, input.now);
    const partyIds = await reserveIds(trx, "case_party", parties.length);
    await trx
      .insertInto("case_party")
      .values(
        parties.map(({ contact, ...party }, i) => {
          const id = partyIds[i] as number;
          return { ...party, id, contact: box.json("case_party.contact", id, contact) };
        }),
      )
      .execute();
    await trx
      .insertInto("case_event")
      .values([
        {
          case_id: caseId,
          occurred_at: input.now,
          actor_id: actor.userId,
          kind: "case.taken_up",
          detail: JSON.stringify({ registration: registration.reference }),
        },
        {
          case_id: caseId,
          occurred_at: input.now,
          actor_id: actor.userId,
          kind: "case.assigned",
          detail: JSON.stringify({ mediators: mediatorIds }),
        },
      ])
      .execute();
    // Changes the registration only if it is still waiting; otherwise someone else was first.
    const { rows: done } = await sql<{ taken: boolean }>`
      SELECT take_up_registration(${registration.id}, ${caseId}, ${region.id}) AS taken
    `.execute(trx);
    if (!done[0]?.taken) throw new TakenUpMeanwhile();
    if (updatesTo) {
      const mail = statusMail(registration.locale, registration.reference, "taken_up");
      await enqueueMail(trx, {
        kind: "case.status.taken_up",
        to: updatesTo,
        subject: mail.subject,
        text: mail.text,
        relatedType: "case",
        relatedId: String(caseId),
      });
    }
    await recordAudit(trx, {
      actorId: actor.userId,
      action: "case.take_up",
      objectType: "case",
      objectId: caseId,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
    return { ok: true, caseId, reference: registration.reference } as const;
  });
}

/** Active mediators with their regions and number of open cases, to choose from when assigning. */
export async function mediatorsForAssignment(db: Db) {
  const [mediators, regions, workload] = await Promise.all([
    db
      .selectFrom("staff_user as u")
      .innerJoin("staff_role as r", "r.user_id", "u.id")
      .select(["u.id", "u.display_name"])
      .where("r.role", "=", "mediator")
      .where("u.status", "=", "active")
      .orderBy("u.display_name")
      .execute(),
    db
      .selectFrom("staff_region as sr")
      .innerJoin("region as g", "g.id", "sr.region_id")
      .select(["sr.user_id", "g.name"])
      .execute(),
    sql<{ user_id: number; open_cases: number }>`SELECT user_id, open_cases FROM mediator_workload()`.execute(db),
  ]);
  return mediators.map((m) => ({
    id: m.id,
    name: m.display_name,
    regions: regions.filter((r) => r.user_id === m.id).map((r) => r.name),
    openCases: workload.rows.find((w) => w.user_id === m.id)?.open_cases ?? 0,
  }));
}

/** The registrant (and the other party, when named) from the registration's answers. */
function partiesFrom(
  caseId: number,
  registration: { registrant_side: string; answers: Record<string, unknown> },
  now: Date,
) {
  const a = registration.answers;
  const text = (key: string) => (typeof a[key] === "string" ? (a[key] as string) : undefined);
  const side: "victim" | "offender" = registration.registrant_side === "offender" ? "offender" : "victim";
  const registrant = {
    case_id: caseId,
    side,
    role: "registrant" as const,
    display_name: text("name") ?? "?",
    contact: {
      email: text("email"),
      phone: text("phone"),
      address: text("address"),
      channels: a.contactChannels,
      times: text("contactTimes"),
      voicemailAllowed: text("voicemailAllowed"),
      senderNameAllowed: text("senderNameAllowed"),
    } as Record<string, unknown>,
    created_at: now,
  };
  const otherName = text("otherPartyName");
  if (!otherName) return [registrant];
  const other = {
    case_id: caseId,
    side: side === "victim" ? ("offender" as const) : ("victim" as const),
    role: "other_party" as const,
    display_name: otherName,
    contact: { details: text("otherPartyContact"), relation: text("otherPartyRelation") } as Record<string, unknown>,
    created_at: now,
  };
  return [registrant, other];
}
