import { randomInt, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Actor, Role } from "../features/auth/roles.ts";
import { takeUpRegistration } from "../features/cases/take-up.commands.server.ts";
import { sealedRegistration } from "../features/registration/registration-sealing.server.ts";

/** Small factories for the case tests: staff members, registrations and taken-up cases. */
type Db = Kysely<Database>;

export const FIXED_NOW = new Date("2026-11-27T10:00:00Z");
/** When the registrations of the fixture cases came in. */
export const RECEIVED_AT = new Date("2026-10-01T09:00:00Z");

let counter = randomInt(0, 500_000);
/** A reference no real registration of the test year uses. */
export function uniqueReference(): string {
  counter += 1;
  return `HB-2099-${String(counter % 1_000_000).padStart(6, "0")}`;
}

/** An active staff member with one role (and optionally a region); returns the actor. */
export async function staffActor(db: Db, role: Role, options: { name?: string; region?: string } = {}): Promise<Actor> {
  const tag = randomUUID().slice(0, 8);
  const user = await db
    .insertInto("staff_user")
    .values({
      email: `${role}-${tag}@t.example`,
      display_name: options.name ?? `${role} ${tag}`,
      status: "active",
      created_at: FIXED_NOW,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("staff_role").values({ user_id: user.id, role }).execute();
  const regionIds: number[] = [];
  if (options.region) {
    const region = await db
      .selectFrom("region")
      .select("id")
      .where("code", "=", options.region)
      .executeTakeFirstOrThrow();
    await db.insertInto("staff_region").values({ user_id: user.id, region_id: region.id }).execute();
    regionIds.push(region.id);
  }
  return { userId: user.id, roles: [role], regionIds };
}

export type RegistrationFixture = {
  answers?: Record<string, unknown>;
  offence?: string;
  side?: "victim" | "offender";
  submittedBy?: "self" | "referrer";
  reference?: string;
  /** When it came in; the database's now() when not given. */
  receivedAt?: Date;
};

/** A registration waiting at the intake desk. */
export async function waitingRegistration(db: Db, options: RegistrationFixture = {}) {
  const side = options.side ?? "victim";
  return db
    .insertInto("registration")
    .values({
      reference: options.reference ?? uniqueReference(),
      idempotency_key: randomUUID(),
      channel: "web",
      submitted_by: options.submittedBy ?? "self",
      registrant_role: side,
      registrant_side: side,
      offence_category: options.offence ?? "violence",
      referrer_type: options.submittedBy === "referrer" ? "probation" : null,
      locale: "nl",
      form_version: 1,
      ...(await sealedRegistration(db, options.answers ?? {})),
      ...(options.receivedAt ? { received_at: options.receivedAt } : {}),
    })
    .returning(["id", "reference"])
    .executeTakeFirstOrThrow();
}

/**
 * A registration taken up as a case by a new intake desk member, with a new mediator. `app` is
 * the connection the commands use (the application role on PostgreSQL), `owner` the one for setup.
 */
export async function takenUpCase(owner: Db, app: Db = owner, options: RegistrationFixture & { region?: string } = {}) {
  const intake = await staffActor(owner, "intake");
  const mediator = await staffActor(owner, "mediator");
  // Received before it was taken up, and before anything the tests record in the case.
  const registration = await waitingRegistration(owner, { receivedAt: RECEIVED_AT, ...options });
  const region = await owner
    .selectFrom("region")
    .select("id")
    .where("code", "=", options.region ?? "midden")
    .executeTakeFirstOrThrow();
  const made = await takeUpRegistration(app, intake, {
    registrationId: registration.id,
    regionId: region.id,
    leadMediatorId: mediator.userId,
    noConflictDeclared: true,
    origin: "t",
    now: FIXED_NOW,
  });
  if (!made.ok) throw new Error(made.problem);
  return {
    caseId: made.caseId,
    reference: made.reference,
    registrationId: registration.id,
    regionId: region.id,
    intake,
    mediator,
    now: FIXED_NOW,
  };
}
