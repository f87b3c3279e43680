import { randomBytes } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import { inTransaction, withStaffActor } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { open, seal } from "../../lib/secret-box.server.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import type { JobDefinition } from "../jobs/job-runner.server.ts";
import { nextAttemptDelayMs } from "../outbox/outbox.rules.ts";
import { referrerLabel } from "../referrers/referrer-accounts.commands.server.ts";
import { withReferrer } from "../referrers/referrer-acting.server.ts";
import {
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  signatureHeader,
  WEBHOOK_MAX_ATTEMPTS,
  webhookBody,
  webhookUrlProblem,
} from "./webhooks.rules.ts";

type Db = Kysely<Database>;

/** Who registers or revokes an endpoint: staff who manage organisations, or the contact person. */
export type WebhookManager = { staff: Actor } | { referrerId: number };

function asManager<T>(db: Db, by: WebhookManager, fn: (trx: Transaction<Database>) => Promise<T>) {
  if ("staff" in by) {
    authorize(by.staff, "referrer-organisation.manage");
    return withStaffActor(db, by.staff, fn);
  }
  return withReferrer(db, by.referrerId, fn);
}

function managerAudit(by: WebhookManager) {
  return "staff" in by
    ? { actorId: by.staff.userId, actorLabel: undefined }
    : { actorId: null, actorLabel: referrerLabel(by.referrerId) };
}

export type WebhookOptions = { appSecret: string; allowLoopbackHttp?: boolean };

/**
 * Registers an HTTPS endpoint for the organisation's status changes. The signing secret is made
 * here and returned once (only a sealed copy is kept, to sign with). The contact person can only
 * reach their own organisation (row-level security: referrer_contact_organisation()).
 */
export async function createWebhook(
  db: Db,
  by: WebhookManager,
  input: { organisationId: number; url: string; origin: string; now: Date } & WebhookOptions,
): Promise<{ ok: true; id: number; secret: string } | { ok: false; problem: "invalid" | "https" }> {
  const problem = webhookUrlProblem(input.url.trim(), input.allowLoopbackHttp);
  if (problem) return { ok: false, problem };
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  return asManager(db, by, async (trx) => {
    const organisation = await trx
      .selectFrom("referrer_organisation")
      .select("status")
      .where("id", "=", input.organisationId)
      .executeTakeFirst();
    const allowed =
      organisation?.status === "approved" &&
      ("staff" in by ||
        (await sql<{ id: number | null }>`SELECT referrer_contact_organisation() AS id`.execute(trx)).rows[0]?.id ===
          input.organisationId);
    if (!allowed) throw new DomainError(ErrorCode.NotFound, "no approved organisation of this manager");
    const row = await trx
      .insertInto("partner_webhook")
      .values({
        organisation_id: input.organisationId,
        url: input.url.trim(),
        secret_enc: seal(input.appSecret, "webhook", secret),
        created_at: input.now,
        created_by_staff: "staff" in by ? by.staff.userId : null,
        created_by_referrer: "referrerId" in by ? by.referrerId : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      ...managerAudit(by),
      action: "partner_webhook.create",
      objectType: "partner_webhook",
      objectId: row.id,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
    return { ok: true as const, id: row.id, secret };
  });
}

/** Staff reach every organisation's endpoints; a contact person only their own organisation's. */
const CONTACT_ORGANISATION = sql<number>`referrer_contact_organisation()`;

export async function revokeWebhook(db: Db, by: WebhookManager, input: { id: number; origin: string; now: Date }) {
  return asManager(db, by, async (trx) => {
    let query = trx.updateTable("partner_webhook").set({ revoked_at: input.now }).where("id", "=", input.id);
    if ("referrerId" in by) query = query.where("organisation_id", "=", CONTACT_ORGANISATION);
    const revoked = await query.where("revoked_at", "is", null).executeTakeFirst();
    const ok = Number(revoked.numUpdatedRows) === 1;
    await recordAudit(trx, {
      ...managerAudit(by),
      action: "partner_webhook.revoke",
      objectType: "partner_webhook",
      objectId: input.id,
      result: ok ? "allowed" : "denied",
      origin: input.origin,
      at: input.now,
    });
    return ok;
  });
}

export async function listWebhooks(db: Db, by: WebhookManager, organisationId: number) {
  return asManager(db, by, (trx) => {
    let query = trx
      .selectFrom("partner_webhook")
      .select(["id", "url", "created_at", "revoked_at"])
      .where("organisation_id", "=", organisationId);
    if ("referrerId" in by) query = query.where("organisation_id", "=", CONTACT_ORGANISATION);
    return query.orderBy("created_at", "desc").execute();
  });
}

/** The worker reads endpoints and deliveries as the system task 'webhooks' (migration 0037). */
function asWorker<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>) {
  return inTransaction(db, { "herstel.system": "webhooks" }, fn);
}

const BATCH_SIZE = 20;
const CLAIM_LEASE_MS = 5 * 60_000;
const CALL_TIMEOUT_MS = 10_000;

export type DeliveryRun = { delivered: number; failed: number };

/**
 * Delivers due webhook calls, at least once: each is claimed with a lease (so that two
 * instances never send the same one at once, and one whose sender died is sent again later),
 * posted with its signature, and recorded. A 2xx answer is delivered; anything else (another
 * status, a time-out, a refused connection, a redirect, which is not followed) is retried with
 * the outbox's back-off (1 minute doubling to an hour) and kept as failed after 48 attempts.
 */
export async function deliverDueWebhooks(
  db: Db,
  options: WebhookOptions & { now?: () => Date; fetch?: typeof fetch; signal?: AbortSignal },
): Promise<DeliveryRun> {
  const now = options.now ?? (() => new Date());
  const send = options.fetch ?? fetch;
  const at = now();
  const claimed = await asWorker(db, async (trx) => {
    const due = await trx
      .selectFrom("partner_webhook_delivery as d")
      .innerJoin("partner_webhook as w", "w.id", "d.webhook_id")
      .select(["d.id", "d.event_id", "d.reference", "d.status", "d.occurred_at", "d.attempts", "w.url", "w.secret_enc"])
      .where("d.state", "=", "pending")
      .where("d.next_attempt_at", "<=", at)
      .orderBy("d.next_attempt_at")
      .orderBy("d.id")
      .limit(BATCH_SIZE)
      .forUpdate("d")
      .skipLocked()
      .execute();
    if (due.length > 0) {
      await trx
        .updateTable("partner_webhook_delivery")
        .set((eb) => ({ attempts: eb("attempts", "+", 1), next_attempt_at: new Date(at.getTime() + CLAIM_LEASE_MS) }))
        .where(
          "id",
          "in",
          due.map((d) => d.id),
        )
        .execute();
    }
    return due.map((d) => ({ ...d, attempts: d.attempts + 1 }));
  });
  const result: DeliveryRun = { delivered: 0, failed: 0 };
  for (const delivery of claimed) {
    if (options.signal?.aborted) break;
    const secret = open(options.appSecret, "webhook", delivery.secret_enc);
    const body = webhookBody(delivery);
    let error: string | undefined;
    if (!secret || webhookUrlProblem(delivery.url, options.allowLoopbackHttp)) {
      error = "endpoint not usable";
    } else {
      try {
        const response = await send(delivery.url, {
          method: "POST",
          redirect: "manual",
          headers: {
            "content-type": "application/json",
            "user-agent": "Herstel-Webhooks/1",
            [SIGNATURE_HEADER]: signatureHeader(secret, Math.floor(now().getTime() / 1000), body),
            [EVENT_ID_HEADER]: delivery.event_id,
          },
          body,
          signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
        });
        await response.body?.cancel();
        if (response.status < 200 || response.status > 299) error = `HTTP ${response.status}`;
      } catch (e) {
        error = e instanceof Error ? e.name.slice(0, 100) : "error";
      }
    }
    await asWorker(db, (trx) =>
      trx
        .updateTable("partner_webhook_delivery")
        .set(
          error
            ? {
                state: delivery.attempts >= WEBHOOK_MAX_ATTEMPTS ? "failed" : "pending",
                next_attempt_at: new Date(now().getTime() + nextAttemptDelayMs(delivery.attempts)),
                last_error: error,
              }
            : { state: "delivered", delivered_at: now(), last_error: null },
        )
        .where("id", "=", delivery.id)
        .where("state", "=", "pending")
        .execute(),
    );
    if (error) result.failed++;
    else result.delivered++;
  }
  return result;
}

/** The job "webhooks" of the job runner (one instance at a time, ADR 0015). */
export function webhooksJob(options: WebhookOptions & { everyMs: number }): JobDefinition {
  return {
    name: "webhooks",
    schedule: { everyMs: options.everyMs },
    async run({ db, signal }) {
      await deliverDueWebhooks(db, { ...options, signal });
    },
  };
}
