import { z } from "zod";

/**
 * "Exit this page": a way off the public site at once, for visitors who may be watched. Pure
 * rules here; the route that ends the form session is routes/exit-page.tsx.
 */

/** Where the exit link points: our own route, which ends the form session and sends the visitor on. */
export const EXIT_PATH = "/verlaten";

/** The short page on visiting the site safely (content/pages/<language>/veilig-bezoeken.md). */
export const SAFE_BROWSING_PATH = "/veilig-bezoeken";

/** The app_setting row that holds the neutral site's address (absent: the default below). */
export const NEUTRAL_SITE_SETTING = "public.exit_url";

/**
 * A weather forecast: nobody looks twice at it. No third party is contacted until the visitor
 * actually leaves: the exit link points to our own route, which redirects.
 */
export const DEFAULT_NEUTRAL_SITE = "https://www.knmi.nl/nederland-nu/weer/verwachtingen";

/**
 * The address an administrator may set: https only (no mixed content, no javascript: or data:
 * addresses), no user name or password in it, of a sensible length.
 */
export const neutralSiteSchema = z
  .string({ error: "safeExit.setting.invalid" })
  .trim()
  .min(1, { error: "safeExit.setting.required" })
  .max(500, { error: "safeExit.setting.tooLong" })
  .refine(isNeutralSiteAddress, { error: "safeExit.setting.invalid" });

export const neutralSiteForm = z.strictObject({ neutralSite: z.string().optional() });

export function isNeutralSiteAddress(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    url.protocol === "https:" &&
    url.username === "" &&
    url.password === "" &&
    url.hostname.includes(".") &&
    !/\s/.test(value)
  );
}

/** The stored setting as an address, or the default when it is absent or not a valid address. */
export function neutralSiteFrom(stored: unknown): string {
  return typeof stored === "string" && isNeutralSiteAddress(stored) ? stored : DEFAULT_NEUTRAL_SITE;
}

/**
 * Work areas carry no exit control: the staff's sign-in pages and everything under /medewerkers,
 * the referring professionals' area under /verwijzers, and the API.
 */
const STAFF_PATHS = [
  /^\/medewerkers(\/|$)/,
  /^\/verwijzers(\/|$)/,
  /^\/api\//,
  /^\/inloggen(\/|$)/,
  /^\/uitloggen$/,
  /^\/account\//,
  /^\/wachtwoord-/,
];

/** Whether a page is one of the public pages (site, form, content, errors), which carry the exit control. */
export function isPublicPath(pathname: string): boolean {
  return !STAFF_PATHS.some((pattern) => pattern.test(pathname));
}

/**
 * Whether this request to the exit route may end the form session: a click on our own page
 * (same-origin), or the address typed or bookmarked (none), or a browser that does not say
 * (older browsers). A link on another site (cross-site, same-site) only sends the visitor on:
 * no other site can make someone lose the form they are filling in.
 */
export function mayEndSession(secFetchSite: string | null): boolean {
  return secFetchSite === null || secFetchSite === "same-origin" || secFetchSite === "none";
}
