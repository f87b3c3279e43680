import { type Kysely, sql, type Transaction } from "kysely";
import { z } from "zod";
import { withStaffActor } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { type OutcomeDatabase, outcomeDb } from "./outcome.db.ts";
import type { Side } from "./outcome.rules.ts";

/**
 * New versions of a side's questions (ADR 0021, migration 0035): an administrator drafts a
 * version (a copy of the latest published one), changes its texts, adds and removes questions
 * (at most 12), and publishes it. From then on new invitations use it; the version before stays,
 * unchanged, for the answers given to it. A published version is never changed (the database
 * refuses it as well), and the figures count each question id, which belongs to one version, so
 * answers to different wordings never mix. Every change is audited.
 */
type Db = Kysely<Database>;
type Trx = Transaction<OutcomeDatabase>;

export const MAX_QUESTIONS = 12;

const text = z.string().trim().min(5, { error: "validation.tooShort" }).max(400);
const end = z.string().trim().min(1).max(100);

const questionShape = {
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z_]{1,40}$/),
  kind: z.enum(["scale", "open"]),
  textNl: text,
  textEn: text,
  lowNl: end.optional(),
  lowEn: end.optional(),
  highNl: end.optional(),
  highEn: end.optional(),
  better: z.enum(["higher", "lower"]).optional(),
};
const id = z.coerce.number().int().positive();

type Ends = { kind: string; lowNl?: string; lowEn?: string; highNl?: string; highEn?: string; better?: string };
/** A scale question needs both ends, in both languages, and which end is better. */
function scaleEnds(q: Ends, ctx: z.RefinementCtx) {
  if (q.kind !== "scale") return;
  for (const key of ["lowNl", "lowEn", "highNl", "highEn", "better"] as const)
    if (q[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: "validation.required" });
}
/** One question as the administrator's form sends it. */
export const draftQuestionForm = z.strictObject(questionShape).superRefine(scaleEnds);
/** The forms of the administrator's page, by intent. */
export const versionForms = {
  draft: z.strictObject({ side: z.enum(["victim", "offender"]) }),
  save: z.strictObject({ ...questionShape, questionnaireId: id, questionId: id }).superRefine(scaleEnds),
  add: z.strictObject({ ...questionShape, questionnaireId: id }).superRefine(scaleEnds),
  remove: z.strictObject({ questionnaireId: id, questionId: id }),
  publish: z.strictObject({ questionnaireId: id }),
  discard: z.strictObject({ questionnaireId: id }),
};
export type DraftQuestion = z.output<typeof draftQuestionForm>;

export type VersionProblem = "draft_exists" | "not_draft" | "too_many" | "no_scale" | "code_taken" | "not_found";
export type VersionResult<T = object> = ({ ok: true } & T) | { ok: false; problem: VersionProblem };

type Base = { origin: string; now: Date };

async function asAdministrator<T>(
  db: Db,
  actor: Actor,
  action: string,
  fn: (trx: Trx) => Promise<{ result: VersionResult<T>; objectId?: number }>,
): Promise<VersionResult<T>> {
  authorize(actor, "questionnaire.manage");
  return withStaffActor(db, actor, async (trx) => {
    const { result, objectId } = await fn(outcomeDb(trx) as Trx);
    if (result.ok)
      await recordAudit(trx, {
        actorId: actor.userId,
        action,
        objectType: "outcome_questionnaire",
        objectId,
        result: "allowed",
      });
    return result;
  });
}

async function draftOf(trx: Trx, questionnaireId: number) {
  return trx
    .selectFrom("outcome_questionnaire")
    .selectAll()
    .where("id", "=", questionnaireId)
    .where("published_at", "is", null)
    .forUpdate()
    .executeTakeFirst();
}

/** Starts a new version of a side as a copy of its latest published version. One draft per side at a time. */
export async function startDraft(
  db: Db,
  actor: Actor,
  input: Base & { side: Side },
): Promise<VersionResult<{ questionnaireId: number }>> {
  return asAdministrator<{ questionnaireId: number }>(db, actor, "questionnaire.draft", async (trx) => {
    const existing = await trx
      .selectFrom("outcome_questionnaire")
      .select("id")
      .where("side", "=", input.side)
      .where("published_at", "is", null)
      .executeTakeFirst();
    if (existing) return { result: { ok: false, problem: "draft_exists" } };
    const latest = await trx
      .selectFrom("outcome_questionnaire")
      .select(["id", "version"])
      .where("side", "=", input.side)
      .orderBy("version", "desc")
      .executeTakeFirst();
    const draft = await trx
      .insertInto("outcome_questionnaire")
      .values({
        side: input.side,
        version: (latest?.version ?? 0) + 1,
        active: false,
        introduced_on: input.now.toISOString().slice(0, 10),
        published_at: null,
        created_by: actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (latest) {
      await sql`
        INSERT INTO outcome_question (questionnaire_id, position, code, kind, text_nl, text_en, low_nl, low_en, high_nl, high_en, better)
        SELECT ${draft.id}, position, code, kind, text_nl, text_en, low_nl, low_en, high_nl, high_en, better
        FROM outcome_question WHERE questionnaire_id = ${latest.id} ORDER BY position`.execute(trx);
    }
    return { result: { ok: true, questionnaireId: draft.id }, objectId: draft.id };
  });
}

function columns(q: DraftQuestion) {
  const scale = q.kind === "scale";
  return {
    code: q.code,
    kind: q.kind,
    text_nl: q.textNl,
    text_en: q.textEn,
    low_nl: scale ? (q.lowNl ?? null) : null,
    low_en: scale ? (q.lowEn ?? null) : null,
    high_nl: scale ? (q.highNl ?? null) : null,
    high_en: scale ? (q.highEn ?? null) : null,
    better: scale ? (q.better ?? null) : null,
  };
}

async function codeTaken(trx: Trx, questionnaireId: number, code: string, except?: number) {
  let q = trx
    .selectFrom("outcome_question")
    .select("id")
    .where("questionnaire_id", "=", questionnaireId)
    .where("code", "=", code);
  if (except !== undefined) q = q.where("id", "<>", except);
  return (await q.executeTakeFirst()) !== undefined;
}

/** Changes one question of a draft. */
export async function saveDraftQuestion(
  db: Db,
  actor: Actor,
  input: Base & { questionnaireId: number; questionId: number; question: DraftQuestion },
): Promise<VersionResult> {
  return asAdministrator<object>(db, actor, "questionnaire.question_change", async (trx) => {
    if (!(await draftOf(trx, input.questionnaireId))) return { result: { ok: false, problem: "not_draft" } };
    if (await codeTaken(trx, input.questionnaireId, input.question.code, input.questionId))
      return { result: { ok: false, problem: "code_taken" } };
    const changed = await trx
      .updateTable("outcome_question")
      .set(columns(input.question))
      .where("id", "=", input.questionId)
      .where("questionnaire_id", "=", input.questionnaireId)
      .executeTakeFirst();
    if (changed.numUpdatedRows === 0n) return { result: { ok: false, problem: "not_found" } };
    return { result: { ok: true }, objectId: input.questionnaireId };
  });
}

/** Adds a question at the end of a draft (at most 12). */
export async function addDraftQuestion(
  db: Db,
  actor: Actor,
  input: Base & { questionnaireId: number; question: DraftQuestion },
): Promise<VersionResult> {
  return asAdministrator<object>(db, actor, "questionnaire.question_add", async (trx) => {
    if (!(await draftOf(trx, input.questionnaireId))) return { result: { ok: false, problem: "not_draft" } };
    const { count, last } = await trx
      .selectFrom("outcome_question")
      .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.max("position").as("last")])
      .where("questionnaire_id", "=", input.questionnaireId)
      .executeTakeFirstOrThrow();
    if (Number(count) >= MAX_QUESTIONS) return { result: { ok: false, problem: "too_many" } };
    if (await codeTaken(trx, input.questionnaireId, input.question.code))
      return { result: { ok: false, problem: "code_taken" } };
    await trx
      .insertInto("outcome_question")
      .values({
        questionnaire_id: input.questionnaireId,
        position: Number(last ?? 0) + 1,
        ...columns(input.question),
      })
      .execute();
    return { result: { ok: true }, objectId: input.questionnaireId };
  });
}

/** Removes a question from a draft; the ones after it move up. */
export async function removeDraftQuestion(
  db: Db,
  actor: Actor,
  input: Base & { questionnaireId: number; questionId: number },
): Promise<VersionResult> {
  return asAdministrator<object>(db, actor, "questionnaire.question_remove", async (trx) => {
    if (!(await draftOf(trx, input.questionnaireId))) return { result: { ok: false, problem: "not_draft" } };
    const removed = await trx
      .deleteFrom("outcome_question")
      .where("id", "=", input.questionId)
      .where("questionnaire_id", "=", input.questionnaireId)
      .returning("position")
      .executeTakeFirst();
    if (!removed) return { result: { ok: false, problem: "not_found" } };
    const after = await trx
      .selectFrom("outcome_question")
      .select(["id", "position"])
      .where("questionnaire_id", "=", input.questionnaireId)
      .where("position", ">", removed.position)
      .orderBy("position")
      .execute();
    for (const q of after)
      await trx
        .updateTable("outcome_question")
        .set({ position: q.position - 1 })
        .where("id", "=", q.id)
        .execute();
    return { result: { ok: true }, objectId: input.questionnaireId };
  });
}

/** Throws a draft away (nothing was ever answered to it). */
export async function discardDraft(
  db: Db,
  actor: Actor,
  input: Base & { questionnaireId: number },
): Promise<VersionResult> {
  return asAdministrator<object>(db, actor, "questionnaire.discard", async (trx) => {
    if (!(await draftOf(trx, input.questionnaireId))) return { result: { ok: false, problem: "not_draft" } };
    await trx.deleteFrom("outcome_question").where("questionnaire_id", "=", input.questionnaireId).execute();
    await trx.deleteFrom("outcome_questionnaire").where("id", "=", input.questionnaireId).execute();
    return { result: { ok: true }, objectId: input.questionnaireId };
  });
}

/**
 * Publishes a draft: it becomes the side's active version (new invitations use it) and can no
 * longer change; the version before stays as it is, for its answers. Needs at least one scale
 * question.
 */
export async function publishDraft(
  db: Db,
  actor: Actor,
  input: Base & { questionnaireId: number },
): Promise<VersionResult> {
  return asAdministrator<object>(db, actor, "questionnaire.publish", async (trx) => {
    const draft = await draftOf(trx, input.questionnaireId);
    if (!draft) return { result: { ok: false, problem: "not_draft" } };
    const kinds = await trx
      .selectFrom("outcome_question")
      .select("kind")
      .where("questionnaire_id", "=", input.questionnaireId)
      .execute();
    if (kinds.length > MAX_QUESTIONS) return { result: { ok: false, problem: "too_many" } };
    if (!kinds.some((k) => k.kind === "scale")) return { result: { ok: false, problem: "no_scale" } };
    await trx
      .updateTable("outcome_questionnaire")
      .set({ active: false })
      .where("side", "=", draft.side)
      .where("active", "=", true)
      .execute();
    await trx
      .updateTable("outcome_questionnaire")
      .set({
        active: true,
        published_at: input.now,
        published_by: actor.userId,
        introduced_on: input.now.toLocaleDateString("sv-SE", { timeZone: "Europe/Amsterdam" }),
      })
      .where("id", "=", input.questionnaireId)
      .execute();
    return { result: { ok: true }, objectId: input.questionnaireId };
  });
}
