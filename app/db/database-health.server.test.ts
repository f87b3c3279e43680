import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../lib/logger.server.ts";
import { runInRequestScope } from "../lib/request-scope.server.ts";
import { createDatabaseHealth, type DatabaseHealth } from "./database-health.server.ts";

const terminated = () =>
  Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

function setup(options: { pingFailures?: number; graceMs?: number; burstLogMs?: number } = {}) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger("debug", { write: (line: string) => void lines.push(JSON.parse(line)) });
  let failures = options.pingFailures ?? 0;
  let pings = 0;
  const health = createDatabaseHealth({
    logger,
    retryDelaysMs: [5, 10],
    graceMs: options.graceMs ?? 0,
    burstLogMs: options.burstLogMs,
    async ping() {
      pings++;
      if (failures-- > 0) throw refused();
    },
  });
  created.push(health);
  return { health, lines, pings: () => pings, messages: () => lines.map((l) => l.msg) };
}

const created: DatabaseHealth[] = [];
afterEach(() => {
  for (const h of created.splice(0)) h.stop();
});

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in 5 s");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("database health", () => {
  it("logs an outage once however many calls fail, and its end once, after a check succeeds", async () => {
    const { health, lines, messages, pings } = setup({ pingFailures: 3 });
    for (let i = 0; i < 50; i++) health.report(i % 2 ? refused() : terminated(), "query");
    expect(health.available).toBe(false);
    await until(() => health.available);
    expect(pings()).toBe(4);
    expect(messages()).toEqual([
      "database unavailable; requests get 503 until it answers again",
      "database available again; requests are served normally",
    ]);
    expect(lines[0]).toMatchObject({ level: 50, code: "57P01", source: "query" });
    expect(lines[0]?.reason).toBe("terminating connection due to administrator command");
    expect(lines[1]).toMatchObject({ level: 30, failedCalls: 50 });
    expect(lines[1]?.downMs).toBeGreaterThanOrEqual(0);
  });

  it("logs a second outage again", async () => {
    const { health, messages } = setup();
    health.report(terminated(), "client");
    await until(() => health.available);
    health.report(refused(), "connect");
    expect(health.available).toBe(false);
    await until(() => health.available);
    expect(messages().filter((m) => String(m).startsWith("database unavailable"))).toHaveLength(2);
  });

  it("counts errors that arrive just after a recovery as part of the outage that ended", async () => {
    const { health, messages } = setup({ graceMs: 60_000 });
    health.report(terminated(), "client");
    await until(() => health.available);
    health.report(terminated(), "client");
    expect(health.available).toBe(true);
    expect(messages()).toHaveLength(2);
  });

  it("ignores errors that are not about the database being there", () => {
    const { health, lines } = setup();
    health.report(Object.assign(new Error("duplicate key"), { code: "23505" }), "query");
    health.report(new TypeError("bug"), "query");
    expect(health.available).toBe(true);
    expect(lines).toEqual([]);
  });

  it("logs statement timeouts with the request id, one line per burst", () => {
    const { health, lines } = setup({ burstLogMs: 60_000 });
    const timeout = () => Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" });
    runInRequestScope("req-0001", () => health.report(timeout(), "query"));
    health.report(timeout(), "query");
    health.report(new Error("timeout exceeded when trying to connect"), "connect");
    expect(health.available).toBe(true);
    expect(lines.map((l) => [l.msg, l.requestId, l.code])).toEqual([
      ["a database statement ran past its timeout and was stopped; the request got 503", "req-0001", "57014"],
      ["no database connection became free within the pool wait; the request got 503", undefined, undefined],
    ]);
  });
});
