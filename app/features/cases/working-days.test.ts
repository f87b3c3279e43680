import { describe, expect, it } from "vitest";
import { addWorkingDays } from "./working-days.ts";

describe("addWorkingDays", () => {
  it("skips weekends", () => {
    expect(addWorkingDays("2026-11-27", 1)).toBe("2026-11-30"); // Friday → Monday
    expect(addWorkingDays("2026-11-28", 10)).toBe("2026-12-11"); // Saturday + 10 working days
    expect(addWorkingDays("2026-11-30", 10)).toBe("2026-12-14");
    expect(addWorkingDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addWorkingDays("2026-11-30", 0)).toBe("2026-11-30");
  });
});
