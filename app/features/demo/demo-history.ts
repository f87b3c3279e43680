import {
  apportion,
  type DemoProfile,
  deal,
  type PlannedRegistration,
  planRegistrations,
  type Random,
  sexualShareOf,
} from "./demo-profile.ts";

/**
 * The demo service's history from before it used Herstel: whole years of registrations as the
 * historic import takes them (docs/import-format.md), allocated by the profile. Pure: the rows
 * are turned into a CSV file and imported through the real import by demo-cases.server.ts.
 */
export type HistoryRow = {
  external_id: string;
  received_on: string;
  taken_up_on: string;
  channel: string;
  referrer_type: string;
  registrant_side: string;
  registrant_role: string;
  offence_category: string;
  region: string;
  outcome: "contact" | "no_contact" | "open";
  forms: string;
  no_contact_reason: string;
  closed_on: string;
  both_agreed: "yes" | "no" | "";
};

const DAY = 86_400_000;
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
const addDays = (date: string, days: number) => toDate(msOf(date) + days * DAY);

type Planned = PlannedRegistration & {
  id: string;
  receivedOn: string;
  takenUpOn: string | null;
  closedOn: string | null;
  region: string;
  forms: string[];
  reason: string | null;
  bothAgreed: boolean | null;
};

/**
 * Rows for every year from the first of the profile's years up to the day before `before` (the
 * day the demo service started working in Herstel), as seen on `today`: a year cut short by
 * `before` gets its share of the year's registrations. Cases that would close after `today`
 * are still open. Forms of contact and reasons for no contact are allocated per year of closing,
 * since the figures count them over the cases closed in a year.
 */
export function planHistory(
  profile: DemoProfile,
  options: { today: string; before: string; regions: readonly string[]; random: Random },
): HistoryRow[] {
  const { today, before, regions, random } = options;
  const currentYear = Number(today.slice(0, 4));
  const lastFull = currentYear - 1;
  const years = profile.registrationsPerYear.length;
  const all: Planned[] = [];
  for (let year = lastFull - years + 1; year <= currentYear; year++) {
    const yearsBack = lastFull - year;
    const perYear = profile.registrationsPerYear[Math.max(0, yearsBack)] as number;
    const start = `${year}-01-01`;
    const end = `${year}-12-31`;
    const last = before <= end ? addDays(before, -1) : end;
    if (last < start) continue;
    const daysInYear = (msOf(`${year + 1}-01-01`) - msOf(start)) / DAY;
    const days = (msOf(last) - msOf(start)) / DAY + 1;
    const n = Math.round((perYear * days) / daysInYear);
    const plans = planRegistrations(profile, n, sexualShareOf(profile, yearsBack), random);
    plans.forEach((plan, i) => {
      const receivedOn = addDays(start, Math.floor(((i + random.next()) * days) / n));
      const takenUpOn = plan.takenUp ? minDate(addDays(receivedOn, 1 + Math.floor(random.next() * 14)), today) : null;
      // Contact takes months; an ending without contact comes sooner.
      const closing =
        takenUpOn === null
          ? null
          : addDays(
              takenUpOn,
              plan.contact ? 60 + Math.floor(random.next() * 210) : 14 + Math.floor(random.next() * 110),
            );
      all.push({
        ...plan,
        id: `DEMO-${year}-${String(i + 1).padStart(5, "0")}`,
        receivedOn,
        takenUpOn,
        closedOn: closing !== null && closing < today ? closing : null,
        region: takenUpOn === null ? "" : random.pick(regions),
        forms: [],
        reason: null,
        bothAgreed: takenUpOn === null ? false : null,
      });
    });
  }

  // Forms and reasons per year of closing (open cases with contact as one more group).
  const groups = new Map<string, Planned[]>();
  for (const p of all) {
    if (p.takenUpOn === null) continue;
    const key = p.closedOn?.slice(0, 4) ?? "open";
    const members = groups.get(key);
    if (members) members.push(p);
    else groups.set(key, [p]);
  }
  for (const [key, members] of groups) {
    const withContact = members.filter((p) => p.contact);
    const forms = deal(withContact.length, profile.forms, random);
    withContact.forEach((p, i) => {
      p.forms = [forms[i] as string];
      p.bothAgreed = true;
    });
    if (key === "open") continue;
    const without = members.filter((p) => !p.contact);
    const reasons = deal(without.length, profile.noContactReasons, random);
    without.forEach((p, i) => {
      p.reason = reasons[i] as string;
      p.bothAgreed = false;
    });
    // Both parties agreed in some cases that still ended without contact (a party withdrew).
    const [agreedWithout] = apportion(withContact.length, [
      100 - profile.contactWhenBothAgreed,
      profile.contactWhenBothAgreed,
    ]);
    const likely = (p: Planned) =>
      ["registrant_withdraws", "other_party_declines", "other"].includes(p.reason ?? "") ? 0 : 1;
    const candidates = random.shuffle([...without]).sort((a, b) => likely(a) - likely(b));
    for (const p of candidates.slice(0, agreedWithout)) p.bothAgreed = true;
  }

  return all.map((p) => ({
    external_id: p.id,
    received_on: p.receivedOn,
    taken_up_on: p.takenUpOn ?? "",
    channel: p.channel,
    referrer_type: p.referrerType ?? "",
    registrant_side: p.side,
    registrant_role: p.role,
    offence_category: p.offence,
    region: p.region,
    outcome: p.contact ? "contact" : p.closedOn !== null ? "no_contact" : "open",
    forms: p.forms.join(";"),
    no_contact_reason: p.contact || p.closedOn === null ? "" : (p.reason ?? ""),
    closed_on: p.contact || p.reason !== null ? (p.closedOn ?? "") : "",
    both_agreed: p.bothAgreed === null ? "" : p.bothAgreed ? "yes" : "no",
  }));
}

function minDate(a: string, b: string) {
  return a < b ? a : b;
}

/** The rows as an import file (comma-separated; no value needs quotes but a list of forms). */
export function historyCsv(rows: readonly HistoryRow[]): string {
  const columns = Object.keys(rows[0] ?? { external_id: "" }) as (keyof HistoryRow)[];
  const quote = (v: string) => (/[",\n;]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `${[columns.join(","), ...rows.map((r) => columns.map((c) => quote(r[c])).join(","))].join("\n")}\n`;
}
