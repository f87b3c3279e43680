import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import type { PartnerAuth } from "../partner-api/api-keys.server.ts";
import { withPartner } from "../partner-api/partner-acting.server.ts";
import { referrerLabel } from "./referrer-accounts.commands.server.ts";
import { withReferrer } from "./referrer-acting.server.ts";

type Db = Kysely<Database>;

/** How long a referral sent by mistake can be withdrawn (and only until it is taken up). */
export const WITHDRAW_WINDOW_MS = 24 * 60 * 60 * 1000;

export type WithdrawOutcome = "withdrawn" | "not_found" | "taken_up" | "too_late" | "on_hold";

/** Whether the referrers' list offers withdrawal: own, recent, and not known to be taken up. */
export function mayOfferWithdrawal(row: { own: boolean; receivedAt: Date; status: string | null }, now: Date) {
  return (
    row.own &&
    row.status !== "taken_up" &&
    row.status !== "closed" &&
    now.getTime() - row.receivedAt.getTime() < WITHDRAW_WINDOW_MS
  );
}

/**
 * Withdraws a referral sent by mistake (withdraw_referral() in the database decides: the sender's
 * or the organisation's own, within 24 hours, not taken up). It is deleted, with its unsent
 * e-mail; the audit log keeps that it was withdrawn, by whom and when, and never its content.
 */
async function withdraw(trx: Kysely<Database>, reference: string): Promise<WithdrawOutcome> {
  if (!/^HB-\d{4}-\d{6}$/.test(reference)) return "not_found";
  const { rows } = await sql<{ outcome: WithdrawOutcome }>`SELECT withdraw_referral(${reference}) AS outcome`.execute(
    trx,
  );
  return rows[0]?.outcome ?? "not_found";
}

export async function withdrawReferral(
  db: Db,
  referrerId: number,
  input: { reference: string; origin: string; now: Date },
): Promise<WithdrawOutcome> {
  return withReferrer(db, referrerId, async (trx) => {
    const outcome = await withdraw(trx, input.reference);
    await recordAudit(trx, {
      actorId: null,
      actorLabel: referrerLabel(referrerId),
      action: "referrer.referral_withdraw",
      objectType: "referral",
      objectId: input.reference.slice(0, 20),
      result: outcome === "withdrawn" ? "allowed" : "denied",
      reason: outcome === "withdrawn" ? undefined : outcome,
      origin: input.origin,
      at: input.now,
    });
    return outcome;
  });
}

export async function withdrawPartnerReferral(
  db: Db,
  auth: PartnerAuth,
  input: { reference: string; origin: string; now: Date },
): Promise<WithdrawOutcome> {
  return withPartner(db, auth.organisationId, async (trx) => {
    const outcome = await withdraw(trx, input.reference);
    await recordAudit(trx, {
      actorId: null,
      actorLabel: `partner-key:${auth.keyId}`,
      action: "partner.referral_withdraw",
      objectType: "referral",
      objectId: input.reference.slice(0, 20),
      result: outcome === "withdrawn" ? "allowed" : "denied",
      reason: outcome === "withdrawn" ? undefined : outcome,
      origin: input.origin,
      at: input.now,
    });
    return outcome;
  });
}
