import { z } from "zod";
import { CONTACT_FORMS } from "../cases/case.rules.ts";
import profileData from "./demo-profile.json" with { type: "json" };

/**
 * The profile of the demo data (demo-profile.json, described in docs/demo-profile.md): the
 * shares of a real service's yearly overview. The demo does not draw each registration's
 * answers at random; it allocates them per year by these shares with the largest-remainder
 * method, so that even a small demo shows them to within a point, and then shuffles them with a
 * seeded generator, so that the same demo comes out every time.
 */
const weights = z
  .record(z.string().min(1), z.number().nonnegative())
  .refine((w) => Object.values(w).some((v) => v > 0), "needs at least one weight above 0");
const percent = z.number().min(0).max(100);

export const demoProfileSchema = z
  .object({
    about: z.string(),
    /** Registrations received in the last full year, the year before, and so on back. */
    registrationsPerYear: z.array(z.number().int().positive()).min(2),
    channel: z.object({
      referrer: z.number().nonnegative(),
      self: z.number().nonnegative(),
      staff: z.number().nonnegative(),
    }),
    referrerType: weights,
    initiative: z.object({ victim: z.number().nonnegative(), offender: z.number().nonnegative() }),
    roleBySide: z.object({
      victim: z.record(z.enum(["victim", "bereaved", "relative"]), z.number().nonnegative()),
      offender: z.record(z.enum(["offender", "relative"]), z.number().nonnegative()),
    }),
    /** Offences of the last full year, sexual offences included. */
    offences: weights.refine((w) => (w.sexual_offence ?? 0) > 0, "needs a weight for sexual_offence"),
    /** The share of sexual offences in the years before the last full year (the year before first). */
    sexualOffenceEarlierYears: z.array(percent),
    takenUp: percent,
    /** Of the registrations received. */
    contactRate: percent,
    /** Offences whose contact rate differs from the rest; the rest make up the overall rate. */
    contactRateByOffence: z.record(z.string(), percent),
    /** Of the cases closed in which both parties agreed to a form of contact: how many had contact. */
    contactWhenBothAgreed: z.number().gt(0).max(100),
    forms: z.record(z.enum(CONTACT_FORMS), z.number().nonnegative()),
    noContactReasons: weights,
  })
  .strict()
  .refine((p) => p.sexualOffenceEarlierYears.length === p.registrationsPerYear.length - 1, {
    message: "sexualOffenceEarlierYears needs one share for each year of registrationsPerYear after the first",
  })
  .refine((p) => p.takenUp >= p.contactRate, { message: "takenUp must be at least contactRate" });

export type DemoProfile = z.infer<typeof demoProfileSchema>;

export function parseDemoProfile(data: unknown): DemoProfile {
  const parsed = demoProfileSchema.safeParse(data);
  if (!parsed.success)
    throw new Error(
      `The demo profile (app/features/demo/demo-profile.json) is not valid: ${parsed.error.issues
        .map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`)
        .join("; ")}`,
    );
  return parsed.data;
}

/** The profile in demo-profile.json, checked when the demo is made (not at every start). */
export function demoProfile(): DemoProfile {
  return parseDemoProfile(profileData);
}

/** A small seeded generator (mulberry32): the same demo every time. */
export function seeded(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  };
  return { next, pick, shuffle };
}
export type Random = ReturnType<typeof seeded>;

/**
 * Splits `total` into whole numbers in proportion to the weights (largest-remainder method):
 * each gets its quota rounded down, and the units still missing go one each to the largest
 * remainders (ties: the earlier one).
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  const quotas = weights.map((w) => (w * total) / sum);
  const counts = quotas.map((q) => Math.floor(q + 1e-9));
  let missing = total - counts.reduce((s, n) => s + n, 0);
  const order = quotas.map((q, index) => ({ index, remainder: q - Math.floor(q + 1e-9) }));
  order.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (missing <= 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
    missing--;
  }
  return counts;
}

/** `n` values, each key as often as its share of the weights gives, in shuffled order. */
export function deal<K extends string>(n: number, weightsByKey: Partial<Record<K, number>>, random: Random): K[] {
  const entries = Object.entries(weightsByKey) as [K, number][];
  const counts = apportion(
    n,
    entries.map(([, w]) => w),
  );
  return random.shuffle(entries.flatMap(([key], i) => Array.from({ length: counts[i] ?? 0 }, () => key)));
}

/** A registration's facts as the profile allocates them (dates and outcome come later). */
export type PlannedRegistration = {
  channel: "referrer" | "self" | "staff";
  referrerType: string | null;
  side: "victim" | "offender";
  role: "victim" | "offender" | "bereaved" | "relative";
  offence: string;
  takenUp: boolean;
  contact: boolean;
};

/** The offence weights of a year whose sexual-offence share is `sexualShare` (others in proportion). */
export function offenceWeights(profile: DemoProfile, sexualShare: number): Record<string, number> {
  const others = Object.entries(profile.offences).filter(([key]) => key !== "sexual_offence");
  const otherSum = others.reduce((s, [, w]) => s + w, 0);
  return {
    ...Object.fromEntries(others.map(([key, w]) => [key, otherSum > 0 ? (w / otherSum) * (100 - sexualShare) : 0])),
    sexual_offence: sexualShare,
  };
}

/** The sexual-offence share of the year `yearsBack` years before the last full year (0: that year). */
export function sexualShareOf(profile: DemoProfile, yearsBack: number): number {
  const total = Object.values(profile.offences).reduce((s, w) => s + w, 0);
  if (yearsBack <= 0) return ((profile.offences.sexual_offence ?? 0) / total) * 100;
  return profile.sexualOffenceEarlierYears[Math.min(yearsBack, profile.sexualOffenceEarlierYears.length) - 1] ?? 0;
}

/**
 * `n` registrations received in one year (or in the app's recent weeks), allocated by the
 * profile: channel, referrer type (of the referred), side and role (within each side), offence,
 * whether it led to contact (overall rate, with the offences that have their own rate), and
 * whether it was taken up (every one with contact, and others up to the profile's share).
 */
export function planRegistrations(
  profile: DemoProfile,
  n: number,
  sexualShare: number,
  random: Random,
): PlannedRegistration[] {
  const channels = deal(n, profile.channel, random);
  const referred = channels.filter((c) => c === "referrer").length;
  const referrerTypes = deal(referred, profile.referrerType, random);
  const sides = deal(n, profile.initiative, random);
  const rolesOf = {
    victim: deal(sides.filter((s) => s === "victim").length, profile.roleBySide.victim, random),
    offender: deal(sides.filter((s) => s === "offender").length, profile.roleBySide.offender, random),
  };
  const offences = deal(n, offenceWeights(profile, sexualShare), random);

  const plans: PlannedRegistration[] = channels.map((channel, i) => {
    const side = sides[i] as "victim" | "offender";
    return {
      channel,
      referrerType: channel === "referrer" ? (referrerTypes.pop() ?? null) : null,
      side,
      role: rolesOf[side].pop() as PlannedRegistration["role"],
      offence: offences[i] as string,
      takenUp: false,
      contact: false,
    };
  });

  // Contact: the overall number first, then shared out over the offences by their own rates.
  const contacts = Math.round((n * profile.contactRate) / 100);
  const byOffence = new Map<string, number[]>();
  plans.forEach((p, i) => {
    const members = byOffence.get(p.offence);
    if (members) members.push(i);
    else byOffence.set(p.offence, [i]);
  });
  const keys = [...byOffence.keys()];
  const sizeOf = (key: string) => byOffence.get(key)?.length ?? 0;
  const own = keys.filter((k) => profile.contactRateByOffence[k] !== undefined);
  const ownContacts = own.reduce((s, k) => s + (sizeOf(k) * (profile.contactRateByOffence[k] ?? 0)) / 100, 0);
  const restSize = keys.filter((k) => !own.includes(k)).reduce((s, k) => s + sizeOf(k), 0);
  const restRate = restSize > 0 ? Math.max(0, (contacts - ownContacts) / restSize) : 0;
  const perOffence = apportion(
    contacts,
    keys.map((k) => sizeOf(k) * (own.includes(k) ? (profile.contactRateByOffence[k] ?? 0) / 100 : restRate)),
  );
  keys.forEach((key, k) => {
    const members = random.shuffle([...(byOffence.get(key) ?? [])]);
    for (const i of members.slice(0, Math.min(perOffence[k] ?? 0, members.length)))
      (plans[i] as PlannedRegistration).contact = true;
  });
  const takenUp = Math.max(plans.filter((p) => p.contact).length, Math.round((n * profile.takenUp) / 100));
  for (const p of plans) if (p.contact) p.takenUp = true;
  const rest = random.shuffle(plans.filter((p) => !p.contact));
  for (const p of rest.slice(0, takenUp - plans.filter((p) => p.contact).length)) p.takenUp = true;
  return plans;
}
