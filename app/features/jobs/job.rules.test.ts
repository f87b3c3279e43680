import { describe, expect, it } from "vitest";
import { databaseRetryDelayMs, isDailyRunDue, isTimeOfDay, lastDailySlot, retryDelayMs } from "./job.rules.ts";

const at = (iso: string) => new Date(iso);

describe("lastDailySlot (Dutch time)", () => {
  it("is today's time once it has passed, yesterday's before", () => {
    // 1 December: winter time, UTC+1.
    expect(lastDailySlot(at("2026-12-01T10:00:00Z"), "03:30").toISOString()).toBe("2026-12-01T02:30:00.000Z");
    expect(lastDailySlot(at("2026-12-01T02:29:59Z"), "03:30").toISOString()).toBe("2026-11-30T02:30:00.000Z");
    expect(lastDailySlot(at("2026-12-01T02:30:00Z"), "03:30").toISOString()).toBe("2026-12-01T02:30:00.000Z");
  });

  it("follows summer time (UTC+2) and crosses month and year ends", () => {
    expect(lastDailySlot(at("2026-07-01T12:00:00Z"), "03:30").toISOString()).toBe("2026-07-01T01:30:00.000Z");
    expect(lastDailySlot(at("2026-07-01T00:00:00Z"), "03:30").toISOString()).toBe("2026-06-30T01:30:00.000Z");
    expect(lastDailySlot(at("2027-01-01T00:10:00Z"), "03:30").toISOString()).toBe("2026-12-31T02:30:00.000Z");
  });

  it("keeps one slot on the days the clocks change", () => {
    // 29 March 2026: 02:00 becomes 03:00; 25 October 2026: 03:00 becomes 02:00.
    expect(lastDailySlot(at("2026-03-29T12:00:00Z"), "03:30").toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(lastDailySlot(at("2026-10-25T12:00:00Z"), "03:30").toISOString()).toBe("2026-10-25T02:30:00.000Z");
    // A time that does not exist that night is taken an hour later, still once.
    expect(lastDailySlot(at("2026-03-29T12:00:00Z"), "02:30").toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("refuses what is not a time of day", () => {
    expect(isTimeOfDay("03:30")).toBe(true);
    expect(isTimeOfDay("24:00")).toBe(false);
    expect(isTimeOfDay("3:30")).toBe(false);
    expect(() => lastDailySlot(new Date(), "25:00")).toThrow(/not a time of day/);
  });
});

describe("isDailyRunDue", () => {
  const now = at("2026-12-01T10:00:00Z");
  it("is due when it never ran or last succeeded before today's slot", () => {
    expect(isDailyRunDue({ lastSucceededAt: null, lastFinishedAt: null, failures: 0 }, "03:30", now)).toBe(true);
    const yesterday = at("2026-11-30T02:31:00Z");
    expect(isDailyRunDue({ lastSucceededAt: yesterday, lastFinishedAt: yesterday, failures: 0 }, "03:30", now)).toBe(
      true,
    );
  });

  it("is not due again after today's run succeeded", () => {
    const today = at("2026-12-01T02:31:00Z");
    expect(isDailyRunDue({ lastSucceededAt: today, lastFinishedAt: today, failures: 0 }, "03:30", now)).toBe(false);
  });

  it("waits out the back-off after failed runs", () => {
    const failedAt = at("2026-12-01T09:58:30Z");
    const history = { lastSucceededAt: null, lastFinishedAt: failedAt, failures: 2 };
    expect(isDailyRunDue(history, "03:30", now)).toBe(false);
    expect(isDailyRunDue(history, "03:30", at("2026-12-01T10:00:30Z"))).toBe(true);
  });
});

describe("retry delays", () => {
  it("doubles from a minute to at most an hour after failed runs", () => {
    expect([0, 1, 2, 3, 7, 8, 100].map(retryDelayMs)).toEqual([
      0, 60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });

  it("doubles from a second to at most ten seconds while the database is away", () => {
    expect([1, 2, 3, 4, 5, 50].map(databaseRetryDelayMs)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});
