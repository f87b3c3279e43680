import { describe, expect, it } from "vitest";
import { planHistory } from "./demo-history.ts";
import { apportion, demoProfile, parseDemoProfile, planRegistrations, seeded } from "./demo-profile.ts";

describe("demo profile", () => {
  it("apportions a total exactly, each part within one of its quota", () => {
    for (const [total, weights] of [
      [1361, [589, 198, 151, 60, 46, 45, 35, 20, 16, 14, 12, 10]],
      [7, [1, 1, 1]],
      [100, [50, 22, 21, 5, 2]],
      [0, [3, 4]],
    ] as [number, number[]][]) {
      const parts = apportion(total, weights);
      const sum = weights.reduce((s, w) => s + w, 0);
      expect(parts.reduce((s, n) => s + n, 0)).toBe(total);
      parts.forEach((n, i) => {
        expect(Math.abs(n - (total * (weights[i] ?? 0)) / sum)).toBeLessThan(1);
      });
    }
  });

  it("allocates a small group by the profile's shares, the same way every time", () => {
    const plan = planRegistrations(demoProfile(), 100, 11, seeded(1));
    expect(plan.filter((p) => p.channel === "referrer")).toHaveLength(88);
    expect(plan.filter((p) => p.side === "victim")).toHaveLength(38);
    expect(plan.filter((p) => p.offence === "sexual_offence")).toHaveLength(11);
    expect(plan.filter((p) => p.contact)).toHaveLength(30);
    expect(plan.filter((p) => p.takenUp)).toHaveLength(86);
    expect(plan.every((p) => !p.contact || p.takenUp)).toBe(true);
    expect(plan.every((p) => (p.channel === "referrer") === (p.referrerType !== null))).toBe(true);
    expect(plan.every((p) => (p.role === "offender" ? p.side === "offender" : true))).toBe(true);
    expect(planRegistrations(demoProfile(), 100, 11, seeded(1))).toEqual(plan);
  });

  it("writes history only before the app's start and never in the future", () => {
    const rows = planHistory(demoProfile(), {
      today: "2026-11-30",
      before: "2026-10-10",
      regions: ["noord", "zuid"],
      random: seeded(2),
    });
    expect(rows.every((r) => r.received_on < "2026-10-10" && r.received_on >= "2022-01-01")).toBe(true);
    for (const r of rows)
      for (const date of [r.taken_up_on, r.closed_on].filter(Boolean)) expect(date <= "2026-11-30").toBe(true);
    expect(rows.filter((r) => r.received_on.startsWith("2025"))).toHaveLength(1547);
    expect(rows.filter((r) => r.received_on.startsWith("2024"))).toHaveLength(1480);
  });

  it("refuses a profile that does not fit, saying where", () => {
    expect(() => parseDemoProfile({ ...demoProfile(), contactRate: 130 })).toThrow(/contactRate/);
    expect(() => parseDemoProfile({ ...demoProfile(), sexualOffenceEarlierYears: [8] })).toThrow(
      /sexualOffenceEarlierYears/,
    );
    expect(() => parseDemoProfile({ ...demoProfile(), forms: { letters: 3 } })).toThrow(/forms/);
  });
});
