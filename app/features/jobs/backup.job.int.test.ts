import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { expect, it } from "vitest";
import { createDailyBackup, listBackups } from "../../db/backup/daily-backup.server.ts";
import { openPglite } from "../../db/database.server.ts";
import { migrate } from "../../db/migrate.server.ts";
import { DatabaseProvider } from "../../lib/app-context.ts";
import { backupJob } from "./backup.job.server.ts";
import { createJobRunner } from "./job-runner.server.ts";

it("the daily backup runs on the job runner: not right after start-up, then once, and in one instance at a time", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-backup-job-"));
  const handle = await openPglite(dataDir);
  try {
    await migrate(handle);
    const logger = pino({ level: "silent" });
    let now = new Date("2026-12-01T02:00:00Z");
    const database = new DatabaseProvider();
    database.setReady(handle);
    const daily = createDailyBackup({ handle, dataDir, keep: 3, logger, now: () => now });
    const runner = (holder: string) =>
      createJobRunner({ database, logger, dailyPollMs: 60_000, holder, now: () => now });
    const a = runner("instance-a");
    const b = runner("instance-b");
    a.register(backupJob(daily, { firstCheckMs: 10 * 60_000, now: () => now }));
    b.register(backupJob(daily, { firstCheckMs: 10 * 60_000, now: () => now }));

    // Within ten minutes of start-up: the job runs but makes nothing.
    expect(await a.runNow("backup")).toBe("ran");
    expect(listBackups(dataDir)).toEqual([]);

    // Later: while instance A makes the backup, instance B finds the job's lease taken.
    now = new Date("2026-12-01T02:30:00Z");
    const first = a.runNow("backup");
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await b.runNow("backup")).toBe("held-elsewhere");
    expect(await first).toBe("ran");
    expect(listBackups(dataDir).map((f) => path.basename(f))).toEqual(["herstel-20261201-023000.backup"]);

    // The same day again: no second backup, from either instance.
    now = new Date("2026-12-01T05:00:00Z");
    expect(await b.runNow("backup")).toBe("ran");
    expect(listBackups(dataDir)).toHaveLength(1);
    await a.stop();
    await b.stop();
    await daily.stop();
  } finally {
    await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
