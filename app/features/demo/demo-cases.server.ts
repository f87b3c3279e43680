import type { Kysely } from "kysely";
import { withStaffActor, withSystemTask } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../auth/roles.ts";
import type { CaseStep, ContactForm, Move, NoContactReason } from "../cases/case.rules.ts";
import { advanceCase } from "../cases/case-journey.server.ts";
import { caseMoves, moveCase } from "../cases/case-move.commands.server.ts";
import { takeUpRegistration } from "../cases/take-up.commands.server.ts";
import { saveDraftAnswers, startDraft, submitRegistration } from "../registration/registration.commands.server.ts";
import { loadLists } from "../registration/registration.queries.server.ts";
import type { Answers } from "../registration/registration.schema.ts";
import { seedDemoOutcomes } from "./demo-outcomes.server.ts";

/**
 * Demo mode's living system: a few hundred clearly fictional registrations over the last three
 * years, most taken up as cases and carried, through the same commands the staff use, to every
 * step, with every form of contact, closed with and without contact. Deterministic (seeded), so
 * every demo looks the same.
 */
type Db = Kysely<Database>;
const DAY = 86_400_000;

/** A small seeded generator (mulberry32): the same demo every time. */
function seeded(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, pick };
}

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
const OFFENCES = [
  "violence",
  "violence",
  "sexual_offence",
  "traffic",
  "property",
  "robbery",
  "threats_stalking",
  "domestic_violence",
  "homicide",
  "vandalism",
];
const REFERRERS = ["victim_support", "probation", "prison", "police", "youth_care", "lawyer", "prosecution"];
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

export async function seedDemoCases(db: Db, now: Date, count = 200): Promise<{ registrations: number; cases: number }> {
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

  for (let i = 0; i < count; i++) {
    // Spread over three years, the newest last; the newest dozen wait at the intake desk.
    const age = Math.round(((count - i) / count) * 3 * 365 + random.next() * 3);
    const receivedAt = new Date(now.getTime() - age * DAY);
    const referral = random.next() < 0.55;
    const side = random.next() < 0.62 ? "victim" : "offender";
    const role = side === "victim" ? random.pick(["victim", "victim", "bereaved", "relative"]) : "offender";
    const name = `${random.pick(FIRST)} ${random.pick(LAST)} (demo)`;
    const answers: Answers = {
      role,
      sideOf: role === "relative" ? "victim" : undefined,
      offenceCategory: random.pick(OFFENCES),
      incidentDate: new Date(receivedAt.getTime() - (30 + Math.floor(random.next() * 700)) * DAY)
        .toISOString()
        .slice(0, 10),
      incidentPlace: "Demostad",
      policeReport: random.next() < 0.8 ? "yes" : "unknown",
      otherPartyKnown: "yes",
      otherPartyName: `${random.pick(FIRST)} ${random.pick(LAST)} (demo)`,
      name,
      ageGroup: random.pick(["18_24", "25_44", "45_64", "65_plus"]),
      email: `aanmelder${i + 1}@demo.herstel.example`,
      contactChannels: ["email"],
      voicemailAllowed: "no",
      senderNameAllowed: "yes",
      hopes: "Dit is een verzonnen voorbeeld voor de demo.",
      language: "nl",
      interpreterNeeded: "no",
      ...(referral
        ? {
            referrerType: random.pick(REFERRERS),
            organisationName: "Voorbeeldorganisatie (demo)",
            referrerName: "Verwijzer Voorbeeld (demo)",
            referrerEmail: `verwijzer${i + 1}@demo.herstel.example`,
            clientConsent: "yes",
            statusUpdates: "no",
          }
        : {}),
    };
    const draft = await startDraft(db, referral ? "referral" : "self", receivedAt);
    await saveDraftAnswers(db, draft, answers, receivedAt);
    const submitted = await submitRegistration(db, {
      draftId: draft,
      locale: "nl",
      lists,
      today: receivedAt.toISOString().slice(0, 10),
      now: receivedAt,
    });
    if (submitted.status !== "created") throw new Error(`demo registration ${i}: ${JSON.stringify(submitted)}`);
    if (i >= count - 12) continue;

    const registration = await withStaffActor(db, intake, (trx) =>
      trx
        .selectFrom("registration")
        .select("id")
        .where("reference", "=", submitted.reference)
        .executeTakeFirstOrThrow(),
    );
    const useShowcase = showcase !== undefined && i >= count - 40 && i % 2 === 0;
    const lead = useShowcase ? showcase : random.pick(mediators);
    if (!lead) break;
    const takenUpAt = new Date(receivedAt.getTime() + (1 + Math.floor(random.next() * 8)) * DAY);
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

    // Older cases are closed; the last months hold every open step.
    const daysLeft = (now.getTime() - takenUpAt.getTime()) / DAY;
    const forms = FORM_SETS[i % FORM_SETS.length] as ContactForm[];
    const fate = random.next();
    let until: CaseStep;
    let end: Move | undefined;
    if (daysLeft > 240) {
      if (fate < 0.55) until = "closed";
      else if (fate < 0.88) {
        until = random.pick(["first_conversation", "approaching_other_party", "preparing"] as const);
        end = { kind: "close_without_contact", reason: random.pick(REASONS) };
      } else {
        until = "preparing";
        end = { kind: "withdraw", party: random.pick(["registrant", "other_party"] as const) };
      }
    } else {
      until = OPEN_TARGETS[i % OPEN_TARGETS.length] as CaseStep;
    }
    // Up to 20 records per journey must fit between taking up and today.
    const stepDays = Math.max(0.2, Math.min(6, (daysLeft - 1) / 22));
    await advanceCase(db, {
      caseId: made.caseId,
      mediator: lead.actor,
      until,
      forms,
      otherPartyName: String(answers.otherPartyName),
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
  return { registrations: count, cases };
}
