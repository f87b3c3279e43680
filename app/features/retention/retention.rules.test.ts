import { describe, expect, it } from "vitest";
import { addDays, addMonths, dutchDay, NOTHING, parseCliArguments, parseDay, summaryLine } from "./retention.rules.ts";

describe("retention rules", () => {
  it("reads the command's options and refuses anything else with a message", () => {
    expect(parseCliArguments([])).toEqual({ ok: true, options: { asOf: undefined, apply: false } });
    expect(parseCliArguments(["--as-of", "2026-03-10", "--apply"])).toEqual({
      ok: true,
      options: { asOf: "2026-03-10", apply: true },
    });
    expect(parseCliArguments(["--as-of=2024-02-29"])).toEqual({
      ok: true,
      options: { asOf: "2024-02-29", apply: false },
    });
    expect(parseCliArguments(["--as-of", "2026-02-29"])).toMatchObject({ ok: false });
    expect(parseCliArguments(["--as-of"])).toMatchObject({ ok: false });
    expect(parseCliArguments(["--force"])).toMatchObject({ ok: false, message: expect.stringContaining("--force") });
    expect(parseDay("2026-13-01")).toBeUndefined();
  });

  it("counts months as PostgreSQL does, and days in Dutch time", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2026-10-20", 1)).toBe("2026-11-20");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(dutchDay(new Date("2026-03-10T23:30:00Z"))).toBe("2026-03-11");
    expect(dutchDay(new Date("2026-07-10T21:59:00Z"))).toBe("2026-07-10");
  });

  it("ends with what was erased", () => {
    const erased = { ...NOTHING, caseFiles: 2, registrations: 3, messages: 4, sessions: 5 };
    expect(summaryLine(erased, true)).toBe(
      "erased: 2 case files, 3 registrations, 4 messages, 5 sessions, 0 audit records",
    );
    expect(summaryLine(NOTHING, false)).toMatch(
      /^erased: 0 case files, 0 registrations, 0 messages, 0 sessions, 0 audit records \(dry run/,
    );
  });
});
