import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { asAppRole } from "../../db/testing/app-role.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { DatabaseProvider } from "../../lib/app-context.ts";
import { createLogger } from "../../lib/logger.server.ts";
import { sealedDraftRow } from "../../testing/sealed-rows.ts";
import { housekeepingJob } from "./housekeeping.job.server.ts";
import { createJobRunner } from "./job-runner.server.ts";

describeWithDatabase("housekeeping job", (handle, kind, url) => {
  it("removes expired drafts and day-old rate-limit windows, keeps the rest, and runs once a day", async () => {
    const { db } = handle();
    const now = new Date("2026-12-01T10:00:00Z");
    const hour = 3600_000;
    const expired = randomUUID();
    const open = randomUUID();
    await db
      .insertInto("registration_draft")
      .values([
        sealedDraftRow(expired, new Date(now.getTime() - hour)),
        sealedDraftRow(open, new Date(now.getTime() + hour)),
      ])
      .execute();
    await db
      .insertInto("rate_limit_counter")
      .values([
        { bucket: "registration.step", key: "old", window_start: new Date(now.getTime() - 25 * hour), hits: 3 },
        { bucket: "registration.step", key: "new", window_start: new Date(now.getTime() - hour), hits: 3 },
      ])
      .execute();
    // The job works as the app does, under row-level security (drafts are private to their form).
    const { app, release } = await asAppRole(handle(), kind, url());
    const database = new DatabaseProvider();
    database.setReady(app);
    const lines: string[] = [];
    const runner = createJobRunner({
      database,
      logger: createLogger("info", { write: (l: string) => void lines.push(l) }),
      dailyPollMs: 60_000,
      now: () => now,
    });
    runner.register(housekeepingJob(() => now));

    expect(await runner.runNow("housekeeping")).toBe("ran");
    expect(await runner.runNow("housekeeping")).toBe("not-due");
    await runner.stop();
    await release();

    expect((await db.selectFrom("registration_draft").select("id").execute()).map((r) => r.id)).toEqual([open]);
    expect((await db.selectFrom("rate_limit_counter").select("key").execute()).map((r) => r.key)).toEqual(["new"]);
    expect(lines.join("")).toContain('"drafts":1,"rateLimitWindows":1');
  });
});
