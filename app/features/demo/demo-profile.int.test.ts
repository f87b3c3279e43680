import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import type { ShareTable } from "../statistics/figures.rules.ts";
import { getFiguresUnchecked } from "../statistics/figures.server.ts";
import { seedDemoCases } from "./demo-cases.server.ts";
import { demoProfile } from "./demo-profile.ts";
import { seedDemoAccounts } from "./demo-seed.server.ts";

/**
 * The demo's yearly report reads like a real service's: for the last full year, every share the
 * annual figures compute (through the real figures code, on the demo database) is within two
 * percentage points of the profile in demo-profile.json, and sexual offences rose on the year
 * before.
 */
const TOLERANCE = 2;

/** The profile's weights as percentages. */
function percents(weights: Record<string, number>): Record<string, number> {
  const total = Object.values(weights).reduce((s, w) => s + w, 0);
  return Object.fromEntries(Object.entries(weights).map(([key, w]) => [key, (w / total) * 100]));
}

function expectShares(name: string, table: ShareTable, profile: Record<string, number>) {
  const expected = percents(profile);
  const keys = new Set([...Object.keys(expected), ...table.rows.map((r) => r.key)]);
  for (const key of keys) {
    const actual = table.rows.find((r) => r.key === key)?.percent ?? 0;
    const want = expected[key] ?? 0;
    expect(Math.abs(actual - want), `${name} ${key}: ${actual}% against ${want.toFixed(1)}%`).toBeLessThanOrEqual(
      TOLERANCE,
    );
  }
}

describeWithDatabase("demo data with the profile of a real service", (handle, kind) => {
  it.skipIf(kind !== "pglite")(
    "the last full year's figures match the profile, and sexual offences rose on the year before",
    async () => {
      const db = handle().db;
      const now = new Date("2026-11-30T09:00:00Z");
      await seedDemoAccounts(db, "s".repeat(40), now);
      const made = await seedDemoCases(db, now, 200);
      expect(made.imported).toBeGreaterThan(5000);

      const figures = await getFiguresUnchecked(db, { period: { from: "2025-01-01", to: "2025-12-31" } });
      const profile = demoProfile();
      expect(figures.received).toBe(profile.registrationsPerYear[0]);
      expect(figures.receivedPrevious).toBe(profile.registrationsPerYear[1]);

      expectShares("channel", figures.channel, profile.channel);
      expectShares("referrer type", figures.referrerType, profile.referrerType);
      // The referrer types in the profile's order (largest first), as the figures list them.
      const order = Object.entries(profile.referrerType)
        .sort(([, a], [, b]) => b - a)
        .map(([key]) => key);
      expect(figures.referrerType.rows.map((r) => r.key)).toEqual(order);
      expectShares("initiative", figures.initiative, profile.initiative);
      const sideShare = percents(profile.initiative);
      const roles: Record<string, number> = {};
      for (const side of ["victim", "offender"] as const)
        for (const [role, share] of Object.entries(percents(profile.roleBySide[side])))
          roles[role] = (roles[role] ?? 0) + ((sideShare[side] ?? 0) * share) / 100;
      expectShares("role", figures.role, roles);
      expectShares("offence", figures.offences, profile.offences);
      expect(Math.abs(figures.sexualOffence.percent - 11)).toBeLessThanOrEqual(TOLERANCE);
      expectShares("form of contact", figures.forms, profile.forms);
      expectShares("reason for no contact", figures.noContactReasons, profile.noContactReasons);

      expect(figures.contact.received.percent).not.toBeNull();
      expect(Math.abs((figures.contact.received.percent ?? 0) - profile.contactRate)).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs((figures.contact.agreed.percent ?? 0) - profile.contactWhenBothAgreed)).toBeLessThanOrEqual(
        TOLERANCE,
      );
      const sexualContact = figures.contact.perOffence.find((o) => o.key === "sexual_offence")?.rates.received.percent;
      expect(Math.abs((sexualContact ?? 0) - (profile.contactRateByOffence.sexual_offence ?? 0))).toBeLessThanOrEqual(
        TOLERANCE,
      );
      expect(Math.abs(figures.takenUp / figures.received - profile.takenUp / 100) * 100).toBeLessThanOrEqual(TOLERANCE);

      // A change that tells something: more sexual-offence registrations than the year before.
      expect(figures.sexualOffence.count).toBeGreaterThan(figures.sexualOffence.previous);
      expect(figures.sexualOffence.change ?? 0).toBeGreaterThanOrEqual(30);

      // The durations of the last full year come from the imported history (taken up, closed).
      expect(figures.durations.find((d) => d.step === "closed")?.n).toBeGreaterThan(1000);
    },
    900_000,
  );
});
