import { NO_CONTACT_REASONS } from "../cases/case.rules.ts";
import type { HistoryRow } from "./demo-history.ts";

/**
 * The demo service's questionnaire pilot: of the cases its history plan closes in the last full
 * year, a sample is worked in Herstel instead of imported, so that the questionnaire "Hoe gaat
 * het met u?" has a year of answers and the annual report's "Helpt contact?" shows its main
 * groups. The sample is taken out of the import, so every year's totals and shares stay exactly
 * as planned. Pure: which rows, not how they are worked.
 *
 * The sample holds `perGroup` cases with contact (each gives a person on both sides) and
 * `perGroup` cases without contact for each side of the registrant (the other party of a case
 * without contact is seldom spoken to, so it is not asked). Cases without contact are taken
 * among those in which the parties did not both agree (as they end in the app) and whose reason
 * the app knows. They are spread over the year: every k-th of each group, in order of closing.
 */
export type PilotPlan = { pilot: HistoryRow[]; imported: HistoryRow[] };

/** Cases closing this close to the year's ends are left to the import, so that a worked case closes in the year. */
const MARGIN_DAYS = 20;

export function planPilot(rows: readonly HistoryRow[], options: { year: number; perGroup: number }): PilotPlan {
  const { year, perGroup } = options;
  const from = `${year}-01-${String(1 + MARGIN_DAYS).padStart(2, "0")}`;
  const to = `${year}-12-${String(31 - MARGIN_DAYS).padStart(2, "0")}`;
  const closingIn = rows
    .filter((r) => r.taken_up_on !== "" && r.closed_on >= from && r.closed_on <= to)
    .sort((a, b) => a.closed_on.localeCompare(b.closed_on) || a.external_id.localeCompare(b.external_id));
  const knownReason = (r: HistoryRow) => (NO_CONTACT_REASONS as readonly string[]).includes(r.no_contact_reason);
  const groups = [
    closingIn.filter((r) => r.outcome === "contact"),
    closingIn.filter(
      (r) => r.outcome === "no_contact" && r.both_agreed === "no" && knownReason(r) && r.registrant_side === "victim",
    ),
    closingIn.filter(
      (r) => r.outcome === "no_contact" && r.both_agreed === "no" && knownReason(r) && r.registrant_side === "offender",
    ),
  ];
  const chosen = new Set<string>();
  for (const group of groups) {
    const take = Math.min(perGroup, group.length);
    for (let i = 0; i < take; i++) {
      const row = group[Math.floor((i * group.length) / take)];
      if (row) chosen.add(row.external_id);
    }
  }
  return {
    pilot: rows.filter((r) => chosen.has(r.external_id)),
    imported: rows.filter((r) => !chosen.has(r.external_id)),
  };
}
