import { setTimeout as sleep } from "node:timers/promises";
import type { Kysely, Selectable } from "kysely";
import nodemailer from "nodemailer";
import { withSystemTask } from "../../db/acting.server.ts";
import { isDatabaseFault } from "../../db/database-faults.ts";
import type { Database, OutboxMessageTable } from "../../db/schema.ts";
import type { DatabaseProvider } from "../../lib/app-context.ts";
import type { Logger } from "../../lib/logger.server.ts";
import type { JobDefinition } from "../jobs/job-runner.server.ts";
import { openMail } from "./outbox.queries.server.ts";
import {
  describeSendError,
  isServerWideFailure,
  messageIdFor,
  nextAttemptDelayMs,
  statusAfterFailure,
} from "./outbox.rules.ts";

/*
 * Sends the outbox over SMTP, at least once.
 *
 * A worker claims a batch of due messages in one short transaction (FOR UPDATE SKIP LOCKED, so
 * that workers in several app instances take different messages) by counting an attempt and
 * moving next_attempt_at to the end of a lease. It then sends outside any transaction (on
 * PGlite a transaction would hold the only connection for the whole SMTP conversation) and
 * records each result right after its send. A message therefore cannot be taken by a second
 * worker while the first holds it, and if the process dies mid-send the lease runs out and the
 * message is sent again: a recipient may, rarely, get a message twice, but never none. The
 * Message-ID stays the same on each attempt, so mail clients can recognise the duplicate.
 *
 * The worker runs as the job "outbox" of the job runner (one instance at a time, ADR 0015). When
 * the database goes away after the server accepted a message, recording it as sent waits for the
 * database (within the lease), so that the message is not sent a second time after the fault.
 */

const BATCH_SIZE = 20;
/** Bounds one send, whatever the server does; the socket timeouts below bound each step. */
const SEND_TIMEOUT_MS = 30_000;
/** No new send starts after this, so that a batch always ends well inside its lease. */
const BATCH_BUDGET_MS = 5 * 60_000;
/** How long a claim lasts: longer than any batch can take (budget + one send). */
export const CLAIM_LEASE_MS = 15 * 60_000;
/** After the server itself failed, the poller waits this long before trying again. */
const SERVER_DOWN_PAUSE_MS = 60_000;
/** How long a sent message waits for the database to record it: well inside the claim's lease. */
const RECORD_SENT_PATIENCE_MS = 5 * 60_000;

export type OutboxWorkerOptions = {
  database: DatabaseProvider;
  smtpUrl: string | undefined;
  mailFrom: string;
  logger: Logger;
  pollMs?: number;
  now?: () => Date;
};

/** sent: messages the server accepted; failed: attempts that failed (most are retried later). */
export type OutboxRunResult = { sent: number; failed: number };

export type OutboxWorker = {
  /**
   * Sends one batch of due messages; does nothing without SMTP, a database, or after stop().
   * `signal` (the job's lease was lost): no new send starts, untried messages are handed back.
   */
  runOnce(signal?: AbortSignal): Promise<OutboxRunResult>;
  /** The worker as the job runner's job "outbox": a batch every pollMs, paused while SMTP is down. */
  job(): JobDefinition;
  /**
   * Ends polling, cancels a send in progress (its message is due again) and waits for running
   * batches. Call it before closing the database.
   */
  stop(): Promise<void>;
};

/** A message as the worker sends it: address and text opened with the message's own key. */
export type ClaimedMessage = Pick<
  Selectable<OutboxMessageTable>,
  "id" | "kind" | "subject" | "attempts" | "created_at"
> & {
  recipient: string;
  body_text: string;
};

/**
 * Takes up to `limit` messages that are due at `at` and leases them until at + CLAIM_LEASE_MS.
 * The returned attempts already include this attempt.
 */
export async function claimDueMessages(db: Kysely<Database>, at: Date, limit = BATCH_SIZE): Promise<ClaimedMessage[]> {
  const leaseUntil = new Date(at.getTime() + CLAIM_LEASE_MS);
  return withSystemTask(db, "outbox", async (trx) => {
    const due = await trx
      .selectFrom("outbox_message")
      .select(["id", "kind", "recipient", "subject", "body_text", "data_key", "attempts", "created_at"])
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", at)
      .orderBy("next_attempt_at")
      .orderBy("id")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const ids = due.map((m) => m.id);
    await trx
      .updateTable("outbox_message")
      .set((eb) => ({ attempts: eb("attempts", "+", 1), next_attempt_at: leaseUntil }))
      .where("id", "in", ids)
      .execute();
    return due.map(({ data_key, ...m }) => ({ ...m, ...openMail(m.id, data_key, m), attempts: m.attempts + 1 }));
  });
}

/** The outbox sender. server/start.ts starts one per app instance; several instances may run. */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { database, smtpUrl, mailFrom } = options;
  const pollMs = options.pollMs ?? 5000;
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ component: "outbox" });
  const stopController = new AbortController();
  const inFlight = new Set<Promise<OutboxRunResult>>();
  let transport: ReturnType<typeof createTransport> | undefined;
  let pausedUntil = 0;

  async function send(message: ClaimedMessage): Promise<void> {
    transport ??= createTransport(smtpUrl as string);
    await transport.sendMail({
      from: mailFrom,
      to: message.recipient,
      subject: message.subject,
      text: message.body_text,
      messageId: messageIdFor(message.id, message.created_at, mailFrom),
      // RFC 3834: tells vacation responders not to answer a notification.
      headers: { "Auto-Submitted": "auto-generated" },
      signal: AbortSignal.any([stopController.signal, AbortSignal.timeout(SEND_TIMEOUT_MS)]),
    });
  }

  async function recordSent(db: Kysely<Database>, message: ClaimedMessage): Promise<void> {
    await withSystemTask(db, "outbox", (trx) =>
      trx
        .updateTable("outbox_message")
        .set({ status: "sent", sent_at: now() })
        .where("id", "=", message.id)
        .where("status", "=", "pending")
        .execute(),
    );
    log.info({ outboxId: message.id, kind: message.kind, attempts: message.attempts }, "e-mail sent");
  }

  /**
   * The server has the message: recording that waits for a database that is away for a while
   * (within the claim's lease), or the lease would run out and the message go a second time. On
   * shutdown, or after the patience, it gives up: the message goes again (at least once).
   */
  async function recordSentPatiently(db: Kysely<Database>, message: ClaimedMessage): Promise<void> {
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await recordSent(db, message);
      } catch (error) {
        const patient = performance.now() - started < RECORD_SENT_PATIENCE_MS;
        if (!isDatabaseFault(error) || !patient || stopController.signal.aborted) throw error;
        if (attempt === 1) log.warn({ outboxId: message.id }, "e-mail sent; recording it waits for the database");
        await sleep(Math.min(250 * 2 ** attempt, 5000), undefined, { signal: stopController.signal }).catch(() => {});
      }
    }
  }

  async function recordFailure(db: Kysely<Database>, message: ClaimedMessage, error: unknown): Promise<void> {
    const status = statusAfterFailure(message.attempts);
    const reason = describeSendError(error);
    await withSystemTask(db, "outbox", (trx) =>
      trx
        .updateTable("outbox_message")
        .set({
          status,
          next_attempt_at: new Date(now().getTime() + nextAttemptDelayMs(message.attempts)),
          last_error: reason,
        })
        .where("id", "=", message.id)
        .where("status", "=", "pending")
        .execute(),
    );
    const fields = { outboxId: message.id, kind: message.kind, attempts: message.attempts, reason };
    if (status === "failed") log.error(fields, "e-mail not sent after the last attempt; kept as failed");
    else log.warn(fields, "e-mail not sent; will retry");
  }

  /** Hands claimed messages back untried: the attempt is not counted and they are due again. */
  async function release(db: Kysely<Database>, messages: ClaimedMessage[], dueAt: Date): Promise<void> {
    if (messages.length === 0) return;
    const ids = messages.map((m) => m.id);
    await withSystemTask(db, "outbox", (trx) =>
      trx
        .updateTable("outbox_message")
        .set((eb) => ({ attempts: eb("attempts", "-", 1), next_attempt_at: dueAt }))
        .where("id", "in", ids)
        .where("status", "=", "pending")
        .execute(),
    );
  }

  async function processBatch(db: Kysely<Database>, signal: AbortSignal | undefined): Promise<OutboxRunResult> {
    const claimedAt = now();
    const batch = await claimDueMessages(db, claimedAt);
    const started = performance.now();
    let sent = 0;
    let failed = 0;
    for (const [index, message] of batch.entries()) {
      if (stopController.signal.aborted || signal?.aborted || performance.now() - started > BATCH_BUDGET_MS) {
        await release(db, batch.slice(index), claimedAt);
        break;
      }
      try {
        await send(message);
      } catch (error) {
        // Stopped mid-send: the server may or may not have the message; sending it again is the safe side.
        if (stopController.signal.aborted) {
          await release(db, batch.slice(index), claimedAt);
          break;
        }
        await recordFailure(db, message, error);
        failed++;
        if (isServerWideFailure(error)) {
          // The rest would fail the same way; trying them all would only multiply the timeouts.
          pausedUntil = now().getTime() + SERVER_DOWN_PAUSE_MS;
          await release(db, batch.slice(index + 1), claimedAt);
          break;
        }
        continue;
      }
      await recordSentPatiently(db, message);
      sent++;
    }
    return { sent, failed };
  }

  async function runOnce(signal?: AbortSignal): Promise<OutboxRunResult> {
    const handle = database.current();
    // Without SMTP the messages simply wait in the outbox; nothing is claimed or counted.
    if (!smtpUrl || !handle || stopController.signal.aborted) return { sent: 0, failed: 0 };
    const run = processBatch(handle.db, signal);
    inFlight.add(run);
    try {
      return await run;
    } finally {
      inFlight.delete(run);
    }
  }

  return {
    runOnce,
    job() {
      return {
        name: "outbox",
        schedule: { everyMs: pollMs },
        async run({ signal }) {
          if (now().getTime() < pausedUntil) return;
          await runOnce(signal);
        },
      };
    },
    async stop() {
      stopController.abort();
      await Promise.allSettled([...inFlight]);
      transport?.close();
      transport = undefined;
    },
  };
}

function createTransport(smtpUrl: string) {
  return nodemailer.createTransport({
    url: smtpUrl,
    // Short timeouts: a dead or stalled server must not hold a batch (and its lease) for minutes.
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 10_000,
    dnsTimeout: 5000,
    // Messages are plain text from our own templates: never let content point at files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}
