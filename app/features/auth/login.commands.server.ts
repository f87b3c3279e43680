import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { open } from "../../lib/secret-box.server.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { realAdministratorExists } from "../demo/demo-mode.server.ts";
import { verifyAgainstDummy, verifyPassword } from "./password.server.ts";
import { matchRecoveryCode } from "./recovery-codes.server.ts";
import { releaseAttempt, reserveAttempt } from "./throttle.server.ts";
import { verifyTotp } from "./totp.server.ts";

type Db = Kysely<Database>;

export type LoginInput = {
  email: string;
  password: string;
  origin: string;
  now: Date;
  secret: string;
  /** Demo mode: demo accounts may sign in even when a real administrator exists. */
  demoMode?: boolean;
};
export type LoginResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "invalid" | "throttled" | "demo_disabled" };

/**
 * First step of signing in. The answer never says whether the e-mail address exists: an unknown
 * address costs the same password check and gives the same message (no account enumeration).
 */
export async function checkPassword(db: Db, input: LoginInput): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  if (!(await reserveAttempt(db, input.secret, email, input.origin, input.now))) {
    await recordAudit(db, {
      actorId: null,
      action: "auth.password",
      result: "denied",
      origin: input.origin,
      reason: "throttled",
      at: input.now,
    });
    return { ok: false, reason: "throttled" };
  }
  const user = await db
    .selectFrom("staff_user")
    .select(["id", "password_hash", "status", "is_demo"])
    .where("email", "=", email)
    .executeTakeFirst();
  const valid =
    user?.password_hash && user.status === "active"
      ? await verifyPassword(user.password_hash, input.password)
      : await verifyAgainstDummy(input.password);
  if (!valid || !user) {
    await recordAudit(db, {
      actorId: user?.id ?? null,
      action: "auth.password",
      result: "denied",
      origin: input.origin,
      reason: user ? "wrong_password" : "unknown_account",
      at: input.now,
    });
    return { ok: false, reason: "invalid" };
  }
  // The demo accounts' password is published: once a real administrator exists they are off,
  // unless demo mode is on.
  if (user.is_demo && !input.demoMode && (await realAdministratorExists(db))) {
    await recordAudit(db, {
      actorId: user.id,
      action: "auth.password",
      result: "denied",
      origin: input.origin,
      reason: "demo_account_disabled",
      at: input.now,
    });
    return { ok: false, reason: "demo_disabled" };
  }
  await releaseAttempt(db, input.secret, email, input.origin, input.now);
  await recordAudit(db, {
    actorId: user.id,
    action: "auth.password",
    result: "allowed",
    origin: input.origin,
    at: input.now,
  });
  return { ok: true, userId: user.id };
}

export type SecondFactorInput = {
  userId: number;
  email: string;
  code: string;
  origin: string;
  now: Date;
  secret: string;
};
export type SecondFactorResult =
  | { ok: true; method: "totp" | "recovery" }
  | { ok: false; reason: "invalid" | "reused" | "throttled" };

/** Second step: a TOTP code (each accepted once) or an unused recovery code. */
export async function checkSecondFactor(db: Db, input: SecondFactorInput): Promise<SecondFactorResult> {
  if (!(await reserveAttempt(db, input.secret, input.email, input.origin, input.now))) {
    await recordAudit(db, {
      actorId: input.userId,
      action: "auth.second_factor",
      result: "denied",
      origin: input.origin,
      reason: "throttled",
      at: input.now,
    });
    return { ok: false, reason: "throttled" };
  }
  const user = await db
    .selectFrom("staff_user")
    .select(["totp_secret_enc", "totp_last_step"])
    .where("id", "=", input.userId)
    .where("status", "=", "active")
    .executeTakeFirst();
  const secret = user?.totp_secret_enc ? open(input.secret, "totp", user.totp_secret_enc) : undefined;
  const compact = input.code.replace(/\s/g, "");
  let result: SecondFactorResult = { ok: false, reason: "invalid" };
  if (secret && /^\d{6}$/.test(compact)) {
    const totp = verifyTotp({ secret, code: compact, now: input.now, lastUsedStep: user?.totp_last_step ?? null });
    if (totp.ok) {
      // Store the step only if no other request used it (or a later one) meanwhile: once means once.
      const updated = await db
        .updateTable("staff_user")
        .set({ totp_last_step: totp.step })
        .where("id", "=", input.userId)
        .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", totp.step)]))
        .executeTakeFirst();
      result = Number(updated.numUpdatedRows) === 1 ? { ok: true, method: "totp" } : { ok: false, reason: "reused" };
    } else if (totp.reason === "reused") {
      result = { ok: false, reason: "reused" };
    }
  } else if (compact.length >= 10) {
    result = await redeemRecoveryCode(db, input.userId, compact, input.now);
  }
  if (result.ok) await releaseAttempt(db, input.secret, input.email, input.origin, input.now);
  await recordAudit(db, {
    actorId: input.userId,
    action: "auth.second_factor",
    result: result.ok ? "allowed" : "denied",
    origin: input.origin,
    reason: result.ok ? result.method : result.reason,
    at: input.now,
  });
  return result;
}

async function redeemRecoveryCode(db: Db, userId: number, code: string, now: Date): Promise<SecondFactorResult> {
  const codes = await db
    .selectFrom("recovery_code")
    .select(["id", "code_hash"])
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .execute();
  const index = matchRecoveryCode(
    code,
    codes.map((c) => c.code_hash),
  );
  const match = index >= 0 ? codes[index] : undefined;
  if (!match) return { ok: false, reason: "invalid" };
  const used = await db
    .updateTable("recovery_code")
    .set({ used_at: now })
    .where("id", "=", match.id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? { ok: true, method: "recovery" } : { ok: false, reason: "reused" };
}
