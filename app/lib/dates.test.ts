import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./dates.ts";

describe("the date helper", () => {
  it("writes a date as '3 mei 2026' and a moment as '3 mei 2026, 08:02', in Dutch time", () => {
    expect(formatDate("2026-05-03", "nl")).toBe("3 mei 2026");
    expect(formatDate("2026-05-03", "en")).toBe("3 May 2026");
    // 06:02 UTC is 08:02 in Amsterdam in summer.
    expect(formatDateTime("2026-05-03T06:02:09Z", "nl")).toBe("3 mei 2026, 08:02");
    expect(formatDateTime(new Date("2026-05-03T06:02:09Z"), "en")).toBe("3 May 2026, 08:02");
    expect(formatDateTime("2026-05-03T06:02:09Z", "nl", true)).toBe("3 mei 2026, 08:02:09");
    // Late in the evening UTC is already the next day in Amsterdam.
    expect(formatDate(new Date("2026-12-31T23:30:00Z"), "nl")).toBe("1 januari 2027");
  });

  it("shows a calendar date as that day in any time zone, and leaves what is not a date alone", () => {
    expect(formatDate("2026-01-01", "nl")).toBe("1 januari 2026");
    expect(formatDateTime("2026-01-01", "en")).toBe("1 January 2026");
    expect(formatDate("soon", "nl")).toBe("soon");
  });
});
