/**
 * `npm run bench:load`: many people at once, over HTTP, against the built app started as in
 * production (`NODE_ENV=production node server.ts`, a child process).
 *
 * - Public pages: `GET /` at 50 connections for a fixed time, and in the same run a bare
 *   `node:http` server answering the same client, as the ceiling of this machine.
 * - Then 10, 50 and 200 concurrent virtual users for a fixed time each: most go through the whole
 *   registration (home page, start, every step and its page, check your answers, send, the
 *   confirmation) with real cookies and CSRF tokens; one in ten is a staff member who reads the
 *   case list and a case page and saves a note in the case file. By default no pauses: each user
 *   sends its next request when the previous one is answered, which measures what one instance
 *   can serve. With --pause=MIN-MAX (ms) each user first reads each page for a random time in
 *   that range, as people do (only much quicker than people).
 * - Rate limits are raised by configuration (RATE_LIMIT_FACTOR), nothing else differs.
 * - At the end: every registration the benchmark saw acknowledged is stored exactly once.
 *
 * Options: --backend=postgres|pglite (postgres), --users=10,50,200, --seconds=20 (per level),
 * --public-seconds=10, --pause=0 (or MIN-MAX ms), --cpu-prof (the server writes a CPU profile;
 * the top functions are printed), --commit=durable|unflushed (PostgreSQL only: `unflushed` sets
 * synchronous_commit = off on the benchmark's own database, a diagnosis of how much of the time
 * is waiting for the disk to flush each commit; never a setting for Herstel, which would lose
 * acknowledged writes in a crash). Results go to stdout as Markdown; progress to stderr.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { APP_ROLE } from "../app/db/acting.server.ts";
import { type DatabaseHandle, openPglite, openPostgres, switchPgliteRole } from "../app/db/database.server.ts";
import { migrate } from "../app/db/migrate.server.ts";
import type { Actor } from "../app/features/auth/roles.ts";
import { fixedKeysEnv, installFixedKeys } from "../app/testing/test-keys.ts";
import { journey, type Values } from "../e2e/support/registration-data.ts";
import { signedInStaff } from "../e2e/support/signed-in-staff.ts";
import { richCase } from "./case-file-scenarios.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const KEYS = "bench-load";
installFixedKeys(KEYS);

const { values: args } = parseArgs({
  options: {
    backend: { type: "string", default: "postgres" },
    users: { type: "string", default: "10,50,200" },
    seconds: { type: "string", default: "20" },
    "public-seconds": { type: "string", default: "10" },
    pause: { type: "string", default: "0" },
    "cpu-prof": { type: "boolean", default: false },
    commit: { type: "string", default: "durable" },
  },
});
const backend = args.backend;
if (backend !== "postgres" && backend !== "pglite") fail("--backend must be postgres or pglite");
if (args.commit !== "durable" && args.commit !== "unflushed") fail("--commit must be durable or unflushed");
if (args.commit === "unflushed" && backend !== "postgres") fail("--commit=unflushed is for --backend=postgres");
const levels = args.users.split(",").map(Number);
if (levels.some((n) => !Number.isInteger(n) || n < 1 || n > 2000))
  fail("--users must be numbers 1…2000, e.g. 10,50,200");
const seconds = Number(args.seconds);
const publicSeconds = Number(args["public-seconds"]);
if (!(seconds >= 1 && seconds <= 3600) || !(publicSeconds >= 0 && publicSeconds <= 3600)) {
  fail("--seconds and --public-seconds must be 1…3600 (0 skips the public pages)");
}
const pause = (() => {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(args.pause);
  const min = Number(m?.[1]);
  const max = Number(m?.[2] ?? m?.[1]);
  if (!m || max < min || max > 60_000)
    fail("--pause must be milliseconds (0…60000), one number or MIN-MAX, e.g. 1000-3000");
  return { min, max };
})();
/** Requests a browser sends at once, following the redirect after a form was sent. */
const FOLLOWS_A_REDIRECT = new Set(["form: step page (GET)", "form: check your answers (GET)", "form: confirmation"]);
/** The time a user spends on a page before the next request (none by default). */
const readingTime = () => pause.min + Math.random() * (pause.max - pause.min);
const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const BENCH_DB = `herstel_bench_load_${process.pid}`;
const BENCH_LOGIN = `herstel_bench_web_${process.pid}`;
const PUBLIC_URL = "https://herstel.bench.example";
const STAFF_CASES = 8;

function fail(message: string): never {
  console.error(`bench:load: ${message}`);
  process.exit(1);
}
function log(message: string) {
  process.stderr.write(`${message}\n`);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Preparing the database: migrated, a few staff members with sessions, a few cases with a full file.

type Prepared = {
  sessions: { token: string; caseIds: number[] }[];
  env: Record<string, string>;
  /** PostgreSQL: the admin's connection to the bench database (the check at the end). */
  ownerUrl?: string;
  cleanup(): Promise<void>;
};

async function seedStaff(owner: DatabaseHandle, app: DatabaseHandle): Promise<Prepared["sessions"]> {
  const regions = await owner.withRawSession((s) =>
    s.query<{ id: number }>(
      "SELECT id FROM region WHERE code IN ('noord', 'oost', 'midden', 'west', 'zuid') ORDER BY id",
    ),
  );
  const regionId = regions[0]?.id;
  if (regionId === undefined) throw new Error("no regions after migrating");
  await signedInStaff(owner.db, { email: "intake@bench.example", displayName: "Ilse Intake", roles: ["intake"] });
  const userId = async (email: string) =>
    Number(
      (
        await owner.withRawSession((s) => s.query<{ id: string }>(`SELECT id FROM staff_user WHERE email = '${email}'`))
      )[0]?.id,
    );
  const intake: Actor = { userId: await userId("intake@bench.example"), roles: ["intake"], regionIds: [] };
  const sessions: Prepared["sessions"] = [];
  // Four mediators, each the lead of two cases with a full file; one session each.
  for (let m = 1; m <= STAFF_CASES / 2; m++) {
    const email = `mediator${m}@bench.example`;
    const token = await signedInStaff(owner.db, { email, displayName: `Mediator ${m}`, roles: ["mediator"] });
    const id = await userId(email);
    await owner.withRawSession((s) =>
      s.exec(`INSERT INTO staff_region (user_id, region_id) VALUES (${id}, ${regionId})`),
    );
    const mediator: Actor = { userId: id, roles: ["mediator"], regionIds: [regionId] };
    const caseIds = [await richCase(app, intake, mediator, regionId), await richCase(app, intake, mediator, regionId)];
    sessions.push({ token, caseIds });
  }
  return sessions;
}

/**
 * A database of its own on the server, migrated by the admin login; the app logs in as a login of
 * its own that is a member of herstel_app only, as in production (README: "Running on PostgreSQL").
 */
async function preparePostgres(): Promise<Prepared> {
  await adminQuery(`DROP DATABASE IF EXISTS ${BENCH_DB}`);
  await adminQuery(`CREATE DATABASE ${BENCH_DB}`);
  // A diagnosis only (--commit=unflushed): commits no longer wait for the WAL to reach the disk.
  if (args.commit === "unflushed") await adminQuery(`ALTER DATABASE ${BENCH_DB} SET synchronous_commit = off`);
  const url = new URL(adminUrl);
  url.pathname = `/${BENCH_DB}`;
  const owner = openPostgres(url.toString(), 2);
  const app = openPostgres(url.toString(), 2, { role: APP_ROLE });
  try {
    await migrate(owner);
    await adminQuery(`DROP ROLE IF EXISTS ${BENCH_LOGIN}`);
    await adminQuery(
      `CREATE ROLE ${BENCH_LOGIN} LOGIN PASSWORD 'bench' NOINHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE ${APP_ROLE}`,
    );
    const sessions = await seedStaff(owner, app);
    const appUrl = new URL(url);
    appUrl.username = BENCH_LOGIN;
    appUrl.password = "bench";
    return {
      sessions,
      env: { DATABASE_URL: appUrl.toString(), DATABASE_POOL_SIZE: "10" },
      ownerUrl: url.toString(),
      async cleanup() {
        await adminQuery(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
        await adminQuery(`DROP ROLE IF EXISTS ${BENCH_LOGIN}`);
      },
    };
  } finally {
    await app.close();
    await owner.close();
  }
}

async function preparePglite(dataDir: string): Promise<Prepared> {
  const handle = await openPglite(dataDir);
  try {
    await migrate(handle);
    // PGlite is one session: seed the staff as the owner, then the cases as the app.
    const sessions = await seedStaffPglite(handle);
    return {
      sessions,
      env: { DATA_DIR: dataDir },
      cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  } finally {
    await handle.close();
  }
}

async function seedStaffPglite(handle: DatabaseHandle): Promise<Prepared["sessions"]> {
  // One session: the owner first (staff and sessions), then, after the role switch, the app (cases).
  const regions = await handle.withRawSession((s) =>
    s.query<{ id: number }>("SELECT id FROM region WHERE code = 'noord'"),
  );
  const regionId = regions[0]?.id as number;
  await signedInStaff(handle.db, { email: "intake@bench.example", displayName: "Ilse Intake", roles: ["intake"] });
  const staff: { token: string; id: number }[] = [];
  for (let m = 1; m <= STAFF_CASES / 2; m++) {
    const email = `mediator${m}@bench.example`;
    const token = await signedInStaff(handle.db, { email, displayName: `Mediator ${m}`, roles: ["mediator"] });
    const [row] = await handle.withRawSession((s) =>
      s.query<{ id: string }>(`SELECT id FROM staff_user WHERE email = '${email}'`),
    );
    await handle.withRawSession((s) =>
      s.exec(`INSERT INTO staff_region (user_id, region_id) VALUES (${row?.id}, ${regionId})`),
    );
    staff.push({ token, id: Number(row?.id) });
  }
  const [intakeRow] = await handle.withRawSession((s) =>
    s.query<{ id: string }>("SELECT id FROM staff_user WHERE email = 'intake@bench.example'"),
  );
  await switchPgliteRole(handle, APP_ROLE);
  const intake: Actor = { userId: Number(intakeRow?.id), roles: ["intake"], regionIds: [] };
  const sessions: Prepared["sessions"] = [];
  for (const s of staff) {
    const mediator: Actor = { userId: s.id, roles: ["mediator"], regionIds: [regionId] };
    sessions.push({
      token: s.token,
      caseIds: [await richCase(handle, intake, mediator, regionId), await richCase(handle, intake, mediator, regionId)],
    });
  }
  return sessions;
}

async function adminQuery(sql: string, url = adminUrl) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Processes: the app (as in production) and the bare node:http server.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

type Child = { url: string; proc: ChildProcess; output(): string; stop(): Promise<void> };

async function startChild(argv: string[], env: Record<string, string>, readyPath: string): Promise<Child> {
  const port = await freePort();
  const proc = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server ended before it was ready:\n${out}`);
    try {
      if ((await fetch(`${url}${readyPath}`)).status === 200) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server not ready after 180 s:\n${out}`);
    await sleep(250);
  }
  return {
    url,
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      await exited;
    },
  };
}

const BARE_SERVER = `
const http = require("node:http");
const body = Buffer.from("<!doctype html><title>ceiling</title><p>Hello</p>");
http.createServer((req, res) => {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length });
  res.end(body);
}).listen(Number(process.env.PORT), "127.0.0.1");
`;

// ---------------------------------------------------------------------------------------------
// Measuring.

/** One answer: its kind, status, duration and when it ended (performance.now()). */
type Sample = { kind: string; status: number; ms: number; at: number };

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** As many GETs of one path as `connections` keep-alive connections can get answered in `ms`. */
async function hammer(
  url: string,
  connections: number,
  ms: number,
): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const times: number[] = [];
  let errors = 0;
  const end = Date.now() + ms;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.get(url, { agent, headers: { "accept-encoding": "gzip" } }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 200 || res.statusCode === 304) times.push(performance.now() - started);
          else errors++;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
    });
  const began = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) await one();
    }),
  );
  const took = (performance.now() - began) / 1000;
  agent.destroy();
  times.sort((a, b) => a - b);
  return { rps: times.length / took, p50: percentile(times, 0.5), p99: percentile(times, 0.99), errors };
}

class Client {
  readonly cookies = new Map<string, string>();
  csrf = "";
  private readonly baseUrl: string;
  private readonly record: (s: Sample) => void;
  constructor(baseUrl: string, record: (s: Sample) => void) {
    this.baseUrl = baseUrl;
    this.record = record;
  }

  async send(kind: string, method: "GET" | "POST", path: string, fields?: Record<string, string | string[]>) {
    // Reading the page before this request (a form step: filling it in); not part of its time. A
    // browser follows a redirect at once.
    if (pause.max > 0 && !FOLLOWS_A_REDIRECT.has(kind)) await sleep(readingTime());
    let form: URLSearchParams | undefined;
    if (fields) {
      form = new URLSearchParams();
      for (const [name, value] of Object.entries({ _csrf: this.csrf, ...fields })) {
        for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
      }
    }
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const started = performance.now();
    let status = 0;
    let body = "";
    let location: string | null = null;
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        redirect: "manual",
        headers: {
          ...(cookie ? { cookie } : {}),
          // As a browser posts this site's forms (Referrer-Policy no-referrer: Origin is "null").
          ...(form
            ? { "content-type": "application/x-www-form-urlencoded", origin: "null", "sec-fetch-site": "same-origin" }
            : {}),
        },
        body: form?.toString(),
        signal: AbortSignal.timeout(60_000),
      });
      body = await res.text();
      status = res.status;
      location = res.headers.get("location");
      for (const line of res.headers.getSetCookie()) {
        const [pair = ""] = line.split(";");
        const eq = pair.indexOf("=");
        const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
        if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
      const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
      if (token) this.csrf = token;
    } catch {
      status = 0;
    }
    this.record({ kind, status, ms: performance.now() - started, at: performance.now() });
    return { status, body, location };
  }

  /** Sends again after a 503, as the busy page asks (here after a second, not half a minute). */
  async persist(
    kind: string,
    method: "GET" | "POST",
    path: string,
    fields?: Record<string, string | string[]>,
    expected = 200,
  ) {
    for (let attempt = 0; attempt < 30; attempt++) {
      const answer = await this.send(kind, method, path, fields);
      if (answer.status === expected) return answer;
      if (answer.status !== 503) {
        const said = /<h1[^>]*>([^<]{0,120})/.exec(answer.body)?.[1] ?? answer.body.slice(0, 120);
        throw new Error(`${kind} ${path}: expected ${expected}, got ${answer.status} (${said})`);
      }
      await sleep(1000);
    }
    throw new Error(`${kind} ${path}: still 503 after 30 tries`);
  }
}

function person(n: string): Values {
  return {
    role: "victim",
    offenceCategory: "violence",
    policeReport: "yes",
    otherPartyKnown: "no",
    name: `Belasting ${n}`,
    ageGroup: "25_44",
    email: `load-${n}@example.org`,
    contactChannels: ["email"],
    voicemailAllowed: "no",
    senderNameAllowed: "yes",
    language: "nl",
    interpreterNeeded: "no",
  };
}

type Acknowledged = { draftId: string; reference?: string; at: number };

async function register(client: Client, n: string, acknowledged: Acknowledged[]) {
  await client.persist("public: home page", "GET", "/");
  await client.persist("form: first page", "GET", "/aanmelden");
  let answer = await client.persist("form: step (POST)", "POST", "/aanmelden", { path: "self" }, 303);
  const draftCookie = [...client.cookies.keys()].find((k) => k.endsWith("herstel_aanmelding"));
  const draftId = draftCookie ? client.cookies.get(draftCookie) : undefined;
  if (!draftId) throw new Error("no draft cookie after starting the form");
  for (const step of journey("self", person(n)).steps) {
    if (answer.location)
      await client.persist("form: step page (GET)", "GET", new URL(answer.location, PUBLIC_URL).pathname);
    const fields = Object.fromEntries(
      Object.entries(step.fields).map(([name, f]) => [name, f.value === true ? "yes" : (f.value as string | string[])]),
    );
    answer = await client.persist("form: step (POST)", "POST", `/aanmelden/stap/${step.id}`, fields, 303);
  }
  await client.persist("form: check your answers (GET)", "GET", "/aanmelden/controleren");
  await client.persist(
    "form: send (POST)",
    "POST",
    "/aanmelden/controleren",
    { privacyAgreed: "yes", website: "" },
    303,
  );
  const ack: Acknowledged = { draftId, at: performance.now() };
  acknowledged.push(ack);
  const done = await client.persist("form: confirmation", "GET", "/aanmelden/bevestiging");
  ack.reference = /HB-\d{4}-\d{6}/.exec(done.body)?.[0];
}

async function staffRound(client: Client, caseIds: number[], i: number) {
  const caseId = caseIds[i % caseIds.length] as number;
  await client.persist("staff: case list", "GET", "/medewerkers/zaken");
  await client.persist("staff: case page", "GET", `/medewerkers/zaken/${caseId}`);
  if (i % 3 === 0) {
    const today = new Date().toISOString().slice(0, 10);
    const saved = await client.send("staff: save a note (POST)", "POST", `/medewerkers/zaken/${caseId}/activiteiten`, {
      intent: "activity",
      kind: "note",
      occurredOn: today,
      summary: "Telefonisch gesproken over de planning van het gesprek; beide partijen willen in maart.",
    });
    if (saved.status !== 200 && saved.status !== 303 && saved.status !== 503) {
      throw new Error(`save a note: got ${saved.status}`);
    }
  }
}

type LevelResult = {
  users: number;
  registrants: number;
  staff: number;
  seconds: number;
  registrations: number;
  /** Registrations under way at the end of the window that finished afterwards (checked too). */
  finishedAfter: number;
  samples: Sample[];
  problems: string[];
  /** Processor time during the window, where /proc can tell. */
  cpu?: CpuTimes;
};

// ---------------------------------------------------------------------------------------------
// Processor time (Linux /proc): the app's, PostgreSQL's (every `postgres` process) and the
// benchmark's own, so that a run says where the two cores went and what one request costs,
// which varies far less from run to run than requests per second do.

type CpuTimes = { app: number; postgres: number; bench: number; busy: number; all: number };

const TICK_MS = 10; // USER_HZ is 100 on Linux.

function processTicks(pid: number | string): { comm: string; ticks: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat
      .slice(close + 2)
      .split(" ")
      .map(Number);
    // After the name: state is field 3, utime 14 and stime 15 (man 5 proc).
    return { comm, ticks: (fields[11] ?? 0) + (fields[12] ?? 0) };
  } catch {
    return undefined;
  }
}

function cpuTimes(appPid: number | undefined): CpuTimes | undefined {
  if (!fs.existsSync("/proc/stat") || appPid === undefined) return undefined;
  const app = processTicks(appPid);
  if (!app) return undefined;
  let postgres = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const p = processTicks(entry);
    if (p?.comm === "postgres") postgres += p.ticks;
  }
  const own = process.cpuUsage();
  const cpu = (fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").split(/\s+/).slice(1).map(Number);
  const all = cpu.reduce((a, b) => a + b, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  return {
    app: app.ticks * TICK_MS,
    postgres: postgres * TICK_MS,
    bench: (own.user + own.system) / 1000,
    busy: (all - idle) * TICK_MS,
    all: all * TICK_MS,
  };
}

/** Processor time spent between two readings, in ms (PostgreSQL: processes that ended in between are not counted). */
function cpuSpent(a: CpuTimes | undefined, b: CpuTimes | undefined): CpuTimes | undefined {
  if (!a || !b) return undefined;
  return {
    app: b.app - a.app,
    postgres: Math.max(0, b.postgres - a.postgres),
    bench: b.bench - a.bench,
    busy: b.busy - a.busy,
    all: b.all - a.all,
  };
}

async function runLevel(
  url: string,
  users: number,
  sessions: Prepared["sessions"],
  acknowledged: Acknowledged[],
  appPid?: number,
) {
  const staff = Math.max(1, Math.round(users / 10));
  const registrants = Math.max(0, users - staff);
  const samples: Sample[] = [];
  const problems: string[] = [];
  const record = (s: Sample) => samples.push(s);
  let stopping = false;
  const before = acknowledged.length;
  const began = performance.now();
  const cpuBefore = cpuTimes(appPid);
  const loops: Promise<void>[] = [];
  for (let u = 0; u < registrants; u++) {
    loops.push(
      (async () => {
        for (let i = 0; !stopping; i++) {
          await register(new Client(url, record), `${users}-${u}-${i}`, acknowledged).catch((e: unknown) =>
            problems.push(String(e)),
          );
        }
      })(),
    );
  }
  for (let s = 0; s < staff; s++) {
    const session = sessions[s % sessions.length] as Prepared["sessions"][number];
    const client = new Client(url, record);
    client.cookies.set("__Host-herstel_sessie", session.token);
    loops.push(
      (async () => {
        for (let i = s; !stopping; i++) {
          await staffRound(client, session.caseIds, i).catch((e: unknown) => problems.push(String(e)));
        }
      })(),
    );
  }
  await sleep(seconds * 1000);
  stopping = true;
  const ended = performance.now();
  const cpu = cpuSpent(cpuBefore, cpuTimes(appPid));
  // Registrations under way finish (and are checked at the end); the figures count the window only.
  await Promise.all(loops);
  return {
    users,
    registrants,
    staff,
    seconds: (ended - began) / 1000,
    registrations: acknowledged.slice(before).filter((a) => a.at <= ended).length,
    finishedAfter: acknowledged.slice(before).filter((a) => a.at > ended).length,
    samples: samples.filter((s) => s.at <= ended),
    problems,
    cpu,
  } satisfies LevelResult;
}

// ---------------------------------------------------------------------------------------------
// Reporting.

function levelTable(r: LevelResult): string {
  const kinds = [...new Set(r.samples.map((s) => s.kind))].sort();
  const lines = [
    `### ${r.users} users (${r.registrants} registering, ${r.staff} staff), ${r.seconds.toFixed(0)} s`,
    "",
    `Full registrations: ${r.registrations} (${(r.registrations / r.seconds).toFixed(1)}/s; ${r.finishedAfter} more finished after the window); requests: ${r.samples.length} (${(
      r.samples.length / r.seconds
    ).toFixed(0)}/s); 503 answers: ${r.samples.filter((s) => s.status === 503).length}; problems: ${r.problems.length}`,
    "",
    "| request | count | p50 ms | p95 ms | p99 ms | 503 | other errors |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const kind of kinds) {
    const of = r.samples.filter((s) => s.kind === kind);
    const ok = of
      .filter((s) => s.status > 0 && s.status < 400)
      .map((s) => s.ms)
      .sort((a, b) => a - b);
    const shed = of.filter((s) => s.status === 503).length;
    const other = of.filter((s) => s.status === 0 || (s.status >= 400 && s.status !== 503)).length;
    lines.push(
      `| ${kind} | ${of.length} | ${percentile(ok, 0.5).toFixed(0)} | ${percentile(ok, 0.95).toFixed(0)} | ${percentile(ok, 0.99).toFixed(0)} | ${shed} | ${other} |`,
    );
  }
  if (r.cpu) {
    const n = Math.max(1, r.samples.length);
    const c = r.cpu;
    lines.push(
      "",
      `Processor time in the window: Herstel ${(c.app / 1000).toFixed(1)} s (**${(c.app / n).toFixed(1)} ms per request**), ` +
        `PostgreSQL ${(c.postgres / 1000).toFixed(1)} s (${(c.postgres / n).toFixed(1)} ms per request), ` +
        `the benchmark's clients ${(c.bench / 1000).toFixed(1)} s; the machine was busy ${(c.busy / 1000).toFixed(1)} of ${(c.all / 1000).toFixed(1)} core-seconds.`,
    );
  }
  if (r.problems.length > 0) lines.push("", `First problems: ${[...new Set(r.problems)].slice(0, 5).join("; ")}`);
  return lines.join("\n");
}

/** The functions with the most time of their own in a V8 CPU profile. */
function profileSummary(file: string, top = 20): string {
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as {
    nodes: Node[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    if (!node) return;
    const f = node.callFrame;
    const where = f.url ? `${f.url.replace(/^file:\/\//, "").replace(ROOT, ".")}:${f.lineNumber + 1}` : "";
    const key = `${f.functionName || "(anonymous)"} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  // The same time by area: a package, the app's own code, Node's internals, idle, GC.
  const areas = new Map<string, number>();
  for (const [key, us] of self) {
    const area =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(key)?.[1] ??
      (key.includes("./build/server") ? "app (build/server)" : undefined) ??
      (key.includes("./app/") || key.includes("./server/") ? "app (server code)" : undefined) ??
      (key.startsWith("(idle)")
        ? "(idle)"
        : key.startsWith("(garbage collector)")
          ? "(garbage collector)"
          : "node internals");
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const areaRows = [...areas].sort((a, b) => b[1] - a[1]).slice(0, 12);
  return [
    `| area | self time | share |`,
    `|---|---|---|`,
    ...areaRows.map(([k, us]) => `| ${k} | ${(us / 1000).toFixed(0)} ms | ${((100 * us) / total).toFixed(1)}% |`),
    "",
    `| self time | share | function |`,
    `|---|---|---|`,
    ...rows.map(
      ([k, us]) => `| ${(us / 1000).toFixed(0)} ms | ${((100 * us) / total).toFixed(1)}% | \`${k.slice(0, 140)}\` |`,
    ),
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!fs.existsSync(path.join(ROOT, "build/server/index.js"))) fail("no build: run `npm run build` first");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-bench-load-"));
  log(`bench:load on ${backend}: preparing the database`);
  const prepared = backend === "postgres" ? await preparePostgres() : await preparePglite(dataDir);
  const profileDir = path.join(ROOT, "reports/profiles");
  const nodeArgs = args["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  if (args["cpu-prof"]) fs.mkdirSync(profileDir, { recursive: true });
  const profilesBefore = new Set(args["cpu-prof"] ? fs.readdirSync(profileDir) : []);
  const appEnv = {
    NODE_ENV: "production",
    PUBLIC_URL,
    ALLOW_PLAIN_HTTP: "local-tls-proxy",
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    DEMO_DATA: "off",
    RATE_LIMIT_FACTOR: "100000",
    ...fixedKeysEnv(KEYS),
    ...prepared.env,
  };
  const app = await startChild([...nodeArgs, "server.ts"], appEnv, "/readyz");
  const bare = await startChild(["-e", BARE_SERVER], {}, "/");
  const out: string[] = [];
  out.push(
    `## bench:load, ${backend}, ${new Date().toISOString()}`,
    "",
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}; Node ${process.version}.`,
    "",
    pause.max > 0
      ? `Each user reads every page for ${pause.min}–${pause.max} ms before the next request (a redirect is followed at once).`
      : "No pauses: each user sends the next request as soon as the previous one is answered.",
    "",
    ...(args.commit === "unflushed"
      ? [
          "**Diagnosis, not Herstel's setting**: synchronous_commit = off on the benchmark's database (commits do not wait for the disk).",
          "",
        ]
      : []),
  );
  const acknowledged: Acknowledged[] = [];
  try {
    if (publicSeconds > 0) {
      log(`public pages: GET / at 50 connections for ${publicSeconds} s, then the bare node:http server`);
      const page = await hammer(`${app.url}/`, 50, publicSeconds * 1000);
      const ceiling = await hammer(`${bare.url}/`, 50, publicSeconds * 1000);
      out.push(
        "### Public pages, 50 connections",
        "",
        "| server | requests/s | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---|",
        `| Herstel \`GET /\` | ${page.rps.toFixed(0)} | ${page.p50.toFixed(1)} | ${page.p99.toFixed(1)} | ${page.errors} |`,
        `| bare \`node:http\` (ceiling) | ${ceiling.rps.toFixed(0)} | ${ceiling.p50.toFixed(1)} | ${ceiling.p99.toFixed(1)} | ${ceiling.errors} |`,
        "",
      );
    }
    for (const users of levels) {
      log(`${users} users for ${seconds} s`);
      const result = await runLevel(app.url, users, prepared.sessions, acknowledged, app.proc.pid);
      out.push(levelTable(result), "");
      log(
        `  ${result.registrations} registrations, ${result.samples.length} requests, ${result.problems.length} problems`,
      );
    }
  } finally {
    await bare.stop();
    await app.stop();
  }

  // Every acknowledged registration stored exactly once, under the reference it was shown.
  const stored =
    backend === "postgres"
      ? ((await adminQuery("SELECT idempotency_key::text AS key, reference FROM registration", prepared.ownerUrl)) as {
          key: string;
          reference: string;
        }[])
      : await readPglite(dataDir);
  const byKey = new Map<string, string[]>();
  for (const row of stored) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row.reference]);
  const wrong = acknowledged.filter((a) => {
    const refs = byKey.get(a.draftId) ?? [];
    return refs.length !== 1 || (a.reference !== undefined && refs[0] !== a.reference);
  });
  out.push(
    `Stored exactly once: ${acknowledged.length - wrong.length} of ${acknowledged.length} acknowledged registrations` +
      (wrong.length ? ` (**${wrong.length} missing or doubled**)` : "") +
      `; ${stored.length} registrations in the database.`,
    `Load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}.`,
  );
  if (args["cpu-prof"]) {
    const profiles = fs.readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile") && !profilesBefore.has(f));
    for (const file of profiles) {
      out.push(
        "",
        `### Where the server's time went (${path.join("reports/profiles", file)})`,
        "",
        profileSummary(path.join(profileDir, file)),
      );
    }
  }
  await prepared.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`${out.join("\n")}\n`);
  if (wrong.length > 0) process.exit(1);
}

async function readPglite(dataDir: string): Promise<{ key: string; reference: string }[]> {
  const handle = await openPglite(dataDir);
  try {
    return await handle.withRawSession((s) =>
      s.query<{ key: string; reference: string }>("SELECT idempotency_key::text AS key, reference FROM registration"),
    );
  } finally {
    await handle.close();
  }
}

await main();
