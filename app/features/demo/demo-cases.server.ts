import type { Kysely } from "kysely";
import { withStaffActor, withSystemTask } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../auth/roles.ts";
import type { CaseStep, ContactForm, Move, NoContactReason } from "../cases/case.rules.ts";
import { recordOutcome } from "../cases/case-file.commands.server.ts";
import { advanceCase } from "../cases/case-journey.server.ts";
import { caseMoves, moveCase } from "../cases/case-move.commands.server.ts";
import { takeUpRegistration } from "../cases/take-up.commands.server.ts";
import { saveDraftAnswers, startDraft, submitRegistration } from "../registration/registration.commands.server.ts";
import { loadLists } from "../registration/registration.queries.server.ts";
import type { Answers } from "../registration/registration.schema.ts";
import { registerByStaff } from "../registration/staff-entry.server.ts";
import { importHistoricRegistrations } from "../statistics/import.server.ts";
import { type HistoryRow, historyCsv, planHistory } from "./demo-history.ts";
import { seedDemoOutcomes } from "./demo-outcomes.server.ts";
import { planPilot } from "./demo-pilot.ts";
import {
  type DemoProfile,
  demoProfile,
  type PlannedRegistration,
  planRegistrations,
  type Random,
  seeded,
  sexualShareOf,
} from "./demo-profile.ts";

/**
 * Demo mode's living system, with the profile of a real service (demo-profile.json): its
 * history of whole years, imported through the historic import as a service that starts with
 * Herstel would, and clearly fictional registrations of the last weeks, most taken up as cases
 * and carried, through the same commands the staff use, to every step, with every form of
 * contact, closed with and without contact. Both follow the profile's shares by exact
 * allocation per year. Deterministic (seeded), so every demo of the same day looks the same.
 */
type Db = Kysely<Database>;
const DAY = 86_400_000;

const FIRST = [
  "Noor",
  "Daan",
  "Sanne",
  "Mohamed",
  "Lotte",
  "Jesse",
  "Fatima",
  "Ruben",
  "Eva",
  "Youssef",
  "Anouk",
  "Thijs",
];
const LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Peters"];
const FORM_SETS: ContactForm[][] = [
  ["conversation"],
  ["letter_exchange"],
  ["conversation"],
  ["shuttle"],
  ["video_message"],
  ["group_conference"],
  ["letter_exchange", "conversation"],
];
const OPEN_TARGETS: CaseStep[] = [
  "taken_up",
  "first_conversation",
  "approaching_other_party",
  "preparing",
  "contact",
  "closing",
  "aftercare",
];
const REASONS: NoContactReason[] = [
  "other_party_declines",
  "other_party_declines",
  "other_party_unreachable",
  "registrant_withdraws",
  "not_suitable",
  "no_contact_needed",
];

/** Extra fictional mediators (they cannot sign in), so that workload and regions look real. */
async function demoMediators(db: Db, now: Date) {
  const regions = await db.selectFrom("region").select("id").orderBy("id").execute();
  const names = [
    "Mila Bemiddelaar",
    "Sem Bemiddelaar",
    "Julia Bemiddelaar",
    "Finn Bemiddelaar",
    "Zoë Bemiddelaar",
    "Lars Bemiddelaar",
  ];
  for (const [index, name] of names.entries()) {
    const user = await db
      .insertInto("staff_user")
      .values({
        email: `bemiddelaar${index + 2}@demo.herstel.example`,
        display_name: `${name} (demo)`,
        status: "active",
        is_demo: true,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("staff_role").values({ user_id: user.id, role: "mediator" }).execute();
    const region = regions[index % regions.length];
    if (region) await db.insertInto("staff_region").values({ user_id: user.id, region_id: region.id }).execute();
  }
  const rows = await db
    .selectFrom("staff_user as u")
    .innerJoin("staff_role as r", "r.user_id", "u.id")
    .innerJoin("staff_region as g", "g.user_id", "u.id")
    .select(["u.id", "g.region_id"])
    .where("r.role", "=", "mediator")
    .where("u.email", "like", "%@demo.herstel.example")
    .orderBy("u.id")
    .execute();
  return rows.map((r): { actor: Actor; regionId: number } => ({
    actor: { userId: r.id, roles: ["mediator"], regionIds: [r.region_id] },
    regionId: r.region_id,
  }));
}

/** The calendar day in the Netherlands, as the figures count it. */
const dutchDate = (at: Date) => at.toLocaleDateString("sv-SE", { timeZone: "Europe/Amsterdam" });

/**
 * How many days back the registrations worked in the app go: as many as the profile's volume of
 * a year gives `count` registrations, and at least six weeks, so that cases reach every step.
 */
export function appWindowDays(profile: DemoProfile, count: number): number {
  const perDay = (profile.registrationsPerYear[0] ?? 1) / 365;
  return Math.max(42, Math.ceil(count / perDay));
}

type DemoRegistration = Pick<PlannedRegistration, "channel" | "referrerType" | "side" | "role" | "offence">;

/** One fictional registration, through the public form or (by phone) the intake desk, as received at `receivedAt`. */
async function registerDemo(
  db: Db,
  options: {
    plan: DemoRegistration;
    receivedAt: Date;
    index: number;
    lists: Awaited<ReturnType<typeof loadLists>>;
    intake: Actor;
    random: Random;
  },
): Promise<{ reference: string; otherPartyName: string }> {
  const { plan, receivedAt, index, lists, intake, random } = options;
  const referral = plan.channel === "referrer";
  const name = `${random.pick(FIRST)} ${random.pick(LAST)} (demo)`;
  const answers: Answers = {
    role: plan.role,
    sideOf: plan.role === "relative" ? plan.side : undefined,
    offenceCategory: plan.offence,
    incidentDate: new Date(receivedAt.getTime() - (30 + Math.floor(random.next() * 700)) * DAY)
      .toISOString()
      .slice(0, 10),
    incidentPlace: "Demostad",
    policeReport: random.next() < 0.8 ? "yes" : "unknown",
    otherPartyKnown: "yes",
    otherPartyName: `${random.pick(FIRST)} ${random.pick(LAST)} (demo)`,
    name,
    ageGroup: random.pick(["18_24", "25_44", "45_64", "65_plus"]),
    email: `aanmelder${index + 1}@demo.herstel.example`,
    contactChannels: ["email"],
    voicemailAllowed: "no",
    senderNameAllowed: "yes",
    hopes: "Dit is een verzonnen voorbeeld voor de demo.",
    language: "nl",
    interpreterNeeded: "no",
    ...(referral
      ? {
          referrerType: plan.referrerType ?? "other",
          organisationName: "Voorbeeldorganisatie (demo)",
          referrerName: "Verwijzer Voorbeeld (demo)",
          referrerEmail: `verwijzer${index + 1}@demo.herstel.example`,
          clientConsent: "yes",
          statusUpdates: "no",
        }
      : {}),
  };
  let reference: string;
  if (plan.channel === "staff") {
    // Registered by phone: the intake desk enters it.
    const entered = await registerByStaff(db, intake, {
      channel: "phone",
      answers,
      locale: "nl",
      origin: "demo",
      now: receivedAt,
    });
    reference = entered.reference;
  } else {
    const draft = await startDraft(db, referral ? "referral" : "self", receivedAt);
    await saveDraftAnswers(db, draft, answers, receivedAt);
    const submitted = await submitRegistration(db, {
      draftId: draft,
      locale: "nl",
      lists,
      today: receivedAt.toISOString().slice(0, 10),
      now: receivedAt,
    });
    if (submitted.status !== "created") throw new Error(`demo registration ${index}: ${JSON.stringify(submitted)}`);
    reference = submitted.reference;
  }
  return { reference, otherPartyName: String(answers.otherPartyName) };
}

/**
 * Cases of the questionnaire pilot per group (with contact; without contact, victim side and
 * offender side registering): enough for the last full year's "Helpt contact?" to show its
 * main groups (about 4 in 10 people asked answer both before and after), while the forms of
 * contact other than the most common stay under the smallest group shown.
 */
export const PILOT_PER_GROUP = 46;

/**
 * Works the pilot's cases (planned history rows) in the app, on their planned dates: received,
 * taken up, a first conversation, and closed with contact in the planned form or without contact
 * for the planned reason. Returns the number of cases made.
 */
async function workPilot(
  db: Db,
  options: {
    pilot: readonly HistoryRow[];
    mediators: { actor: Actor; regionId: number }[];
    lists: Awaited<ReturnType<typeof loadLists>>;
    intake: Actor;
    firstIndex: number;
  },
): Promise<number> {
  const { pilot, mediators, lists, intake, firstIndex } = options;
  const random = seeded(20250101);
  const at = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, "0")}:00:00Z`);
  let made = 0;
  for (const [k, row] of pilot.entries()) {
    const lead = mediators[k % mediators.length];
    if (!lead) break;
    const { reference, otherPartyName } = await registerDemo(db, {
      plan: {
        channel: row.channel as DemoRegistration["channel"],
        referrerType: row.referrer_type || null,
        side: row.registrant_side as DemoRegistration["side"],
        role: row.registrant_role as DemoRegistration["role"],
        offence: row.offence_category,
      },
      receivedAt: at(row.received_on, 10),
      index: firstIndex + k,
      lists,
      intake,
      random,
    });
    const registration = await withStaffActor(db, intake, (trx) =>
      trx.selectFrom("registration").select("id").where("reference", "=", reference).executeTakeFirstOrThrow(),
    );
    const takenUpAt = at(row.taken_up_on, 11);
    const taken = await takeUpRegistration(db, intake, {
      registrationId: registration.id,
      regionId: lead.regionId,
      leadMediatorId: lead.actor.userId,
      noConflictDeclared: true,
      origin: "demo",
      now: takenUpAt,
    });
    if (!taken.ok) throw new Error(`demo pilot take-up ${row.external_id}: ${taken.problem}`);
    made++;
    const closedAt = at(row.closed_on, 12);
    const days = (closedAt.getTime() - takenUpAt.getTime()) / DAY;
    const contact = row.outcome === "contact";
    // Every record of the journey falls before the planned closing (a journey moves its clock on
    // fewer than 10 times); the case is then closed on the planned day.
    await advanceCase(db, {
      caseId: taken.caseId,
      mediator: lead.actor,
      until: contact ? "closing" : "approaching_other_party",
      forms: row.forms.split(";") as ContactForm[],
      otherPartyName,
      startOn: takenUpAt,
      stepDays: days / 10,
      aftercare: false,
    });
    if (contact)
      await recordOutcome(db, lead.actor, {
        caseId: taken.caseId,
        origin: "demo",
        now: new Date(closedAt.getTime() - 3_600_000),
        contact: true,
      });
    const current = await caseMoves(db, lead.actor, taken.caseId);
    const closed = await moveCase(db, lead.actor, {
      caseId: taken.caseId,
      move: contact
        ? { kind: "advance", to: "closed" }
        : { kind: "close_without_contact", reason: row.no_contact_reason as NoContactReason },
      expectedVersion: current?.version ?? 0,
      origin: "demo",
      now: closedAt,
    });
    if (!closed.ok) throw new Error(`demo pilot case ${row.external_id}: ${JSON.stringify(closed)}`);
  }
  return made;
}

export async function seedDemoCases(
  db: Db,
  now: Date,
  count = 200,
  profile: DemoProfile = demoProfile(),
): Promise<{ registrations: number; cases: number; imported: number; pilot: number }> {
  const random = seeded(20261130);
  const lists = await loadLists(db);
  const intakeUser = await db
    .selectFrom("staff_user")
    .select("id")
    .where("email", "=", "aanmeldpunt@demo.herstel.example")
    .executeTakeFirstOrThrow();
  const intake: Actor = { userId: intakeUser.id, roles: ["intake"], regionIds: [] };
  const mediators = await demoMediators(db, now);
  // The demo mediator who can sign in gets a showcase: a case at every step and with every form.
  const showcase = mediators[0];
  let cases = 0;

  // The years before the demo service started with Herstel: imported, as a real service would.
  const windowDays = appWindowDays(profile, count);
  const regions = await db.selectFrom("region").select("code").orderBy("code").execute();
  const history = planHistory(profile, {
    today: dutchDate(now),
    before: dutchDate(new Date(now.getTime() - (windowDays + 4) * DAY)),
    regions: regions.map((r) => r.code),
    random: seeded(20191547),
  });
  const admin = await db
    .selectFrom("staff_user")
    .select("id")
    .where("email", "=", "beheerder@demo.herstel.example")
    .executeTakeFirst();
  // A sample of the last full year's closings is worked in Herstel instead (the questionnaire pilot).
  const { pilot, imported } = planPilot(history, {
    year: Number(dutchDate(now).slice(0, 4)) - 1,
    perGroup: PILOT_PER_GROUP,
  });
  const report = await importHistoricRegistrations(db, {
    csv: historyCsv(imported),
    fileName: "demo-geschiedenis.csv",
    skipInvalid: false,
    now,
    actorId: admin?.id ?? null,
    origin: "demo",
  });
  if (!report.imported)
    throw new Error(
      `demo history not imported: ${JSON.stringify({ file: report.fileProblems, invalid: report.invalid.slice(0, 5) })}`,
    );

  cases += await workPilot(db, { pilot, mediators, lists, intake, firstIndex: count });

  // The weeks since: the same shares, worked in the app.
  const plans = planRegistrations(profile, count, sexualShareOf(profile, 0), random);
  for (let i = 0; i < count; i++) {
    const plan = plans[i];
    if (!plan) break;
    // Spread over the window, the newest last; the newest dozen wait at the intake desk.
    const age = Math.max(1, Math.round(((count - i) / count) * windowDays + random.next() * 3));
    const receivedAt = new Date(now.getTime() - age * DAY);
    const { reference, otherPartyName } = await registerDemo(db, {
      plan,
      receivedAt,
      index: i,
      lists,
      intake,
      random,
    });
    if (i >= count - 12) continue;

    const registration = await withStaffActor(db, intake, (trx) =>
      trx.selectFrom("registration").select("id").where("reference", "=", reference).executeTakeFirstOrThrow(),
    );
    const useShowcase = showcase !== undefined && i >= count - 40 && i % 2 === 0;
    // In turn over the mediators (and so over every region, each coordinator's included, also in a
    // small demo); the draw is kept so that the rest of the demo stays as it was.
    const drawn = random.pick(mediators);
    const lead = useShowcase ? showcase : (mediators[i % mediators.length] ?? drawn);
    if (!lead) break;
    // Taken up a few days later, and never after today.
    const takeUpDays = Math.min(1 + Math.floor(random.next() * 8), age * 0.4);
    const takenUpAt = new Date(receivedAt.getTime() + takeUpDays * DAY);
    const made = await takeUpRegistration(db, intake, {
      registrationId: registration.id,
      regionId: lead.regionId,
      leadMediatorId: lead.actor.userId,
      noConflictDeclared: true,
      origin: "demo",
      now: takenUpAt,
    });
    if (!made.ok) throw new Error(`demo take-up ${i}: ${made.problem}`);
    cases++;

    // The older half is closed; the newer cases hold every open step.
    const daysLeft = (now.getTime() - takenUpAt.getTime()) / DAY;
    const forms = FORM_SETS[i % FORM_SETS.length] as ContactForm[];
    const fate = random.next();
    let until: CaseStep;
    let end: Move | undefined;
    if (daysLeft > windowDays / 2) {
      // Contact as the profile allocated it; the others end without contact or are withdrawn.
      if (plan.contact) until = "closed";
      else if (fate < 0.8) {
        until = random.pick(["first_conversation", "approaching_other_party", "preparing"] as const);
        end = { kind: "close_without_contact", reason: random.pick(REASONS) };
      } else {
        until = "preparing";
        end = { kind: "withdraw", party: random.pick(["registrant", "other_party"] as const) };
      }
    } else {
      until = OPEN_TARGETS[i % OPEN_TARGETS.length] as CaseStep;
    }
    // Up to 22 records per journey (and the ending at 24 steps) must fit between taking up and today.
    const stepDays = Math.min(6, (daysLeft * 0.9) / 24);
    await advanceCase(db, {
      caseId: made.caseId,
      mediator: lead.actor,
      until,
      forms,
      otherPartyName,
      startOn: takenUpAt,
      stepDays,
      aftercare: i % 3 !== 0,
    });
    if (end) {
      const current = await caseMoves(db, lead.actor, made.caseId);
      const at = new Date(takenUpAt.getTime() + 24 * stepDays * DAY);
      const result = await moveCase(db, lead.actor, {
        caseId: made.caseId,
        move: end,
        expectedVersion: current?.version ?? 0,
        origin: "demo",
        now: at,
      });
      if (!result.ok) throw new Error(`demo case ${made.caseId}: ${JSON.stringify(result)}`);
    }
  }
  await seedDemoOutcomes(db, now);
  // Demo mail goes nowhere: mark it sent so that no worker tries to deliver it. On a fresh demo
  // database every message so far is demo mail (addresses are sealed, so not matched here).
  await withSystemTask(db, "outbox", (trx) =>
    trx.updateTable("outbox_message").set({ status: "sent", sent_at: now }).where("status", "=", "pending").execute(),
  );
  return { registrations: count, cases, imported: report.inserted, pilot: pilot.length };
}
