import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  allowsEmail,
  CODE_ALPHABET,
  codeFromBytes,
  dueMoments,
  formatCode,
  normaliseCode,
  reminderDue,
} from "./outcome.rules.ts";

const NOW = new Date("2026-12-01T10:00:00Z");

describe("dueMoments", () => {
  const open = { step: "preparing", closedAt: null, firstTalkOn: "2026-11-28", invited: [] };
  it("asks before contact after the first conversation, while the case is open", () => {
    expect(dueMoments(open, NOW, 3)).toEqual(["before"]);
    expect(dueMoments({ ...open, firstTalkOn: null }, NOW, 3)).toEqual([]);
    expect(dueMoments({ ...open, invited: ["before"] }, NOW, 3)).toEqual([]);
    // Not weeks late: the answer would no longer be "before".
    expect(dueMoments({ ...open, firstTalkOn: "2026-10-01" }, NOW, 3)).toEqual([]);
  });

  it("asks after at closing and at follow-up months later, with or without contact", () => {
    const closed = { step: "closed", closedAt: addDays(NOW, -2), firstTalkOn: "2026-06-01", invited: [] };
    expect(dueMoments(closed, NOW, 3)).toEqual(["after"]);
    const longAgo = { ...closed, closedAt: addMonths(addDays(NOW, -3), -3), invited: ["before", "after"] as const };
    expect(dueMoments({ ...longAgo, invited: [...longAgo.invited] }, NOW, 3)).toEqual(["follow_up"]);
    expect(dueMoments({ ...longAgo, invited: [...longAgo.invited] }, NOW, 6)).toEqual([]);
  });
});

describe("addMonths", () => {
  it("keeps the day, or the month's last day", () => {
    expect(addMonths(new Date("2026-01-31T12:00:00Z"), 1).toISOString()).toBe("2026-02-28T12:00:00.000Z");
    expect(addMonths(new Date("2026-11-15T12:00:00Z"), 3).toISOString()).toBe("2027-02-15T12:00:00.000Z");
  });
});

describe("allowsEmail", () => {
  it("needs an address and e-mail among the chosen channels", () => {
    expect(allowsEmail({ email: "a@b.example", channels: ["email", "phone"] })).toBe("a@b.example");
    expect(allowsEmail({ email: "a@b.example" })).toBe("a@b.example");
    expect(allowsEmail({ email: "a@b.example", channels: ["post"] })).toBeNull();
    expect(allowsEmail({ channels: ["email"] })).toBeNull();
  });
});

describe("reminderDue", () => {
  const sent = { emailSentAt: addDays(NOW, -7), reminderSentAt: null, completedAt: null, expiresAt: addDays(NOW, 23) };
  it("reminds once, seven days after the e-mail, while unanswered and open", () => {
    expect(reminderDue(sent, NOW)).toBe(true);
    expect(reminderDue({ ...sent, emailSentAt: addDays(NOW, -6) }, NOW)).toBe(false);
    expect(reminderDue({ ...sent, reminderSentAt: NOW }, NOW)).toBe(false);
    expect(reminderDue({ ...sent, completedAt: NOW }, NOW)).toBe(false);
    expect(reminderDue({ ...sent, emailSentAt: null }, NOW)).toBe(false);
    expect(reminderDue({ ...sent, expiresAt: NOW }, NOW)).toBe(false);
  });
});

describe("letter codes", () => {
  it("are 12 unambiguous characters, typed in any case with spaces or dashes", () => {
    const code = codeFromBytes(new Uint8Array(16).map((_, i) => i * 37));
    expect(code).toHaveLength(12);
    for (const ch of code) expect(CODE_ALPHABET).toContain(ch);
    expect(normaliseCode(formatCode(code).toLowerCase())).toBe(code);
    expect(normaliseCode(` ${code.slice(0, 6)} ${code.slice(6)} `)).toBe(code);
    expect(normaliseCode("O0O0-I1I1-L5S2")).toBeUndefined();
    expect(normaliseCode("TOO-SHORT")).toBeUndefined();
  });
});
