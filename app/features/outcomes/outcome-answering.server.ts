import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import { withOutcomeInvitation } from "../../db/acting.server.ts";
import { caseBox } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import type { Locale } from "../../lib/i18n/i18n.ts";
import { keyRing } from "../../lib/keys/key-ring.server.ts";
import { hashToken, isTokenShaped } from "../auth/tokens.server.ts";
import { outcomeDb } from "./outcome.db.ts";
import { ANSWER_SESSION_MINUTES, normaliseCode } from "./outcome.rules.ts";
import { type AnswerInput, DECLINED, type ScoreInput } from "./outcome-answers.schema.ts";
import { questionsOf, type ShownQuestion } from "./outcome-questions.server.ts";
import { issueToken } from "./outcome-tokens.server.ts";

/**
 * The person answering, without an account: a link or letter code is redeemed once for a
 * short-lived signed cookie naming the invitation; every later request checks again that the
 * invitation is open and that the person still consents. Everything runs with the invitation set
 * for the transaction, so row-level security lets it reach only its own rows.
 */
type Db = Kysely<Database>;
export type Via = "link" | "code";

export async function redeem(db: Db, secret: string, via: Via, now: Date): Promise<number | undefined> {
  const token = via === "link" ? (isTokenShaped(secret) ? secret : undefined) : normaliseCode(secret);
  if (!token) return undefined;
  const { rows } = await sql<{ invitation_id: number }>`
    SELECT invitation_id FROM outcome_redeem_token(${hashToken(token)}, ${now})`.execute(db);
  const id = rows[0] ? Number(rows[0].invitation_id) : undefined;
  if (id === undefined) return undefined;
  await withOutcomeInvitation(db, id, (trx) =>
    outcomeDb(trx)
      .updateTable("outcome_invitation")
      .set({ started_at: now })
      .where("id", "=", id)
      .where("started_at", "is", null)
      .execute(),
  );
  return id;
}

const sessionKey = () => Buffer.from(hkdfSync("sha256", keyRing().appSecret, "", "herstel-outcome-session", 32));
const mac = (payload: string) => createHmac("sha256", sessionKey()).update(payload).digest("base64url");

export function answerCookieName(secure: boolean): string {
  return secure ? "__Host-herstel_vragenlijst" : "herstel_vragenlijst";
}

/** The cookie's value: invitation, how it was opened, until when; signed with a key from APP_SECRET. */
export function signAnswerSession(invitationId: number, via: Via, now: Date): string {
  const payload = `${invitationId}.${via}.${now.getTime() + ANSWER_SESSION_MINUTES * 60_000}`;
  return `${payload}.${mac(payload)}`;
}

export function readAnswerSession(
  value: string | undefined,
  now: Date,
): { invitationId: number; via: Via } | undefined {
  const match = value ? /^(\d{1,15})\.(link|code)\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  if (!match) return undefined;
  const [, id, via, until, signature] = match as unknown as [string, string, Via, string, string];
  const expected = Buffer.from(mac(`${id}.${via}.${until}`));
  if (expected.length !== signature.length || !timingSafeEqual(expected, Buffer.from(signature))) return undefined;
  if (Number(until) <= now.getTime()) return undefined;
  return { invitationId: Number(id), via };
}

export type AnswerState =
  | { status: "unavailable" }
  | {
      status: "open" | "completed";
      moment: string;
      expiresAt: Date;
      questions: ShownQuestion[];
      scores: Record<number, ScoreInput>;
      open: string;
    };

/** The questionnaire of this invitation with what was saved; unavailable when expired, gone or consent withdrawn. */
export async function answerState(db: Db, invitationId: number, locale: Locale, now: Date): Promise<AnswerState> {
  return withOutcomeInvitation(db, invitationId, async (trx) => {
    const inv = await openInvitation(trx, invitationId, now);
    if (!inv) return { status: "unavailable" as const };
    const questions = await questionsOf(trx, inv.questionnaire_id, locale);
    const answers = await outcomeDb(trx)
      .selectFrom("outcome_answer")
      .select(["question_id", "score", "declined"])
      .where("invitation_id", "=", invitationId)
      .execute();
    const scores: Record<number, ScoreInput> = {};
    for (const a of answers) scores[a.question_id] = a.declined ? DECLINED : (a.score as number);
    const box = inv.open_answer ? await caseBox(trx, Number(inv.case_id)) : undefined;
    return {
      status: inv.completed_at ? ("completed" as const) : ("open" as const),
      moment: inv.moment,
      expiresAt: inv.expires_at,
      questions,
      scores,
      open: box ? box.openOptionalText("outcome_invitation.open_answer", invitationId, inv.open_answer) : "",
    };
  });
}

async function openInvitation(trx: Transaction<Database>, invitationId: number, now: Date) {
  const inv = await outcomeDb(trx)
    .selectFrom("outcome_invitation")
    .selectAll()
    .where("id", "=", invitationId)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  if (!inv) return undefined;
  const { rows } = await sql<{ ok: boolean }>`SELECT outcome_consent_given(${inv.party_id}) AS ok`.execute(trx);
  return rows[0]?.ok ? inv : undefined;
}

/** Writes the answers of one questionnaire (replacing what was saved); the open answer sealed with the case key. */
export async function writeAnswers(
  trx: Transaction<Database>,
  inv: { id: number; case_id: number },
  input: AnswerInput,
): Promise<void> {
  const o = outcomeDb(trx);
  await o.deleteFrom("outcome_answer").where("invitation_id", "=", inv.id).execute();
  const rows = [...input.scores].map(([questionId, score]) => ({
    invitation_id: inv.id,
    question_id: questionId,
    case_id: inv.case_id,
    score: score === DECLINED ? null : score,
    declined: score === DECLINED,
  }));
  if (rows.length > 0) await o.insertInto("outcome_answer").values(rows).execute();
  const box = await caseBox(trx, inv.case_id);
  await o
    .updateTable("outcome_invitation")
    .set({ open_answer: box.optionalText("outcome_invitation.open_answer", inv.id, input.open) })
    .where("id", "=", inv.id)
    .execute();
}

export type SaveResult = { ok: true; code?: string } | { ok: false; reason: "unavailable" | "completed" };

/**
 * Saves the person's answers. `finish` sends them in (no more changes); `later` keeps them and
 * gives a new single-use code to carry on with before the invitation expires.
 */
export async function saveAnswers(
  db: Db,
  session: { invitationId: number; via: Via },
  input: AnswerInput,
  action: "finish" | "later",
  now: Date,
): Promise<SaveResult> {
  return withOutcomeInvitation(db, session.invitationId, async (trx) => {
    const inv = await openInvitation(trx, session.invitationId, now);
    if (!inv) return { ok: false as const, reason: "unavailable" as const };
    if (inv.completed_at) return { ok: false as const, reason: "completed" as const };
    const scaleIds = new Set(
      (await questionsOf(trx, inv.questionnaire_id, "nl")).filter((q) => q.kind === "scale").map((q) => q.id),
    );
    const scores = new Map([...input.scores].filter(([id]) => scaleIds.has(id)));
    await writeAnswers(trx, { id: Number(inv.id), case_id: Number(inv.case_id) }, { scores, open: input.open });
    if (action === "finish") {
      await outcomeDb(trx)
        .updateTable("outcome_invitation")
        .set({ completed_at: now, answered_via: session.via })
        .where("id", "=", inv.id)
        .execute();
      return { ok: true as const };
    }
    const code = await issueToken(
      trx,
      { id: Number(inv.id), case_id: Number(inv.case_id), expires_at: inv.expires_at },
      "code",
      now,
    );
    return { ok: true as const, code };
  });
}
