import { newInlineKey } from "../db/data-keys.server.ts";

/**
 * Rows for tests that insert straight into tables whose content is sealed at rest (ADR 0017):
 * the values the app itself would store, with the row's own wrapped key.
 */
export function sealedDraftRow(id: string, expiresAt: Date, answers: Record<string, unknown> = {}) {
  const { box, wrapped } = newInlineKey("registration_draft", id);
  return {
    id,
    path: "self" as const,
    data_key: wrapped,
    answers: box.json("registration_draft.answers", id, answers),
    expires_at: expiresAt,
  };
}
