import { randomBytes } from "node:crypto";
import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { hashToken, newToken } from "../auth/tokens.server.ts";
import { outcomeDb } from "./outcome.db.ts";
import { codeFromBytes } from "./outcome.rules.ts";

/**
 * Links and letter codes for a questionnaire. Each works once and only until the invitation
 * expires; the database keeps only the SHA-256 of each (as for sign-in links).
 */
export async function issueToken(
  trx: Transaction<Database>,
  invitation: { id: number; case_id: number; expires_at: Date },
  kind: "link" | "code",
  now: Date,
): Promise<string> {
  const token = kind === "link" ? newToken().token : codeFromBytes(randomBytes(16));
  await outcomeDb(trx)
    .insertInto("outcome_token")
    .values({
      token_hash: hashToken(token),
      invitation_id: invitation.id,
      case_id: invitation.case_id,
      kind,
      created_at: now,
      expires_at: invitation.expires_at,
    })
    .execute();
  return token;
}

/** The address of the questionnaire for a link token. */
export function questionnaireLink(publicUrl: URL, token: string): string {
  return new URL(`/vragenlijst/${token}`, publicUrl).toString();
}
