import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it, onTestFailed } from "vitest";
import { openPostgres } from "../app/db/database.server.ts";
import { DEFAULT_TEST_POSTGRES_URL } from "../app/db/testing/backends.ts";
import { fixedKeysEnv, installFixedKeys } from "../app/testing/test-keys.ts";
import { startLoad } from "./support/http-load.ts";
import { freePort, PROJECT_ROOT, type ServerProcess, startServer, tempDataDir } from "./support/server-process.ts";
import { signedInStaff } from "./support/signed-in-staff.ts";
import { startSmtpCapture } from "./support/smtp-capture.ts";

/**
 * Two Herstel instances behind nginx (Debian's package, with deploy/nginx/herstel-proxy.conf) on
 * one PostgreSQL: people go through the registration form and staff open pages through nginx,
 * whose requests alternate between the instances; one instance is killed with SIGKILL in the
 * middle. The other keeps serving, no acknowledged registration is lost or doubled, and every
 * acknowledgement e-mail is sent once (the outbox's lease passes to the surviving instance).
 */
const KEYS = "two-instances";
installFixedKeys(KEYS);
const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => fs.existsSync(p));
const adminUrl = process.env.TEST_DATABASE_URL || DEFAULT_TEST_POSTGRES_URL;
const DATABASE = `herstel_e2e_two_${process.pid}`;
const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
});

async function adminQuery<T = Record<string, unknown>>(sql: string, url = adminUrl): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function postgresReachable(): Promise<boolean> {
  try {
    await adminQuery("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

/** nginx in the foreground with a configuration of its own, in a folder of its own. */
async function startNginx(upstreams: number[]): Promise<{ url: string; proc: ChildProcess; log(): string }> {
  const dir = tempDataDir("herstel-nginx-");
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.chmodSync(dir, 0o777);
  const port = await freePort();
  const deploy = path.join(PROJECT_ROOT, "deploy/nginx");
  const conf = `
${process.getuid?.() === 0 ? "user root;" : ""}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream herstel {
    ${upstreams.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`).join("\n    ")}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    location = /metrics { return 404; }
    location = /herstel-busy.html {
      internal;
      root ${deploy};
      add_header Retry-After 30 always;
      add_header Cache-Control no-store always;
    }
    location / {
      include ${deploy}/herstel-proxy.conf;
    }
  }
}`;
  fs.writeFileSync(path.join(dir, "nginx.conf"), conf);
  const proc = spawn(
    NGINX as string,
    ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  proc.stdout?.on("data", (c) => {
    out += c;
  });
  proc.stderr?.on("data", (c) => {
    out += c;
  });
  cleanup.push(() => proc.kill("SIGTERM"));
  process.once("exit", () => proc.kill("SIGKILL"));
  const url = `http://127.0.0.1:${port}`;
  const log = () =>
    `${out}${fs.existsSync(path.join(dir, "error.log")) ? fs.readFileSync(path.join(dir, "error.log"), "utf8") : ""}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`nginx ended: ${log()}`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return { url, proc, log };
    } catch {}
    if (Date.now() > deadline) throw new Error(`nginx not answering: ${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const requestLines = (server: ServerProcess) => (server.output().match(/"msg":"request"/g) ?? []).length;

describe("two instances behind nginx", () => {
  it("share sessions, drafts and the outbox, and keep serving when one is killed with SIGKILL", async (ctx) => {
    const postgres = await postgresReachable();
    if (!NGINX && process.env.REQUIRE_NGINX === "1") throw new Error("nginx required, but not installed");
    if (!postgres && process.env.REQUIRE_POSTGRES === "1") throw new Error(`PostgreSQL required at ${adminUrl}`);
    if (!NGINX || !postgres) {
      ctx.skip();
      return;
    }
    await adminQuery(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await adminQuery(`CREATE DATABASE ${DATABASE}`);
    cleanup.push(() => adminQuery(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));
    const dbUrl = new URL(adminUrl);
    dbUrl.pathname = `/${DATABASE}`;
    const url = dbUrl.toString();
    const smtp = await startSmtpCapture();
    cleanup.push(() => smtp.close());
    const env = {
      DATABASE_URL: url,
      MIGRATION_DATABASE_URL: url,
      SMTP_URL: smtp.url,
      OUTBOX_POLL_MS: "300",
      JOBS_POLL_MS: "1000",
      TRUST_PROXY: "1",
      RATE_LIMIT_FACTOR: "100",
      ...fixedKeysEnv(KEYS),
    };
    // The first migrates; the second finds the schema up to date.
    const first = await startServer({ env });
    cleanup.push(() => first.stop("SIGKILL"));
    await first.waitReady();
    // The second instance also serves /metrics on a port of its own (METRICS_PORT).
    const metricsPort = await freePort();
    const second = await startServer({ env: { ...env, METRICS_PORT: String(metricsPort) } });
    cleanup.push(() => second.stop("SIGKILL"));
    await second.waitReady();
    const nginx = await startNginx([first.port, second.port]);
    onTestFailed(() => {
      console.error(
        `nginx:\n${nginx.log()}\nfirst:\n${first.output().slice(-3000)}\nsecond:\n${second.output().slice(-3000)}`,
      );
    });
    expect((await fetch(`${nginx.url}/metrics`)).status).toBe(404);

    const owner = openPostgres(url, 1);
    const sessionToken = await signedInStaff(owner.db, {
      email: "twee@test.example",
      displayName: "Tessa Twee",
      roles: ["intake"],
    }).finally(() => owner.close());
    // A staff session made on one instance is known to both (nginx alternates between them).
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${nginx.url}/medewerkers/aanmeldingen`, {
        headers: { cookie: `herstel_sessie=${sessionToken}` },
        redirect: "manual",
      });
      expect(res.status).toBe(200);
    }
    const linesBefore = [requestLines(first), requestLines(second)];
    expect(Math.min(...linesBefore)).toBeGreaterThan(0);

    const load = startLoad({
      baseUrl: nginx.url,
      registrants: 6,
      staff: { sessionToken, paths: ["/medewerkers/aanmeldingen", "/medewerkers"] },
    });
    await new Promise((r) => setTimeout(r, 5000));
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/herstel_http_request_duration_seconds_count\{[^}]*route="routes\/registration-step"/);
    expect(metrics).toMatch(/herstel_database_pool_connections\{state="max"\} 10/);
    expect(metrics).toMatch(/herstel_job_runs_total\{job="outbox",result="(ran|held-elsewhere)"\} [1-9]/);
    expect(metrics).toContain("nodejs_eventloop_lag_p99_seconds");
    // Kill the instance that holds the outbox's lease, if either does: the other must take over.
    const [lease] = await adminQuery<{ holder: string | null }>(
      `SELECT holder FROM job_lease WHERE name = 'outbox'`,
      url,
    );
    const victim = lease?.holder?.includes(`:${second.proc.pid}:`) ? second : first;
    const survivor = victim === first ? second : first;
    const survivorLinesAtKill = requestLines(survivor);
    victim.proc.kill("SIGKILL");
    expect((await victim.exited()).signal).toBe("SIGKILL");
    await new Promise((r) => setTimeout(r, 6000));
    const { answers, acknowledged, problems } = await load.stop();
    expect(problems).toEqual([]);

    // The survivor kept serving through nginx; nothing but pages, redirects and calm 503s.
    expect(survivor.proc.exitCode).toBeNull();
    expect(requestLines(survivor) - survivorLinesAtKill).toBeGreaterThan(20);
    expect((await fetch(`${nginx.url}/readyz`)).status).toBe(200);
    const unexpected = answers.filter((a) => ![200, 303, 503].includes(a.status));
    expect(
      unexpected.map((a) => `${a.method} ${a.path}: ${a.status} after ${Math.round(a.ms)} ms, ${a.body.slice(0, 120)}`),
    ).toEqual([]);
    for (const a of answers.filter((x) => x.status === 503)) expect(a.retryAfter, a.path).toBe("30");

    // Every acknowledged registration is stored once, under the reference it was given.
    expect(acknowledged.length).toBeGreaterThan(3);
    const stored = await adminQuery<{ key: string; reference: string }>(
      "SELECT idempotency_key::text AS key, reference FROM registration",
      url,
    );
    for (const ack of acknowledged) {
      const rows = stored.filter((r) => r.key === ack.draftId);
      expect(rows, ack.draftId).toHaveLength(1);
      if (ack.reference) expect(rows[0]?.reference).toBe(ack.reference);
    }
    // Every acknowledgement e-mail goes out once. Those the killed instance had claimed wait in the
    // outbox until their claim runs out (15 minutes) and go then: none is lost. One of them may
    // already have gone: the instance sends one message at a time, and when it is killed between
    // the SMTP server's acceptance and recording that, the message is delivered and still claimed.
    // It goes a second time after the claim, with the same Message-ID (at least once, ADR 0015).
    const recipients = acknowledged.map((a) => a.email);
    // Claimed and not tried again: a failed send would have recorded its error.
    const claimed = "status = 'pending' AND attempts > 0 AND next_attempt_at > now() AND last_error IS NULL";
    const outboxCounts = async () => {
      const [row] = await adminQuery<{ sent: string; claimed: string; other: string }>(
        `SELECT count(*) FILTER (WHERE status = 'sent') AS sent,
                count(*) FILTER (WHERE ${claimed}) AS claimed,
                count(*) FILTER (WHERE NOT (status = 'sent' OR ${claimed})) AS other
           FROM outbox_message`,
        url,
      );
      return { sent: Number(row?.sent), claimed: Number(row?.claimed), other: Number(row?.other) };
    };
    // A killed instance may also have held the outbox job's lease: the survivor sends once it has
    // run out (60 s, ADR 0015). Settled: nothing is due any more, every message is sent or claimed.
    const missing = () => recipients.filter((r) => !smtp.messages.some((m) => m.to.includes(r)));
    await expect.poll(async () => (await outboxCounts()).other, { timeout: 100_000, interval: 1000 }).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    const settled = await outboxCounts();
    expect(settled.other).toBe(0);
    expect(settled.sent + settled.claimed).toBe(recipients.length);
    // Every message recorded as sent was delivered; a recipient not reached has a claimed message.
    expect(missing().length).toBeLessThanOrEqual(settled.claimed);
    expect(settled.claimed - missing().length).toBeLessThanOrEqual(1);
    for (const r of recipients) expect(smtp.messages.filter((m) => m.to.includes(r)).length, r).toBeLessThanOrEqual(1);
  }, 300_000);
});
