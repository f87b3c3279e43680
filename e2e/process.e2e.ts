import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { fixedKeysEnv } from "../app/testing/test-keys.ts";
import { PROJECT_ROOT, startServer, tempDataDir } from "./support/server-process.ts";

const WRITER = path.join(PROJECT_ROOT, "e2e/support/pglite-writer.ts");
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;
const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir() {
  const dir = tempDataDir();
  cleanup.push(dir);
  return dir;
}

function writeRows(dir: string, count: number) {
  const result = spawnSync(process.execPath, [WRITER, "write", dir, String(count)], { encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
}

function storedKeys(dir: string): string[] {
  const result = spawnSync(process.execPath, [WRITER, "verify", dir], { encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as string[];
}

describe("the embedded database folder", () => {
  it("refuses a second instance with a clear message and leaves the first one and its data intact", async () => {
    const dir = dataDir();
    writeRows(dir, 25);
    const first = await startServer({ dataDir: dir });
    await first.waitReady();
    const second = await startServer({ dataDir: dir });
    const exit = await second.exited();
    expect(exit.code).toBe(1);
    expect(second.output()).toContain(`already in use by another Herstel process (pid ${first.proc.pid})`);
    expect(second.output()).not.toMatch(STACK_TRACE);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${first.url}/`)).status).toBe(200);
    expect((await first.stop("SIGTERM")).code).toBe(0);
    expect(storedKeys(dir)).toHaveLength(25);
  });

  it("closes cleanly on SIGTERM and SIGINT, releasing the folder", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const dir = dataDir();
      const server = await startServer({ dataDir: dir });
      await server.waitReady();
      const exit = await server.stop(signal);
      expect(exit.code).toBe(0);
      expect(server.output()).toContain('"msg":"stopped"');
      expect(fs.existsSync(path.join(dir, "herstel.lock"))).toBe(false);
    }
  });

  it("keeps every acknowledged write after kill -9 in the middle of writing, and the app starts again", async () => {
    const dir = dataDir();
    const writer = spawn(process.execPath, [WRITER, "write", dir], { stdio: ["ignore", "pipe", "pipe"] });
    const acked: string[] = [];
    let buffered = "";
    await new Promise<void>((resolve, reject) => {
      writer.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) if (line.startsWith("ack ")) acked.push(`crash.k${line.slice(4)}`);
        if (acked.length >= 300) {
          writer.kill("SIGKILL");
          resolve();
        }
      });
      writer.on("exit", () => resolve());
      setTimeout(() => reject(new Error("writer too slow")), 45_000);
    });
    await new Promise((r) => writer.once("exit", r).once("close", r));
    expect(acked.length).toBeGreaterThanOrEqual(300);
    expect(fs.existsSync(path.join(dir, "herstel.lock"))).toBe(true);

    const server = await startServer({ dataDir: dir });
    await server.waitReady();
    expect((await fetch(`${server.url}/`)).status).toBe(200);
    expect((await server.stop()).code).toBe(0);

    const keys = new Set(storedKeys(dir));
    const lost = acked.filter((k) => !keys.has(k));
    expect(lost).toEqual([]);
  });

  it("says clearly when the folder cannot be used or opened", async () => {
    const parent = dataDir();
    fs.writeFileSync(path.join(parent, "a-file"), "");
    const notAFolder = await startServer({ dataDir: path.join(parent, "a-file", "data") });
    expect((await notAFolder.exited()).code).toBe(1);
    expect(notAFolder.output()).toContain("Cannot use the data folder");
    expect(notAFolder.output()).not.toMatch(STACK_TRACE);

    const damaged = dataDir();
    fs.mkdirSync(path.join(damaged, "pgdata"));
    fs.writeFileSync(path.join(damaged, "pgdata", "PG_VERSION"), "99\n");
    const server = await startServer({ dataDir: damaged });
    expect((await server.exited()).code).toBe(1);
    expect(server.output()).toContain(`The embedded database in ${damaged} could not be opened`);
    expect(server.output()).not.toMatch(STACK_TRACE);
    expect(fs.existsSync(path.join(damaged, "herstel.lock"))).toBe(false);
  });
});

describe("demo mode", () => {
  it("fills a fresh embedded database with demo accounts and says loudly that they are for demo only", async () => {
    const server = await startServer({ env: { DEMO_DATA: "on" } });
    await server.waitReady();
    await server.stop();
    const out = server.output();
    expect(out).toContain("DEMO ONLY: these accounts exist only in this demo database.");
    for (const role of ["intake", "mediator", "coordinator", "administrator", "researcher"]) {
      expect(out).toMatch(new RegExp(`${role}\\s+\\S+@demo\\.herstel\\.example\\s+TOTP secret [A-Z2-7]{32}`));
    }
  });

  it("never creates demo accounts in production", async () => {
    const server = await startServer({
      env: {
        DEMO_DATA: "on",
        NODE_ENV: "production",
        APP_SECRET: "p".repeat(40),
        PUBLIC_URL: "https://herstel.example.org",
      },
    });
    await server.waitReady();
    await server.stop();
    expect(server.output()).not.toContain("DEMO ONLY");
    expect(server.output()).not.toContain("@demo.herstel.example");
  });
});

describe("logs", () => {
  it("are JSON lines with a request id, and leave out query strings and form content", async () => {
    const server = await startServer();
    await server.waitReady();
    const res = await fetch(`${server.url}/?email=jan.jansen@example.org&naam=Jan`, {
      headers: { "x-request-id": "test-req-0001" },
    });
    expect(res.headers.get("x-request-id")).toBe("test-req-0001");
    await fetch(`${server.url}/taal`, { method: "POST", body: new URLSearchParams({ naam: "Jan Jansen\r\nforged" }) });
    await server.stop();
    const lines = server
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"));
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const request = entries.find((e) => e.requestId === "test-req-0001" && e.msg === "request");
    expect(request).toMatchObject({ method: "GET", path: "/", status: 200 });
    expect(server.output()).not.toContain("jan.jansen");
    expect(server.output()).not.toContain("Jan Jansen");
  });
});

describe("configuration and database problems at start-up", () => {
  it("stops with one readable line per invalid setting", async () => {
    const server = await startServer({ env: { PORT: "abc", DATABASE_URL: "mysql://db/herstel", LOG_LEVEL: "loud" } });
    expect((await server.exited()).code).toBe(1);
    const out = server.output();
    expect(out).toContain("Herstel cannot start");
    expect(out).toMatch(/- PORT must be a whole number \(got "abc"\)/);
    expect(out).toMatch(/- DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ address/);
    expect(out).toMatch(/- LOG_LEVEL must be one of/);
    expect(out).not.toMatch(STACK_TRACE);
  });

  it("keeps running with an unreachable PostgreSQL, explains why, and answers 503 on /readyz", async () => {
    const server = await startServer({ env: { DATABASE_URL: "postgres://herstel:Pw9f3kQz@127.0.0.1:1/herstel" } });
    try {
      const deadline = Date.now() + 15_000;
      while (!server.output().includes("Cannot connect") && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(server.output()).toContain("Cannot connect to PostgreSQL at 127.0.0.1:1: connection refused");
      expect(server.output()).not.toContain("Pw9f3kQz");
      expect(server.output()).not.toMatch(STACK_TRACE);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("runs on PostgreSQL with its own login role, migrated by the owner (when a server is reachable)", async (ctx) => {
    const admin = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
    const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
    } catch {
      if (process.env.REQUIRE_POSTGRES === "1") throw new Error("PostgreSQL required but not reachable");
      ctx.skip();
      return;
    }
    const name = `herstel_e2e_${process.pid}`;
    await client.query(`CREATE DATABASE ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    // The app logs in as its own role (a member of herstel_app only); migrations as the owner.
    // The group role is created by the first migration; on a server that never ran one, here first.
    await client.query(
      `DO $$ BEGIN CREATE ROLE herstel_app NOLOGIN;
       EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
    );
    await client.query(
      `DO $$ BEGIN CREATE ROLE herstel_test_app_login LOGIN NOINHERIT IN ROLE herstel_app;
       EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
    );
    const appUrl = new URL(url);
    appUrl.username = "herstel_test_app_login";
    try {
      // Production refuses a login that could become the owner (here the superuser).
      const refused = await startServer({
        env: {
          DATABASE_URL: url.toString(),
          MIGRATION_DATABASE_URL: url.toString(),
          NODE_ENV: "production",
          PUBLIC_URL: "https://herstel.example.org",
          ...fixedKeysEnv("process"),
        },
      });
      await expect.poll(() => refused.output(), { timeout: 20_000 }).toContain("can become the owner of the tables");
      expect((await fetch(`${refused.url}/readyz`)).status).toBe(503);
      await refused.stop();
      const server = await startServer({
        env: { DATABASE_URL: appUrl.toString(), MIGRATION_DATABASE_URL: url.toString() },
      });
      await server.waitReady();
      expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: "ready", database: "postgres" });
      expect((await fetch(`${server.url}/`)).status).toBe(200);
      expect(server.output()).not.toContain("can become the owner");
      expect((await server.stop()).code).toBe(0);
      const check = new pg.Client({ connectionString: url.toString() });
      await check.connect();
      const { rows } = await check.query("SELECT count(*)::int AS n FROM schema_migration");
      await check.end();
      expect(rows[0].n).toBeGreaterThan(0);
    } finally {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    }
  });
});
