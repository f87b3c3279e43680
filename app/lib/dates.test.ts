import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./dates.ts";

describe("dates", () => {
  it("shows a date and a date with time in both languages, in Amsterdam time", () => {
    expect(formatDate("2026-05-03", "nl")).toBe("3 mei 2026");
    expect(formatDate("2026-05-03", "en")).toBe("3 May 2026");
    expect(formatDateTime("2026-05-03T06:02:00Z", "nl")).toBe("3 mei 2026, 08:02");
    expect(formatDateTime(new Date("2026-12-31T23:30:00Z"), "en")).toBe("1 January 2027, 00:30");
    expect(formatDate("2026-05-03T23:30:00Z", "nl")).toBe("4 mei 2026");
  });
});
