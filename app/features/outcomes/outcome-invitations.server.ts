import { type Kysely, sql } from "kysely";
import { withSystemTask } from "../../db/acting.server.ts";
import { caseBox, reserveIds } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import type { JobDefinition } from "../jobs/job-runner.server.ts";
import { enqueueMail } from "../outbox/outbox.commands.server.ts";
import { outcomeDb } from "./outcome.db.ts";
import {
  addDays,
  allowsEmail,
  dueMoments,
  INVITATION_DAYS,
  type Moment,
  reminderDue,
  type Side,
} from "./outcome.rules.ts";
import { invitationMail } from "./outcome-mail.ts";
import { activeQuestionnaireId } from "./outcome-questions.server.ts";
import { issueToken, questionnaireLink } from "./outcome-tokens.server.ts";

type Db = Kysely<Database>;

export type InvitationRunResult = { invited: number; emailed: number; reminded: number };

async function followUpMonths(db: Db): Promise<number> {
  const row = await db
    .selectFrom("app_setting")
    .select("value")
    .where("key", "=", "outcomes.follow_up_months")
    .executeTakeFirst();
  const value = Number(row?.value);
  return Number.isInteger(value) && value >= 1 && value <= 24 ? value : 3;
}

/**
 * Invites every consenting person whose moment has come, by e-mail when they allow it (a
 * personal link through the outbox) and otherwise by a letter the mediator prints from the case;
 * then sends the one reminder where it is due. Nothing goes to a person whose consent is
 * withdrawn, nor to anyone in a case on legal hold (no invitation is made while it lasts). Runs as the system task "outcomes" (migration 0031).
 */
export async function runOutcomeInvitations(
  db: Db,
  options: { now: Date; publicUrl: URL },
): Promise<InvitationRunResult> {
  const { now, publicUrl } = options;
  const months = await followUpMonths(db);
  const result: InvitationRunResult = { invited: 0, emailed: 0, reminded: 0 };
  const candidates = await withSystemTask(db, "outcomes", async (trx) => {
    const { rows } = await sql<{
      case_id: number;
      party_id: number;
      side: Side;
      step: string;
      closed_at: Date | null;
      first_talk_on: string | null;
      moments: Moment[];
    }>`SELECT case_id, party_id, side, step, closed_at, to_char(first_talk_on, 'YYYY-MM-DD') AS first_talk_on, moments
       FROM outcome_candidates(${now})`.execute(trx);
    return rows;
  });
  for (const c of candidates) {
    const due = dueMoments(
      { step: c.step, closedAt: c.closed_at, firstTalkOn: c.first_talk_on, invited: c.moments },
      now,
      months,
    );
    for (const moment of due) {
      const sent = await invite(
        db,
        { caseId: Number(c.case_id), partyId: Number(c.party_id), side: c.side, moment },
        now,
        publicUrl,
      );
      if (sent !== undefined) {
        result.invited++;
        if (sent) result.emailed++;
      }
    }
  }
  result.reminded = await sendReminders(db, now, publicUrl);
  return result;
}

/** One invitation (in its own transaction); true when e-mailed, false for a letter, undefined when skipped. */
async function invite(
  db: Db,
  p: { caseId: number; partyId: number; side: Side; moment: Moment },
  now: Date,
  publicUrl: URL,
): Promise<boolean | undefined> {
  return withSystemTask(db, "outcomes", async (trx) => {
    const questionnaireId = await activeQuestionnaireId(trx, p.side);
    if (questionnaireId === undefined) return undefined;
    const o = outcomeDb(trx);
    await o
      .insertInto("outcome_participant")
      .values({ party_id: p.partyId, case_id: p.caseId })
      .onConflict((oc) => oc.column("party_id").doNothing())
      .execute();
    const [id] = (await reserveIds(trx, "outcome_invitation", 1)) as [number];
    const invitation = { id, case_id: p.caseId, expires_at: addDays(now, INVITATION_DAYS) };
    const added = await o
      .insertInto("outcome_invitation")
      .values({
        ...invitation,
        party_id: p.partyId,
        moment: p.moment,
        questionnaire_id: questionnaireId,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(["party_id", "moment"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!added) return undefined;
    const email = await partyEmail(trx, p.caseId, p.partyId, now);
    if (!email) return false;
    const token = await issueToken(trx, invitation, "link", now);
    const mail = invitationMail(questionnaireLink(publicUrl, token), invitation.expires_at, false);
    await enqueueMail(trx, {
      kind: "outcome.invitation",
      to: email,
      ...mail,
      relatedType: "case",
      relatedId: String(p.caseId),
    });
    await o.updateTable("outcome_invitation").set({ email_sent_at: now }).where("id", "=", id).execute();
    return true;
  });
}

/** The person's e-mail address when they allow e-mail (their sealed contact details, opened with the case key). */
async function partyEmail(
  trx: Parameters<Parameters<typeof withSystemTask>[2]>[0],
  caseId: number,
  partyId: number,
  now: Date,
) {
  // The candidates leave out people who withdrew and cases on legal hold (migration 0035).
  const { rows } = await sql<{ contact: Uint8Array | null }>`
    SELECT contact FROM outcome_candidates(${now}) WHERE party_id = ${partyId}`.execute(trx);
  const sealed = rows[0]?.contact;
  if (!sealed) return null;
  const box = await caseBox(trx, caseId);
  if (box.erased) return null;
  return allowsEmail(box.openJson("case_party.contact", partyId, sealed));
}

async function sendReminders(db: Db, now: Date, publicUrl: URL): Promise<number> {
  const open = await withSystemTask(db, "outcomes", (trx) =>
    outcomeDb(trx)
      .selectFrom("outcome_invitation")
      .select(["id", "case_id", "party_id", "email_sent_at", "reminder_sent_at", "completed_at", "expires_at"])
      .where("email_sent_at", "is not", null)
      .where("reminder_sent_at", "is", null)
      .where("completed_at", "is", null)
      .where("expires_at", ">", now)
      .execute(),
  );
  let sent = 0;
  for (const inv of open) {
    const due = reminderDue(
      {
        emailSentAt: inv.email_sent_at,
        reminderSentAt: inv.reminder_sent_at,
        completedAt: inv.completed_at,
        expiresAt: inv.expires_at,
      },
      now,
    );
    if (!due) continue;
    const done = await withSystemTask(db, "outcomes", async (trx) => {
      // Nothing after withdrawal or while the case is on legal hold: the candidates are only the
      // people who still consent, in cases not on hold.
      const email = await partyEmail(trx, Number(inv.case_id), Number(inv.party_id), now);
      if (!email) return false;
      const token = await issueToken(
        trx,
        { id: Number(inv.id), case_id: Number(inv.case_id), expires_at: inv.expires_at },
        "link",
        now,
      );
      const mail = invitationMail(questionnaireLink(publicUrl, token), inv.expires_at, true);
      await enqueueMail(trx, {
        kind: "outcome.reminder",
        to: email,
        ...mail,
        relatedType: "case",
        relatedId: String(inv.case_id),
      });
      await outcomeDb(trx)
        .updateTable("outcome_invitation")
        .set({ reminder_sent_at: now })
        .where("id", "=", inv.id)
        .execute();
      return true;
    });
    if (done) sent++;
  }
  return sent;
}

/** The background job: every 15 minutes, in one app instance at a time. */
export function outcomeInvitationsJob(publicUrl: URL, now: () => Date = () => new Date()): JobDefinition {
  return {
    name: "outcome-invitations",
    schedule: { everyMs: 15 * 60_000 },
    async run({ db, log }) {
      const result = await runOutcomeInvitations(db, { now: now(), publicUrl });
      if (result.invited || result.reminded) log.info(result, "outcome questionnaires: invitations and reminders");
    },
  };
}
