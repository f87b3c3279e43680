import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { expect, it } from "vitest";
import { openPglite } from "../database.server.ts";
import { migrate } from "../migrate.server.ts";
import { readBackupHeader } from "./backup-file.server.ts";
import { createDailyBackup, listBackups } from "./daily-backup.server.ts";

it("the daily backup makes one a day into DATA_DIR/backups and keeps the last BACKUP_KEEP", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-daily-"));
  const handle = await openPglite(dataDir);
  try {
    await migrate(handle);
    let now = new Date("2026-12-01T02:00:00Z");
    const job = createDailyBackup({ handle, dataDir, keep: 2, logger: pino({ level: "silent" }), now: () => now });
    const first = await job.runOnce();
    expect(first && path.basename(first)).toBe("herstel-20261201-020000.backup");
    expect(readBackupHeader(first as string).backend).toBe("pglite");
    // Within a day: nothing new; a day later the next one, and only the last two are kept.
    now = new Date("2026-12-01T23:00:00Z");
    expect(await job.runOnce()).toBeUndefined();
    for (const at of ["2026-12-02T02:00:00Z", "2026-12-03T02:30:00Z", "2026-12-04T03:00:00Z"]) {
      now = new Date(at);
      expect(await job.runOnce()).toBeDefined();
    }
    expect(listBackups(dataDir).map((f) => path.basename(f))).toEqual([
      "herstel-20261204-030000.backup",
      "herstel-20261203-023000.backup",
    ]);
    expect(fs.statSync(path.join(dataDir, "backups")).mode & 0o777).toBe(0o700);
    await job.stop();
  } finally {
    await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
