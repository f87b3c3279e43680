/** Pure rules for referrer accounts and organisations. */

/** The domain of an e-mail address, lower case; undefined when it has none. */
export function domainOf(email: string): string | undefined {
  const at = email.lastIndexOf("@");
  if (at < 1 || at === email.length - 1) return undefined;
  return email
    .slice(at + 1)
    .trim()
    .toLowerCase();
}

const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function isDomain(value: string): boolean {
  return DOMAIN.test(value);
}

/**
 * E-mail domains as typed by staff (commas, spaces or new lines between them): lower case, each
 * once. Returns the ones that are not domains separately, so the form can name them.
 */
export function parseDomains(text: string): { domains: string[]; invalid: string[] } {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim().toLowerCase().replace(/^@/, ""))
    .filter((p) => p !== "");
  const unique = [...new Set(parts)];
  return { domains: unique.filter(isDomain), invalid: unique.filter((p) => !isDomain(p)) };
}

/** Webmail and other shared domains can never identify an organisation. */
const SHARED_DOMAINS = new Set([
  "gmail.com",
  "hotmail.com",
  "hotmail.nl",
  "outlook.com",
  "live.nl",
  "live.com",
  "yahoo.com",
  "icloud.com",
  "ziggo.nl",
  "kpnmail.nl",
  "planet.nl",
  "home.nl",
  "proton.me",
  "protonmail.com",
]);

export function isSharedDomain(domain: string): boolean {
  return SHARED_DOMAINS.has(domain);
}

/** What a referrer sees of a referral: received, taken up, closed; or nothing when not agreed. */
export type ReferralStatus = "received" | "taken_up" | "closed";

export function isReferralStatus(value: unknown): value is ReferralStatus {
  return value === "received" || value === "taken_up" || value === "closed";
}
