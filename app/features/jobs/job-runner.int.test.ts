import { afterEach, beforeEach, expect, it } from "vitest";
import { createFaultInjector } from "../../db/testing/fault-injection.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { DatabaseProvider } from "../../lib/app-context.ts";
import { createLogger } from "../../lib/logger.server.ts";
import { LeaseLostError } from "./job-lease.server.ts";
import { createJobRunner, type JobContext, type JobDefinition, type JobRunner } from "./job-runner.server.ts";

/** A job that runs until the test lets it go (or its signal is aborted), and remembers how it ended. */
function heldJob(name: string, options: Partial<JobDefinition> = {}) {
  const runs: { context: JobContext; ended?: unknown }[] = [];
  let letGo: () => void = () => {};
  const job: JobDefinition = {
    name,
    schedule: { everyMs: 60_000 },
    async run(context) {
      const run: { context: JobContext; ended?: unknown } = { context };
      runs.push(run);
      await new Promise<void>((resolve, reject) => {
        letGo = resolve;
        context.signal.addEventListener("abort", () => reject(context.signal.reason));
      }).catch((reason: unknown) => {
        run.ended = reason;
      });
    },
    ...options,
  };
  return { job, runs, letGo: () => letGo() };
}

async function until(condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describeWithDatabase("job runner", (handle) => {
  const logLines: Record<string, unknown>[] = [];
  const logger = createLogger("debug", { write: (line: string) => void logLines.push(JSON.parse(line)) });
  const runners: JobRunner[] = [];
  const messages = () => logLines.map((l) => l.msg);

  function runner(holder: string, database = provider()): JobRunner {
    const r = createJobRunner({ database, logger, dailyPollMs: 60_000, holder });
    runners.push(r);
    return r;
  }
  function provider(h = handle()): DatabaseProvider {
    const p = new DatabaseProvider();
    p.setReady(h);
    return p;
  }
  const row = (name: string) =>
    handle().db.selectFrom("job_lease").selectAll().where("name", "=", name).executeTakeFirst();

  beforeEach(async () => {
    await handle().db.deleteFrom("job_lease").execute();
    logLines.length = 0;
  });
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
  });

  it("runs a job in one instance at a time; the other instance takes it once it is free", async () => {
    const held = heldJob("exclusive");
    const [a, b] = [runner("instance-a"), runner("instance-b")];
    a.register(held.job);
    b.register(held.job);

    const first = a.runNow("exclusive");
    await until(() => held.runs.length === 1);
    expect(await b.runNow("exclusive")).toBe("held-elsewhere");
    expect(await a.runNow("exclusive")).toBe("busy");
    expect(await row("exclusive")).toMatchObject({ holder: "instance-a", token: 1 });
    held.letGo();
    expect(await first).toBe("ran");
    expect(await row("exclusive")).toMatchObject({ holder: null, lease_until: null, failures: 0 });

    const second = b.runNow("exclusive");
    await until(() => held.runs.length === 2);
    held.letGo();
    expect(await second).toBe("ran");
    expect(await row("exclusive")).toMatchObject({ holder: null, token: 2 });
  });

  it("runs a daily job once per day and records when it succeeded", async () => {
    let count = 0;
    const r = runner("instance-a");
    r.register({ name: "daily", schedule: { dailyAt: "03:30" }, run: async () => void count++ });
    expect(await r.runNow("daily")).toBe("ran");
    expect(await r.runNow("daily")).toBe("not-due");
    expect(count).toBe(1);
    expect((await row("daily"))?.last_succeeded_at).toBeInstanceOf(Date);
    expect(messages()).toContain("job finished");
  });

  it("stops a job that lost its lease to another instance, and its fenced writes fail", async () => {
    const held = heldJob("taken", { leaseMs: 300 });
    const r = runner("instance-a");
    r.register(held.job);
    const result = r.runNow("taken");
    await until(() => held.runs.length === 1);
    // Another instance takes over (as after our lease had run out).
    await handle().db.updateTable("job_lease").set({ holder: "instance-b", token: 99 }).execute();

    expect(await result).toBe("lease-lost");
    const [run] = held.runs;
    expect(run?.ended).toBeInstanceOf(LeaseLostError);
    await expect(
      handle()
        .db.transaction()
        .execute((trx) => run?.context.assertLease(trx) ?? Promise.resolve()),
    ).rejects.toBeInstanceOf(LeaseLostError);
    expect(messages()).toContain("job lost its lease; stopping it");
    // The other instance's lease is left alone.
    expect(await row("taken")).toMatchObject({ holder: "instance-b", token: 99 });
  });

  it("stops a running job when the database goes away, says so once, and runs it again when it is back", async () => {
    const faults = createFaultInjector();
    const held = heldJob("survivor", { leaseMs: 300 });
    const r = runner("instance-a", provider(faults.wrap(handle())));
    r.register(held.job);
    const result = r.runNow("survivor");
    await until(() => held.runs.length === 1);

    faults.failAll(true);
    expect(await result).toBe("lease-lost");
    expect(held.runs[0]?.ended).toBeInstanceOf(LeaseLostError);
    expect(await r.runNow("survivor")).toBe("database-unavailable");
    expect(await r.runNow("survivor")).toBe("database-unavailable");
    expect(messages().filter((m) => m === "job cannot reach the database; trying again with back-off")).toHaveLength(1);

    faults.failAll(false);
    const again = r.runNow("survivor");
    await until(() => held.runs.length === 2);
    held.letGo();
    expect(await again).toBe("ran");
    expect(messages()).toContain("job reaches the database again");
  });

  it("records a failed run by its error name only, and a daily job waits before trying again", async () => {
    const r = runner("instance-a");
    r.register({
      name: "failing",
      schedule: { dailyAt: "03:30" },
      run: async () => {
        throw new RangeError("contains jan@example.org");
      },
    });
    expect(await r.runNow("failing")).toBe("failed");
    expect(await row("failing")).toMatchObject({ failures: 1, last_error: "RangeError", last_succeeded_at: null });
    expect(await r.runNow("failing")).toBe("not-due");
    expect(JSON.stringify(logLines)).not.toContain("jan@example.org");
  });

  it("runs jobs on their schedule after start(), and stop() ends a running one", async () => {
    let count = 0;
    const held = heldJob("long");
    const r = runner("instance-a");
    r.register({ name: "often", schedule: { everyMs: 20 }, run: async () => void count++ });
    r.register(held.job);
    r.start();
    await until(() => count >= 3 && held.runs.length === 1);
    await r.stop();
    expect(held.runs[0]?.ended).toBeInstanceOf(Error);
    const after = count;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(count).toBe(after);
    expect(await r.runNow("often")).toBe("stopped");
  });
});
