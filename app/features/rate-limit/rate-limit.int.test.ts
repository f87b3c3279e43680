import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { hitRateLimit, peekRateLimit, type RateLimit } from "./rate-limit.server.ts";

describeWithDatabase("rate limits in the database", (handle) => {
  const rule: RateLimit = { bucket: "test.bucket", limit: 2, windowSeconds: 60 };

  it("counts hits per key and window, and refuses past the limit", async () => {
    const now = new Date("2026-12-02T10:00:10Z");
    const { db } = handle();
    expect((await hitRateLimit(db, rule, "k1", now)).allowed).toBe(true);
    expect((await hitRateLimit(db, rule, "k1", now)).allowed).toBe(true);
    const third = await hitRateLimit(db, rule, "k1", now);
    expect(third).toEqual({ allowed: false, hits: 3, retryAfterSeconds: 50 });
    expect(await peekRateLimit(db, rule, "k2", now)).toBe(0);
    expect(await peekRateLimit(db, rule, "k1", new Date("2026-12-02T10:01:00Z"))).toBe(0);
  });

  it("keeps its counters in an unlogged table: their commits do not wait for the disk (migration 0040)", async () => {
    const { rows } = await sql<{ relpersistence: string }>`
      SELECT relpersistence FROM pg_class WHERE relname = 'rate_limit_counter' AND relkind = 'r'`.execute(handle().db);
    expect(rows).toEqual([{ relpersistence: "u" }]);
  });
});
