import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { open, seal } from "../../lib/secret-box.server.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { requestAccessForNewUser } from "./access-grants.commands.server.ts";
import { checkPasswordPolicy, hashPassword } from "./password.server.ts";
import { hashRecoveryCode, newRecoveryCodes } from "./recovery-codes.server.ts";
import type { Role } from "./roles.ts";
import { endAllSessions } from "./session.server.ts";
import { hashToken, newToken } from "./tokens.server.ts";
import { newTotpSecret, verifyTotp } from "./totp.server.ts";

type Db = Kysely<Database>;

/** An invitation link is valid for a week; a password-reset link for 30 minutes. */
export const INVITE_VALID_MS = 7 * 24 * 3600 * 1000;
export const RESET_VALID_MS = 30 * 60 * 1000;

export type AuditOrigin = { actorId: number | null; origin: string; now: Date };

export class AccountError extends Error {
  readonly code: "email_taken" | "password_policy" | "token_invalid" | "code_invalid";
  readonly detail?: string;
  constructor(code: AccountError["code"], detail?: string) {
    super(code);
    this.name = "AccountError";
    this.code = code;
    this.detail = detail;
  }
}

/** Creates an invited account and returns the token of its single-use set-up link. */
export async function inviteUser(
  db: Db,
  input: {
    email: string;
    displayName: string;
    roles: Role[];
    regionIds: number[];
    /** Access that waits for a second administrator (the app's invitations; see access-grants). */
    requested?: { roles: Role[]; regionIds: number[] };
  } & AuditOrigin,
): Promise<{ userId: number; token: string }> {
  const email = input.email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("staff_user").select("id").where("email", "=", email).executeTakeFirst();
    if (existing) throw new AccountError("email_taken");
    const user = await trx
      .insertInto("staff_user")
      .values({ email, display_name: input.displayName.trim(), created_at: input.now })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.roles.length > 0) {
      await trx
        .insertInto("staff_role")
        .values(input.roles.map((role) => ({ user_id: user.id, role })))
        .execute();
    }
    if (input.regionIds.length > 0) {
      await trx
        .insertInto("staff_region")
        .values(input.regionIds.map((region_id) => ({ user_id: user.id, region_id })))
        .execute();
    }
    const { token, hash } = newToken();
    await trx
      .insertInto("auth_token")
      .values({
        token_hash: hash,
        user_id: user.id,
        purpose: "invite",
        created_at: input.now,
        expires_at: new Date(input.now.getTime() + INVITE_VALID_MS),
      })
      .execute();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "user.invite",
      objectType: "staff_user",
      objectId: user.id,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
    if (input.requested && input.actorId !== null) {
      await requestAccessForNewUser(trx, {
        ...input.requested,
        actorId: input.actorId,
        userId: user.id,
        origin: input.origin,
        now: input.now,
      });
    }
    return { userId: user.id, token };
  });
}

/** An invitation or reset link that is unknown, used or expired: on record, without the token. */
export async function recordInvalidLink(
  db: Db,
  input: { purpose: "invite" | "reset"; origin: string; now: Date },
): Promise<void> {
  await recordAudit(db, {
    actorId: null,
    action: input.purpose === "invite" ? "auth.invite_link" : "auth.reset_link",
    result: "denied",
    reason: "invalid_or_used",
    origin: input.origin,
    at: input.now,
  });
}

/** The account behind an unused, unexpired link. */
export async function findLinkAccount(db: Db, token: string, purpose: "invite" | "reset", now: Date) {
  return db
    .selectFrom("auth_token as t")
    .innerJoin("staff_user as u", "u.id", "t.user_id")
    .select(["u.id", "u.email", "u.display_name", "u.status"])
    .where("t.token_hash", "=", hashToken(token))
    .where("t.purpose", "=", purpose)
    .where("t.used_at", "is", null)
    .where("t.expires_at", ">", now)
    .where("u.status", "!=", "deactivated")
    .executeTakeFirst();
}

/**
 * Sets the password from an invitation or reset link and uses the link up. A reset ends every
 * session; it never skips the second factor: the next sign-in still asks for it.
 */
export async function setPasswordWithLink(
  db: Db,
  input: { token: string; purpose: "invite" | "reset"; password: string; origin: string; now: Date },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const account = await findLinkAccount(trx, input.token, input.purpose, input.now);
    if (!account) throw new AccountError("token_invalid");
    const policy = checkPasswordPolicy(input.password, { email: account.email, name: account.display_name });
    if (!policy.ok) throw new AccountError("password_policy", policy.reason);
    const used = await trx
      .updateTable("auth_token")
      .set({ used_at: input.now })
      .where("token_hash", "=", hashToken(input.token))
      .where("used_at", "is", null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new AccountError("token_invalid");
    await trx
      .updateTable("staff_user")
      .set({ password_hash: await hashPassword(input.password), status: "active" })
      .where("id", "=", account.id)
      .execute();
    if (input.purpose === "reset") await endAllSessions(trx, account.id, input.now);
    await recordAudit(trx, {
      actorId: account.id,
      action: input.purpose === "invite" ? "user.activate" : "auth.password_reset",
      objectType: "staff_user",
      objectId: account.id,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
    return account.id;
  });
}

/** The TOTP secret being set up (made on first call), or undefined when one is already confirmed. */
export async function pendingTotpSecret(db: Db, userId: number, appSecret: string): Promise<string | undefined> {
  const user = await db
    .selectFrom("staff_user")
    .select(["totp_secret_enc", "totp_confirmed_at"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  if (user.totp_confirmed_at) return undefined;
  const existing = user.totp_secret_enc ? open(appSecret, "totp", user.totp_secret_enc) : undefined;
  if (existing) return existing;
  const secret = newTotpSecret();
  await db
    .updateTable("staff_user")
    .set({ totp_secret_enc: seal(appSecret, "totp", secret) })
    .where("id", "=", userId)
    .execute();
  return secret;
}

/** Confirms the authenticator with a first code; returns fresh recovery codes to show once. */
export async function confirmTotp(
  db: Db,
  input: { userId: number; code: string; appSecret: string; origin: string; now: Date },
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("staff_user")
      .select(["totp_secret_enc", "totp_confirmed_at"])
      .where("id", "=", input.userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const secret = user.totp_secret_enc ? open(input.appSecret, "totp", user.totp_secret_enc) : undefined;
    const result = secret ? verifyTotp({ secret, code: input.code, now: input.now, lastUsedStep: null }) : undefined;
    if (user.totp_confirmed_at || !result?.ok) {
      await recordAudit(trx, {
        actorId: input.userId,
        action: "auth.totp_setup",
        result: "denied",
        origin: input.origin,
        reason: "invalid",
        at: input.now,
      });
      throw new AccountError("code_invalid");
    }
    await trx
      .updateTable("staff_user")
      .set({ totp_confirmed_at: input.now, totp_last_step: result.step })
      .where("id", "=", input.userId)
      .execute();
    const codes = newRecoveryCodes();
    await trx.deleteFrom("recovery_code").where("user_id", "=", input.userId).execute();
    await trx
      .insertInto("recovery_code")
      .values(codes.map((c) => ({ user_id: input.userId, code_hash: hashRecoveryCode(c) })))
      .execute();
    await recordAudit(trx, {
      actorId: input.userId,
      action: "auth.totp_setup",
      objectType: "staff_user",
      objectId: input.userId,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
    return codes;
  });
}

/** Deactivates an account; its sessions end at once. */
export async function deactivateUser(db: Db, input: { userId: number } & AuditOrigin): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("staff_user")
      .set({ status: "deactivated", deactivated_at: input.now })
      .where("id", "=", input.userId)
      .execute();
    await endAllSessions(trx, input.userId, input.now);
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "user.deactivate",
      objectType: "staff_user",
      objectId: input.userId,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
  });
}
