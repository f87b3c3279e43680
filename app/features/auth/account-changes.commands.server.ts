import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Locale } from "../../lib/i18n/i18n.ts";
import { open, seal } from "../../lib/secret-box.server.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { enqueueMail } from "../outbox/outbox.commands.server.ts";
import { emailChangedMail } from "./account-emails.ts";
import { type ReauthResult, reauthenticate } from "./reauth.server.ts";
import { hashRecoveryCode, newRecoveryCodes } from "./recovery-codes.server.ts";
import { endOtherSessions, REAUTH_VALID_MS } from "./session.server.ts";
import { hashToken } from "./tokens.server.ts";
import { newTotpSecret, verifyTotp } from "./totp.server.ts";

type Db = Kysely<Database>;

/** Who is changing their own account, from which session, and what re-authentication needs. */
export type OwnAccount = {
  userId: number;
  email: string;
  sessionToken: string;
  password: string;
  code: string;
  origin: string;
  now: Date;
  secret: string;
};

type Refused = Extract<ReauthResult, { ok: false }>;

/**
 * Changes one's own e-mail address (the sign-in name) after the password and a fresh code
 * (docs/security.md 12). An address in use by another account is refused with the same words as an
 * invalid one, so the form cannot be used to find out who has an account.
 */
export async function changeOwnEmail(
  db: Db,
  input: OwnAccount & { newEmail: string; locale: Locale },
): Promise<{ ok: true; oldEmail: string } | Refused | { ok: false; field: "newEmail"; reason: "taken" }> {
  const newEmail = input.newEmail.trim().toLowerCase();
  const checked = await reauthenticate(db, input);
  if (!checked.ok) return checked;
  const taken = await db.selectFrom("staff_user").select("id").where("email", "=", newEmail).executeTakeFirst();
  if (taken) {
    await recordAudit(db, {
      actorId: input.userId,
      action: "auth.email_change",
      objectType: "staff_user",
      objectId: input.userId,
      result: "denied",
      reason: taken.id === input.userId ? "unchanged" : "taken",
      origin: input.origin,
      at: input.now,
    });
    return { ok: false, field: "newEmail", reason: "taken" };
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("staff_user").set({ email: newEmail }).where("id", "=", input.userId).execute();
    const notice = emailChangedMail(input.locale, newEmail);
    await enqueueMail(trx, {
      kind: "account.email_changed",
      to: input.email,
      subject: notice.subject,
      text: notice.text,
      relatedType: "staff_user",
    });
    await endOtherSessions(trx, input.userId, input.sessionToken, input.now);
    await recordAudit(trx, {
      actorId: input.userId,
      action: "auth.email_change",
      objectType: "staff_user",
      objectId: input.userId,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
  });
  return { ok: true, oldEmail: input.email };
}

/**
 * Starts setting up a new authenticator, after the password and a code from the current one. The
 * new secret waits next to the old one, which stays in force until the new one gives a code.
 */
export async function startTotpChange(db: Db, input: OwnAccount): Promise<{ ok: true } | Refused> {
  const checked = await reauthenticate(db, input);
  if (!checked.ok) return checked;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("staff_user")
      .set({ totp_pending_enc: seal(input.secret, "totp", newTotpSecret()), totp_pending_at: input.now })
      .where("id", "=", input.userId)
      .execute();
    await trx
      .updateTable("staff_session")
      .set({ reauthenticated_at: input.now })
      .where("id_hash", "=", hashToken(input.sessionToken))
      .execute();
    await recordAudit(trx, {
      actorId: input.userId,
      action: "auth.totp_change_start",
      objectType: "staff_user",
      objectId: input.userId,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
  });
  return { ok: true };
}

/** The new secret being set up, while the re-authentication that started it is recent enough. */
export async function pendingTotpChange(
  db: Db,
  input: { userId: number; reauthenticatedAt: Date | null; now: Date; secret: string },
): Promise<string | undefined> {
  if (!input.reauthenticatedAt || input.now.getTime() - input.reauthenticatedAt.getTime() > REAUTH_VALID_MS) {
    return undefined;
  }
  const user = await db
    .selectFrom("staff_user")
    .select(["totp_pending_enc", "totp_pending_at"])
    .where("id", "=", input.userId)
    .executeTakeFirst();
  if (!user?.totp_pending_enc || !user.totp_pending_at) return undefined;
  if (input.now.getTime() - user.totp_pending_at.getTime() > REAUTH_VALID_MS) return undefined;
  return open(input.secret, "totp", user.totp_pending_enc);
}

/**
 * Confirms the new authenticator with its first code: it replaces the old one, the recovery
 * codes are new (returned to show once), and every other session ends.
 */
export async function confirmTotpChange(
  db: Db,
  input: {
    userId: number;
    sessionToken: string;
    reauthenticatedAt: Date | null;
    code: string;
    origin: string;
    now: Date;
    secret: string;
  },
): Promise<{ ok: true; codes: string[] } | { ok: false; reason: "expired" | "invalid" }> {
  const pending = await pendingTotpChange(db, input);
  const audit = {
    actorId: input.userId,
    action: "auth.totp_change",
    objectType: "staff_user",
    objectId: input.userId,
    origin: input.origin,
    at: input.now,
  } as const;
  if (!pending) {
    await recordAudit(db, { ...audit, result: "denied", reason: "expired" });
    return { ok: false, reason: "expired" };
  }
  const verified = verifyTotp({
    secret: pending,
    code: input.code.replace(/\s/g, ""),
    now: input.now,
    lastUsedStep: null,
  });
  if (!verified.ok) {
    await recordAudit(db, { ...audit, result: "denied", reason: "invalid" });
    return { ok: false, reason: "invalid" };
  }
  const codes = newRecoveryCodes();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("staff_user")
      .set({
        totp_secret_enc: seal(input.secret, "totp", pending),
        totp_last_step: verified.step,
        totp_confirmed_at: input.now,
        totp_pending_enc: null,
        totp_pending_at: null,
      })
      .where("id", "=", input.userId)
      .execute();
    await trx.deleteFrom("recovery_code").where("user_id", "=", input.userId).execute();
    await trx
      .insertInto("recovery_code")
      .values(codes.map((c) => ({ user_id: input.userId, code_hash: hashRecoveryCode(c) })))
      .execute();
    await endOtherSessions(trx, input.userId, input.sessionToken, input.now);
    await recordAudit(trx, { ...audit, result: "allowed" });
  });
  return { ok: true, codes };
}
