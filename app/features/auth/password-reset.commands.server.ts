import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Locale } from "../../lib/i18n/i18n.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { enqueueMail } from "../outbox/outbox.commands.server.ts";
import { linkFor, resetMail } from "./account-emails.ts";
import { RESET_VALID_MS } from "./accounts.commands.server.ts";
import { reserveAttempt } from "./throttle.server.ts";
import { newToken } from "./tokens.server.ts";

export type ResetRequest = {
  email: string;
  origin: string;
  now: Date;
  secret: string;
  locale: Locale;
  publicUrl: URL;
};

/**
 * A request for a reset link. The caller answers the same whatever happens (no account
 * enumeration); the audit log tells them apart: sent, unknown or inactive address, throttled.
 * Requests count towards the same limits as failed sign-ins, and are never given back.
 */
export async function requestPasswordReset(db: Kysely<Database>, input: ResetRequest): Promise<void> {
  const email = input.email.trim().toLowerCase().slice(0, 254);
  const audit = { action: "auth.reset_request", origin: input.origin, at: input.now } as const;
  if (!(await reserveAttempt(db, input.secret, email, input.origin, input.now))) {
    await recordAudit(db, { ...audit, actorId: null, result: "denied", reason: "throttled" });
    return;
  }
  const user = await db.selectFrom("staff_user").select(["id", "status"]).where("email", "=", email).executeTakeFirst();
  if (user?.status !== "active") {
    await recordAudit(db, {
      ...audit,
      actorId: user?.id ?? null,
      result: "denied",
      reason: user ? "inactive_account" : "unknown_account",
    });
    return;
  }
  await db.transaction().execute(async (trx) => {
    const { token, hash } = newToken();
    await trx
      .insertInto("auth_token")
      .values({
        token_hash: hash,
        user_id: user.id,
        purpose: "reset",
        created_at: input.now,
        expires_at: new Date(input.now.getTime() + RESET_VALID_MS),
      })
      .execute();
    const mail = resetMail(input.locale, linkFor(input.publicUrl, "reset", token));
    await enqueueMail(trx, {
      kind: "account.reset",
      to: email,
      subject: mail.subject,
      text: mail.text,
      relatedType: "staff_user",
    });
    await recordAudit(trx, { ...audit, actorId: user.id, result: "allowed" });
  });
}
