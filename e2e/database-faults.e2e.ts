import { afterAll, describe, expect, it, onTestFailed } from "vitest";
import { openPostgres } from "../app/db/database.server.ts";
import { storedMail } from "../app/testing/sealed-reads.ts";
import { sealedDraftRow } from "../app/testing/sealed-rows.ts";
import { fixedKeysEnv, installFixedKeys } from "../app/testing/test-keys.ts";
import { startLoad } from "./support/http-load.ts";
import { startServer } from "./support/server-process.ts";
import { signedInStaff } from "./support/signed-in-staff.ts";
import { startSmtpCapture } from "./support/smtp-capture.ts";
import {
  clusterQuery,
  startThrowawayPostgres,
  type ThrowawayPostgres,
  throwawayPostgresAvailable,
} from "./support/throwaway-postgres.ts";

/*
 * Issue 20: Herstel on PostgreSQL under load (people going through the registration form, staff
 * opening pages) while every connection of the app is ended twice (pg_terminate_backend) and the
 * server is really stopped and started (a cluster of the test's own). The same app process must
 * come through: no 500, no hang, a calm 503 while the database is away, every acknowledged
 * registration stored once, every e-mail sent once, the jobs carrying on.
 */

const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;
const DATABASE = "herstel_faults";
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  // Each step on its own: a cluster must never outlive the test because another step failed.
  for (const fn of cleanup.splice(0).reverse())
    await Promise.resolve()
      .then(fn)
      .catch(() => {});
});

// The app's keys, fixed so that this process can open what it sealed (the outbox's addresses).
const KEYS = "faults";
installFixedKeys(KEYS);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

/** Ends every backend of the app's database, from a connection to another database. */
async function terminateAppBackends(cluster: ThrowawayPostgres): Promise<number> {
  const rows = await clusterQuery<{ ended: number }>(
    cluster.url("postgres"),
    "SELECT count(pg_terminate_backend(pid))::int AS ended FROM pg_stat_activity WHERE datname = $1",
    [DATABASE],
  );
  return rows[0]?.ended ?? 0;
}

/** Works on the app's database as its owner, with one connection of its own. */
async function withOwner<T>(url: string, fn: (db: ReturnType<typeof openPostgres>["db"]) => Promise<T>): Promise<T> {
  const owner = openPostgres(url, 1);
  try {
    return await fn(owner.db);
  } finally {
    await owner.close();
  }
}

/** A signed-in intake member who is also a researcher (registrations list and figures). */
async function staffSession(url: string): Promise<string> {
  const owner = openPostgres(url, 1);
  try {
    return await signedInStaff(owner.db, {
      email: "storing@test.example",
      displayName: "Sam Storing",
      roles: ["intake", "researcher"],
    });
  } finally {
    await owner.close();
  }
}

describe("PostgreSQL going away under load", () => {
  it("keeps the same process serving: 503 while away, everything acknowledged stored and mailed once", async (ctx) => {
    if (!throwawayPostgresAvailable()) {
      if (process.env.REQUIRE_POSTGRES === "1") throw new Error("PostgreSQL required, but initdb/pg_ctl are missing");
      ctx.skip();
      return;
    }
    const cluster = await startThrowawayPostgres();
    cleanup.push(() => cluster.remove());
    // Also if the test process ends before afterAll (a timeout, a kill by the runner).
    process.once("exit", () => cluster.remove());
    await clusterQuery(cluster.url("postgres"), `CREATE DATABASE ${DATABASE}`);
    const url = cluster.url(DATABASE);
    const smtp = await startSmtpCapture();
    cleanup.push(() => smtp.close());
    const server = await startServer({
      env: {
        DATABASE_URL: url,
        // The owner migrates (a separate login once the app has one of its own; ignored before).
        MIGRATION_DATABASE_URL: url,
        SMTP_URL: smtp.url,
        OUTBOX_POLL_MS: "300",
        JOBS_POLL_MS: "1000",
        TRUST_PROXY: "1",
        ...fixedKeysEnv(KEYS),
      },
    });
    cleanup.push(async () => void (await server.stop()));
    await server.waitReady(60_000);
    const pid = server.proc.pid;
    onTestFailed(() => {
      const lines = server.output().split("\n");
      process.stdout.write(
        `${lines.filter((l) => !/"msg":"(request|e-mail sent|registration received)"/.test(l)).join("\n")}\n`,
      );
    });

    const load = startLoad({
      baseUrl: server.url,
      registrants: 4,
      staff: { sessionToken: await staffSession(url), paths: ["/medewerkers/aanmeldingen", "/medewerkers/cijfers"] },
    });
    try {
      // Twice, a few seconds apart: every connection of the app ended, as a restart or failover does.
      await sleep(3000);
      expect(await terminateAppBackends(cluster)).toBeGreaterThan(0);
      await sleep(3000);
      expect(await terminateAppBackends(cluster)).toBeGreaterThan(0);
      await sleep(3000);

      // A real stop and start of the server, while the outbox is in the middle of a send.
      const slowSmtp = smtp.hold();
      cleanup.push(() => slowSmtp.release());
      await until("a message in the middle of its send", () => slowSmtp.held() > 0);
      const pendingBefore = await withOwner(url, async (db) =>
        (await storedMail(db)).filter((m) => m.status === "pending"),
      );
      await cluster.stop();
      await expect(clusterQuery(cluster.url("postgres"), "SELECT 1")).rejects.toMatchObject({ code: "ECONNREFUSED" });
      await sleep(1000);
      slowSmtp.release();
      await sleep(1500);
      const readyWhileDown = await fetch(`${server.url}/readyz`);
      expect(readyWhileDown.status).toBe(503);
      expect(readyWhileDown.headers.get("retry-after")).toBe("30");
      await cluster.start();
      await sleep(4000);
      const { answers, acknowledged, problems } = await load.stop();
      expect(problems).toEqual([]);

      // A daily job carries on after the fault: made due again, it runs and removes an expired draft
      // (with the load stopped, no new form start removes it instead).
      await withOwner(url, (db) =>
        db
          .insertInto("registration_draft")
          .values(sealedDraftRow(crypto.randomUUID(), new Date(Date.now() - 3_600_000)))
          .execute(),
      );
      await clusterQuery(
        url,
        "UPDATE job_lease SET last_succeeded_at = now() - interval '2 days' WHERE name = 'housekeeping'",
      );
      await until("housekeeping after the fault", async () => {
        const [row] = await clusterQuery<{ expired: number; ran: boolean }>(
          url,
          `SELECT (SELECT count(*)::int FROM registration_draft WHERE expires_at <= now()) AS expired,
                  (SELECT last_succeeded_at > now() - interval '1 minute' FROM job_lease WHERE name = 'housekeeping') AS ran`,
        );
        return row?.expired === 0 && row.ran === true;
      });
      expect(server.output()).toMatch(/"drafts":1,"rateLimitWindows":\d+,"msg":"housekeeping removed/);

      // The same process, ready again, that never showed a 500 or hung.
      expect(server.proc.exitCode).toBeNull();
      expect(server.proc.pid).toBe(pid);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const statuses = new Set(answers.map((a) => a.status));
      expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 303, 503]));
      expect([...statuses].filter((s) => ![200, 303, 503].includes(s))).toEqual([]);
      // Pool wait (3 s) plus statement timeout (5 s) bounds any request; with room for a busy machine.
      expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(10_000);
      const unavailable = answers.filter((a) => a.status === 503);
      for (const a of unavailable) {
        expect(a.retryAfter, a.path).toBe("30");
        expect(a.body, a.path).toContain("Even niet beschikbaar");
        expect(a.body).not.toMatch(STACK_TRACE);
      }

      // Every acknowledged registration is stored, once, under the reference it was given; some
      // were interrupted by the outage halfway and finished afterwards with their earlier answers.
      expect(acknowledged.length).toBeGreaterThan(4);
      expect(acknowledged.filter((a) => a.unavailableMidway > 0).length).toBeGreaterThan(0);
      const stored = await clusterQuery<{ key: string; reference: string }>(
        url,
        "SELECT idempotency_key::text AS key, reference FROM registration",
      );
      for (const ack of acknowledged) {
        const rows = stored.filter((r) => r.key === ack.draftId);
        expect(rows, ack.draftId).toHaveLength(1);
        if (ack.reference) expect(rows[0]?.reference).toBe(ack.reference);
      }

      // Every acknowledgement e-mail goes out once, also those queued before the stop.
      const recipients = [...new Set([...acknowledged.map((a) => a.email), ...pendingBefore.map((p) => p.recipient)])];
      expect(pendingBefore.length).toBeGreaterThan(0);
      await smtp.waitFor((messages) => recipients.every((r) => messages.some((m) => m.to.includes(r))), 30_000);
      await sleep(1500);
      for (const recipient of recipients) {
        expect(
          smtp.messages.filter((m) => m.to.includes(recipient)),
          recipient,
        ).toHaveLength(1);
      }
      await until("outbox drained", async () => {
        const [row] = await clusterQuery<{ pending: number }>(
          url,
          "SELECT count(*)::int AS pending FROM outbox_message WHERE status <> 'sent'",
        );
        return row?.pending === 0;
      });

      // The log tells each outage once (not per failed request) and its end, and never a crash.
      const log = server
        .output()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { msg?: string; level?: number });
      const lost = log.filter((l) => l.msg === "database unavailable; requests get 503 until it answers again");
      const back = log.filter((l) => l.msg === "database available again; requests are served normally");
      expect(lost.length).toBeGreaterThanOrEqual(1);
      expect(lost.length).toBeLessThanOrEqual(3);
      expect(back).toHaveLength(lost.length);
      expect(unavailable.length).toBeGreaterThan(lost.length);
      expect(log.filter((l) => (l.level ?? 0) >= 60)).toEqual([]);
      expect(log.filter((l) => l.msg === "unexpected error in route")).toEqual([]);
      process.stdout.write(
        `database faults: ${answers.length} requests (${unavailable.length} answered 503, slowest ${Math.round(
          Math.max(...answers.map((a) => a.ms)),
        )} ms), ${acknowledged.length} registrations acknowledged, ${recipients.length} e-mails sent once, ` +
          `${lost.length} outages logged\n`,
      );
    } finally {
      await load.stop();
    }
  }, 240_000);
});
