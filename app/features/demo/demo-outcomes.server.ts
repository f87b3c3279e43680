import { type Kysely, sql } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { caseBox, reserveIds } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import { outcomeDb } from "../outcomes/outcome.db.ts";
import { addDays, addMonths, INVITATION_DAYS, type Moment } from "../outcomes/outcome.rules.ts";

/**
 * Demo answers to the questionnaire "Hoe gaat het met u?", so that the case page and the annual
 * report show something: most parties agreed to be asked; about half answer before contact,
 * fewer at closing and at follow-up (those who answered before answer again more often). Scores
 * improve after contact by about two points and much less without. Fictional and seeded.
 */
type Db = Kysely<Database>;
const DAY = 86_400_000;

function seeded(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, normal };
}

/** Where people start, per question code, on the 0–10 scale. */
const BASELINE: Record<string, number> = {
  afraid: 6.5,
  angry: 6,
  sleep: 4,
  safe: 4.5,
  why_questions: 7,
  heard: 3,
  calm: 3.5,
  in_control: 5,
  guilt: 7,
  shame: 7,
  understanding: 5,
  fear_return: 6,
};

const OPEN_ANSWERS = [
  "Het gesprek heeft me rust gegeven. (demo)",
  "Ik denk er nog vaak aan, maar het wordt minder. (demo)",
  "Fijn dat iemand naar me luisterde. (demo)",
];

type PartyRow = {
  case_id: number;
  party_id: number;
  side: "victim" | "offender";
  role: string;
  closed_at: Date | null;
  lead: number;
  contact: boolean;
  talk_on: string | null;
  asked: boolean;
};

export async function seedDemoOutcomes(db: Db, now: Date): Promise<{ invitations: number; answered: number }> {
  const random = seeded(20261201);
  const o = outcomeDb(db);
  const questions = await o
    .selectFrom("outcome_question as q")
    .innerJoin("outcome_questionnaire as n", "n.id", "q.questionnaire_id")
    .select(["q.id", "q.code", "q.kind", "q.better", "n.id as questionnaire_id", "n.side"])
    .where("n.active", "=", true)
    .execute();
  // The app's role sees a case's rows only on behalf of its mediator: read each lead mediator's.
  const mediators = await db
    .selectFrom("staff_role")
    .select("user_id")
    .where("role", "=", "mediator")
    .orderBy("user_id")
    .execute();
  const parties: PartyRow[] = [];
  for (const { user_id } of mediators) {
    const lead = { userId: user_id, roles: ["mediator"] as const, regionIds: [] };
    const { rows } = await withStaffActor(db, lead, (trx) =>
      sql<PartyRow>`
      SELECT c.id AS case_id, p.id AS party_id, p.side, p.role, c.closed_at, ${user_id}::bigint AS lead,
        EXISTS (SELECT 1 FROM case_activity a WHERE a.case_id = c.id AND a.kind = 'contact_moment') AS contact,
        EXISTS (SELECT 1 FROM outcome_participant op WHERE op.party_id = p.id) AS asked,
        to_char((SELECT min(a.occurred_on) FROM case_activity a WHERE a.case_id = c.id
          AND ((p.role = 'registrant' AND a.kind = 'first_conversation')
            OR (p.role = 'other_party' AND a.kind = 'expectation_conversation' AND a.party_id = p.id))), 'YYYY-MM-DD') AS talk_on
      FROM case_party p JOIN mediation_case c ON c.id = p.case_id
      WHERE EXISTS (SELECT 1 FROM case_assignment a WHERE a.case_id = c.id AND a.role = 'lead' AND a.user_id = ${user_id})
      ORDER BY p.id`.execute(trx),
    );
    parties.push(...rows);
  }
  parties.sort((a, b) => Number(a.party_id) - Number(b.party_id));

  let invitations = 0;
  let answered = 0;
  for (const p of parties) {
    // Parties already asked (by the app itself) are left as they are.
    if (!p.talk_on || p.lead === null || p.asked) continue;
    if (random.next() > 0.9) continue;
    const mediator = { userId: Number(p.lead), roles: ["mediator"] as const, regionIds: [] };
    const talkedAt = new Date(`${p.talk_on}T12:00:00Z`);
    const offset = random.normal() * 1.2;
    const inCase = random.next() < 0.7;
    const moments: { moment: Moment; at: Date; respond: boolean; effect: number }[] = [];
    const before = random.next() < 0.55;
    moments.push({ moment: "before", at: addDays(talkedAt, 1), respond: before, effect: 0 });
    if (p.closed_at) {
      // People differ in how much they change, around about two points after contact.
      const effect = (p.contact ? 2 : 0.5) + random.normal() * 0.8;
      moments.push({ moment: "after", at: p.closed_at, respond: random.next() < (before ? 0.8 : 0.05), effect });
      const followAt = addMonths(p.closed_at, 3);
      if (followAt.getTime() < now.getTime())
        moments.push({
          moment: "follow_up",
          at: followAt,
          respond: random.next() < (before ? 0.55 : 0.08),
          effect: effect * 1.2,
        });
    }
    await withStaffActor(db, mediator, async (trx) => {
      const t = outcomeDb(trx);
      await trx
        .insertInto("case_consent")
        .values([
          {
            case_id: p.case_id,
            party_id: p.party_id,
            purpose: "outcome_measurement",
            given: true,
            method: "verbal",
            recorded_at: talkedAt,
            recorded_by: mediator.userId,
          },
          ...(inCase
            ? [
                {
                  case_id: p.case_id,
                  party_id: p.party_id,
                  purpose: "outcome_in_case",
                  given: true,
                  method: "verbal" as const,
                  recorded_at: talkedAt,
                  recorded_by: mediator.userId,
                },
              ]
            : []),
        ])
        .execute();
      await t.insertInto("outcome_participant").values({ party_id: p.party_id, case_id: p.case_id }).execute();
      const box = await caseBox(trx, p.case_id);
      for (const m of moments) {
        if (m.at.getTime() > now.getTime()) continue;
        const side = questions.filter((q) => q.side === p.side);
        const questionnaireId = side[0]?.questionnaire_id;
        if (questionnaireId === undefined) continue;
        const [id] = (await reserveIds(trx, "outcome_invitation", 1)) as [number];
        const completedAt = m.respond
          ? new Date(Math.min(m.at.getTime() + (1 + random.next() * 9) * DAY, now.getTime()))
          : null;
        const open =
          completedAt && random.next() < 0.2 ? OPEN_ANSWERS[Math.floor(random.next() * OPEN_ANSWERS.length)] : "";
        await t
          .insertInto("outcome_invitation")
          .values({
            id,
            case_id: p.case_id,
            party_id: p.party_id,
            moment: m.moment,
            questionnaire_id: questionnaireId,
            created_at: m.at,
            expires_at: addDays(m.at, INVITATION_DAYS),
            email_sent_at: p.role === "registrant" ? m.at : null,
            letter_printed_at: p.role === "registrant" ? null : m.at,
            started_at: completedAt,
            completed_at: completedAt,
            answered_via: completedAt ? (p.role === "registrant" ? "link" : "code") : null,
            open_answer: box.optionalText("outcome_invitation.open_answer", id, open),
          })
          .execute();
        invitations++;
        if (!completedAt) continue;
        answered++;
        type Row = {
          invitation_id: number;
          question_id: number;
          case_id: number;
          score: number | null;
          declined: boolean;
        };
        const rows = side
          .filter((q) => q.kind === "scale")
          .flatMap((q): Row[] => {
            // A few questions skipped, a few "I'd rather not say".
            const roll = random.next();
            if (roll < 0.02) return [];
            if (roll < 0.04)
              return [{ invitation_id: id, question_id: q.id, case_id: p.case_id, score: null, declined: true }];
            const direction = q.better === "lower" ? -1 : 1;
            const raw = (BASELINE[q.code] ?? 5) + offset + direction * m.effect + random.normal();
            return [
              {
                invitation_id: id,
                question_id: q.id,
                case_id: p.case_id,
                score: Math.max(0, Math.min(10, Math.round(raw))),
                declined: false,
              },
            ];
          });
        if (rows.length > 0) await t.insertInto("outcome_answer").values(rows).execute();
      }
    });
  }
  return { invitations, answered };
}
