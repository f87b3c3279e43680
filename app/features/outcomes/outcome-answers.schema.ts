import { z } from "zod";

/**
 * The questionnaire form, for the person (by link or code) and for the mediator (answers given
 * on paper or by phone). Each scale question is a field `q<id>` holding 0–10 or "declined"; any
 * question may be left empty. The open answer is `open`.
 */
export const OPEN_ANSWER_MAX = 2000;
export const DECLINED = "declined";

export type ScoreInput = number | typeof DECLINED;
export type AnswerInput = { scores: Map<number, ScoreInput>; open: string };

const scoreValue = z.union([
  z.literal(DECLINED),
  z
    .string()
    .regex(/^(10|[0-9])$/)
    .transform(Number),
]);

/**
 * Reads the answers from the form for these question ids; unknown fields and bad values are
 * named (the form is shown again with them, nothing is lost).
 */
export function parseAnswers(
  values: Record<string, unknown>,
  scaleIds: readonly number[],
  extra: readonly string[] = [],
): { ok: true; data: AnswerInput } | { ok: false; fields: string[]; data: AnswerInput } {
  const scores = new Map<number, ScoreInput>();
  const bad: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (key === "open" || extra.includes(key)) continue;
    const match = /^q(\d{1,9})$/.exec(key);
    const id = match ? Number(match[1]) : Number.NaN;
    if (!scaleIds.includes(id)) {
      bad.push(key);
      continue;
    }
    const parsed = scoreValue.safeParse(value);
    if (parsed.success) scores.set(id, parsed.data);
    else bad.push(key);
  }
  const open = typeof values.open === "string" ? values.open.trim() : "";
  if (open.length > OPEN_ANSWER_MAX) bad.push("open");
  // What was right is kept, so that the form shows it again with the problems named.
  if (bad.length > 0) return { ok: false, fields: bad, data: { scores, open: open.slice(0, OPEN_ANSWER_MAX * 2) } };
  return { ok: true, data: { scores, open } };
}
