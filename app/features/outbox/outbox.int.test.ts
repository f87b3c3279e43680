import net, { type AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createFaultInjector, type FaultInjector } from "../../db/testing/fault-injection.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { DatabaseProvider } from "../../lib/app-context.ts";
import { createLogger } from "../../lib/logger.server.ts";
import { storedMail } from "../../testing/sealed-reads.ts";
import { createJobRunner } from "../jobs/job-runner.server.ts";
import { enqueueMail, type OutgoingMail } from "./outbox.commands.server.ts";
import { countOutboxByStatus, listOutbox } from "./outbox.queries.server.ts";
import { MAX_ATTEMPTS } from "./outbox.rules.ts";
import { CLAIM_LEASE_MS, claimDueMessages, createOutboxWorker, type OutboxWorker } from "./outbox-worker.server.ts";

type Received = { rcptTo: string[]; to: string | undefined; subject: string | undefined; body: string; raw: string };

type TestSmtp = { port: number; url: string; received: Received[]; close(): Promise<void> };

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
async function startSmtp(
  options: { port?: number; onData?: (done: () => void) => void; rejectRecipient?: string } = {},
): Promise<TestSmtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    secure: false,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 200,
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      if (address.address === options.rejectRecipient) {
        return callback(Object.assign(new Error(`5.1.1 <${address.address}>: unknown user`), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push(
          parseMessage(
            raw,
            session.envelope.rcptTo.map((a) => a.address),
          ),
        );
        if (options.onData) options.onData(() => callback());
        else callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Just enough of RFC 5322 for these tests: unfolded To and Subject, and the body. */
function parseMessage(raw: string, rcptTo: string[]): Received {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(head)?.[1];
  const body = raw.slice(split + 4).replace(/\r\n/g, "\n");
  return { rcptTo, to: header("To"), subject: header("Subject"), body: body.replace(/\n$/, ""), raw };
}

/** A port on which nothing listens: bound once by us, then released. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const mail = (n = 1, overrides: Partial<OutgoingMail> = {}): OutgoingMail => ({
  kind: "registration.ack",
  to: `persoon${n}@example.nl`,
  subject: `Uw aanmelding is ontvangen (HB-2026-${String(n).padStart(6, "0")})`,
  text: `Beste persoon ${n},\n\nWij hebben uw aanmelding ontvangen.\n\nMet vriendelijke groet`,
  relatedType: "registration",
  relatedId: String(n),
  ...overrides,
});

describeWithDatabase("outbox", (handle, kind) => {
  const logLines: string[] = [];
  const logger = createLogger("debug", { write: (line: string) => void logLines.push(line) });
  const cleanup: (() => Promise<void>)[] = [];

  function worker(options: {
    smtpUrl: string | undefined;
    now?: () => Date;
    pollMs?: number;
    faults?: FaultInjector;
  }): OutboxWorker {
    const database = new DatabaseProvider();
    database.setReady(options.faults ? options.faults.wrap(handle()) : handle());
    const w = createOutboxWorker({
      database,
      mailFrom: "Herstelbemiddeling <noreply@herstel.example>",
      logger,
      ...options,
    });
    cleanup.push(() => w.stop());
    return w;
  }
  async function smtp(options?: Parameters<typeof startSmtp>[0]): Promise<TestSmtp> {
    const server = await startSmtp(options);
    cleanup.push(() => server.close());
    return server;
  }
  // Address and text opened with each message's own key (they are sealed at rest, ADR 0017).
  const rows = () => storedMail(handle().db);

  beforeEach(async () => {
    await handle().db.deleteFrom("outbox_message").execute();
    logLines.length = 0;
  });
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
    // Whatever happened, the log never holds the personal data of a message.
    const log = logLines.join("");
    expect(log).not.toMatch(/persoon\d+@example\.nl|Uw aanmelding|Beste persoon/);
  });

  it("sends a queued message over SMTP and marks it sent", async () => {
    const server = await smtp();
    await enqueueMail(handle().db, mail(1));
    const w = worker({ smtpUrl: server.url });

    expect(await w.runOnce()).toEqual({ sent: 1, failed: 0 });

    expect(server.received).toHaveLength(1);
    const got = server.received[0];
    expect(got?.rcptTo).toEqual(["persoon1@example.nl"]);
    expect(got?.to).toBe("persoon1@example.nl");
    expect(got?.subject).toBe("Uw aanmelding is ontvangen (HB-2026-000001)");
    expect(got?.body).toBe("Beste persoon 1,\n\nWij hebben uw aanmelding ontvangen.\n\nMet vriendelijke groet");
    expect(got?.raw).toMatch(/^From: Herstelbemiddeling <noreply@herstel\.example>$/m);
    expect(got?.raw).toMatch(/^Message-ID: <outbox\.\d+\.[a-z0-9]+@herstel\.example>$/m);
    expect(got?.raw).toMatch(/^Auto-Submitted: auto-generated$/m);
    const [row] = await rows();
    expect(row).toMatchObject({ status: "sent", attempts: 1, last_error: null, related_type: "registration" });
    expect(row?.sent_at).toBeInstanceOf(Date);

    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0 });
    expect(server.received).toHaveLength(1);
    expect(logLines.join("")).toContain('"kind":"registration.ack"');
  });

  it("keeps messages pending without SMTP, and sends them once SMTP is configured", async () => {
    await enqueueMail(handle().db, mail(1));
    const without = worker({ smtpUrl: undefined });
    expect(await without.runOnce()).toEqual({ sent: 0, failed: 0 });
    expect(await rows()).toMatchObject([{ status: "pending", attempts: 0, last_error: null, sent_at: null }]);

    const server = await smtp();
    expect(await worker({ smtpUrl: server.url }).runOnce()).toEqual({ sent: 1, failed: 0 });
    expect(server.received).toHaveLength(1);
  });

  it("retries with back-off while SMTP is down and sends exactly once when it is back", async () => {
    const port = await deadPort();
    await enqueueMail(handle().db, mail(1));
    let clock = new Date();
    const w = worker({ smtpUrl: `smtp://127.0.0.1:${port}`, now: () => clock });

    expect(await w.runOnce()).toEqual({ sent: 0, failed: 1 });
    const [failed] = await rows();
    expect(failed).toMatchObject({ status: "pending", attempts: 1, sent_at: null });
    expect(failed?.next_attempt_at.getTime()).toBe(clock.getTime() + 60_000);
    expect(failed?.last_error).toMatch(/^ESOCKET ECONNREFUSED/);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0 });

    const server = await smtp({ port });
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0 });
    clock = new Date(clock.getTime() + 61_000);
    expect(await w.runOnce()).toEqual({ sent: 1, failed: 0 });
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0 });
    expect(server.received).toHaveLength(1);
    expect(await rows()).toMatchObject([{ status: "sent", attempts: 2 }]);
  });

  it("sends each message exactly once when runs overlap", async () => {
    // A slow server widens the window in which the runs overlap.
    const server = await smtp({ onData: (done) => setTimeout(done, 5) });
    for (let n = 1; n <= 45; n++) await enqueueMail(handle().db, mail(n));
    const a = worker({ smtpUrl: server.url });
    const b = worker({ smtpUrl: server.url });

    const results = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce()]);

    // Batches of 20 that never overlap: 20 + 20 + 5, whatever the order.
    expect(results.map((r) => r.sent).sort((x, y) => x - y)).toEqual([5, 20, 20]);
    expect(await Promise.all([a.runOnce(), b.runOnce()])).toEqual([
      { sent: 0, failed: 0 },
      { sent: 0, failed: 0 },
    ]);
    const subjects = server.received.map((m) => m.subject);
    expect(subjects).toHaveLength(45);
    expect(new Set(subjects).size).toBe(45);
    const all = await rows();
    expect(all.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  // PGlite has one connection, so another transaction cannot hold rows while the worker runs.
  // PostgreSQL only: PGlite has a single connection, so there is no other instance to lock rows.
  if (kind === "postgres")
    it("skips messages locked by another instance instead of waiting for them", async () => {
      const server = await smtp();
      const db = handle().db;
      for (let n = 1; n <= 25; n++) await enqueueMail(db, mail(n));
      let unlock = () => {};
      const locked = Promise.withResolvers<void>();
      const other = db.transaction().execute(async (trx) => {
        await trx.selectFrom("outbox_message").select("id").orderBy("id").limit(20).forUpdate().execute();
        locked.resolve();
        await new Promise<void>((resolve) => {
          unlock = resolve;
        });
      });
      await locked.promise;
      const w = worker({ smtpUrl: server.url });
      try {
        // Waiting for the lock instead of skipping it would block here until the test times out.
        expect(await within(w.runOnce(), 5000)).toEqual({ sent: 5, failed: 0 });
        expect(await within(w.runOnce(), 5000)).toEqual({ sent: 0, failed: 0 });
      } finally {
        unlock();
        await other;
      }
      expect(await w.runOnce()).toEqual({ sent: 20, failed: 0 });
      expect(new Set(server.received.map((m) => m.subject)).size).toBe(25);
    });

  it("records a message the server accepted once the database is back, and never sends it again", async () => {
    const faults = createFaultInjector();
    // The database goes away while the server takes the message: recording it as sent fails twice.
    const server = await smtp({
      onData: (done) => {
        faults.failNext("UpdateQueryNode", 2);
        done();
      },
    });
    await enqueueMail(handle().db, mail(1));
    const w = worker({ smtpUrl: server.url, faults });

    expect(await w.runOnce()).toEqual({ sent: 1, failed: 0 });
    expect(faults.failed).toBe(2);
    expect(await rows()).toMatchObject([{ status: "sent", attempts: 1 }]);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0 });
    expect(server.received).toHaveLength(1);
    const waits = logLines.filter((l) => l.includes("recording it waits for the database"));
    expect(waits).toHaveLength(1);
  });

  it("stores nothing when the transaction that queued a message rolls back", async () => {
    const db = handle().db;
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueMail(trx, mail(1));
        throw new Error("the action failed");
      }),
    ).rejects.toThrow("the action failed");
    expect(await rows()).toEqual([]);

    await db.transaction().execute((trx) => enqueueMail(trx, mail(2)));
    expect(await rows()).toMatchObject([{ recipient: "persoon2@example.nl", status: "pending" }]);
  });

  it("refuses a list of recipients or a subject with a line break, without quoting them", async () => {
    const db = handle().db;
    await expect(enqueueMail(db, mail(1, { to: "persoon1@example.nl, persoon9@example.nl" }))).rejects.toThrow(
      /^enqueueMail: 'to'/,
    );
    await expect(enqueueMail(db, mail(1, { to: "Persoon <persoon1@example.nl>" }))).rejects.toThrow(/^enqueueMail/);
    const injected = enqueueMail(db, mail(1, { subject: "Uw aanmelding\r\nBcc: persoon9@example.nl" }));
    await expect(injected).rejects.toThrow(/^enqueueMail: the subject/);
    await expect(injected).rejects.not.toThrow(/persoon/);
    await expect(enqueueMail(db, mail(1, { kind: "Registration Ack" }))).rejects.toThrow(/^enqueueMail: kind/);
    expect(await rows()).toEqual([]);
  });

  it("sends again a message whose worker died mid-send, once its lease has run out", async () => {
    const server = await smtp();
    await enqueueMail(handle().db, mail(1));
    // A worker claims the message and the process dies before it records anything.
    const claimedAt = new Date();
    expect(await claimDueMessages(handle().db, claimedAt)).toHaveLength(1);

    const w1 = worker({ smtpUrl: server.url, now: () => claimedAt });
    expect(await w1.runOnce()).toEqual({ sent: 0, failed: 0 });
    const later = new Date(claimedAt.getTime() + CLAIM_LEASE_MS + 1000);
    const w2 = worker({ smtpUrl: server.url, now: () => later });
    expect(await w2.runOnce()).toEqual({ sent: 1, failed: 0 });
    expect(server.received).toHaveLength(1);
    expect(await rows()).toMatchObject([{ status: "sent", attempts: 2 }]);
  });

  it("gives up after MAX_ATTEMPTS and keeps the message as failed", async () => {
    await enqueueMail(handle().db, mail(1));
    await handle()
      .db.updateTable("outbox_message")
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .execute();
    let clock = new Date();
    const w = worker({ smtpUrl: `smtp://127.0.0.1:${await deadPort()}`, now: () => clock });

    expect(await w.runOnce()).toEqual({ sent: 0, failed: 1 });
    clock = new Date(clock.getTime() + 24 * 3600_000);
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0 });
    expect(await rows()).toMatchObject([{ status: "failed", attempts: MAX_ATTEMPTS, sent_at: null }]);
    expect(logLines.join("")).toContain("last attempt");
  });

  it("goes on with the batch after a rejected recipient, and records only codes", async () => {
    const server = await smtp({ rejectRecipient: "persoon2@example.nl" });
    for (let n = 1; n <= 3; n++) await enqueueMail(handle().db, mail(n));

    expect(await worker({ smtpUrl: server.url }).runOnce()).toEqual({ sent: 2, failed: 1 });

    const all = await rows();
    expect(all.map((r) => r.status)).toEqual(["sent", "pending", "sent"]);
    expect(all[1]?.last_error).toBe("EENVELOPE 550 5.1.1 RCPT TO");
  });

  it("stops a batch at the first server failure and hands the rest back untried", async () => {
    for (let n = 1; n <= 3; n++) await enqueueMail(handle().db, mail(n));
    const clock = new Date();
    const w = worker({ smtpUrl: `smtp://127.0.0.1:${await deadPort()}`, now: () => clock });

    expect(await w.runOnce()).toEqual({ sent: 0, failed: 1 });

    const all = await rows();
    expect(all.map((r) => r.attempts)).toEqual([1, 0, 0]);
    expect(all[1]?.next_attempt_at.getTime()).toBeLessThanOrEqual(clock.getTime());
  });

  it("polls as the job runner's job and stops promptly, handing back a message it was sending", async () => {
    const hung: (() => void)[] = [];
    const server = await smtp({ onData: (done) => hung.push(done) });
    cleanup.push(async () => {
      for (const done of hung) done();
    });
    await enqueueMail(handle().db, mail(1));
    const w = worker({ smtpUrl: server.url, pollMs: 20 });
    const database = new DatabaseProvider();
    database.setReady(handle());
    const runner = createJobRunner({ database, logger, dailyPollMs: 60_000 });
    runner.register(w.job());
    cleanup.push(() => runner.stop());

    runner.start();
    await waitFor(() => server.received.length === 1);
    const started = performance.now();
    await w.stop();
    await runner.stop();
    expect(performance.now() - started).toBeLessThan(3000);

    const [row] = await rows();
    expect(row).toMatchObject({ status: "pending", attempts: 0, sent_at: null });
    expect(row?.next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0 });
  });

  // About SMTP rather than the database: once is enough.
  // One backend is enough for a test that only concerns the SMTP side.
  if (kind === "pglite")
    it("gives up on a server that accepts the connection but never answers", async () => {
      const sockets = new Set<net.Socket>();
      const silent = net.createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
      cleanup.push(async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      });
      await enqueueMail(handle().db, mail(1));
      const w = worker({ smtpUrl: `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}` });

      const started = performance.now();
      expect(await w.runOnce()).toEqual({ sent: 0, failed: 1 });
      expect(performance.now() - started).toBeLessThan(10_000);
      expect((await rows())[0]?.last_error).toMatch(/^ETIMEDOUT/);
    });

  it("lists messages without their text and counts them by status", async () => {
    const db = handle().db;
    for (let n = 1; n <= 3; n++) await enqueueMail(db, mail(n));
    const [first] = await rows();
    await db
      .updateTable("outbox_message")
      .set({ status: "sent", sent_at: new Date() })
      .where("id", "=", first?.id as number)
      .execute();

    expect(await countOutboxByStatus(db)).toEqual({ pending: 2, sent: 1, failed: 0 });
    const pending = await listOutbox(db, { status: "pending", limit: 10 });
    expect(pending.map((m) => m.recipient)).toEqual(["persoon3@example.nl", "persoon2@example.nl"]);
    expect(pending[0]).not.toHaveProperty("body_text");
    expect(await listOutbox(db, { limit: 2 })).toHaveLength(2);
    expect(await listOutbox(db, { limit: 0 })).toHaveLength(1);
  });
});
