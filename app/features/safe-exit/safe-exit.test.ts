import { describe, expect, it } from "vitest";
import routes from "../../routes.ts";
import {
  DEFAULT_NEUTRAL_SITE,
  isNeutralSiteAddress,
  isPublicPath,
  mayEndSession,
  neutralSiteFrom,
  neutralSiteSchema,
} from "./safe-exit.ts";

describe("the neutral site's address", () => {
  it("accepts full https addresses", () => {
    for (const url of [DEFAULT_NEUTRAL_SITE, "https://nos.nl/", "https://www.buienradar.nl/weer/utrecht?x=1"]) {
      expect(isNeutralSiteAddress(url), url).toBe(true);
      expect(neutralSiteSchema.safeParse(` ${url} `).data).toBe(url);
    }
  });

  it("refuses what is not a plain https address, each with a message", () => {
    const cases: [string, string][] = [
      ["", "safeExit.setting.required"],
      ["   ", "safeExit.setting.required"],
      ["http://nos.nl/", "safeExit.setting.invalid"],
      ["nos.nl", "safeExit.setting.invalid"],
      ["javascript:alert(1)", "safeExit.setting.invalid"],
      ["data:text/html,hallo", "safeExit.setting.invalid"],
      ["https://gebruiker:geheim@nos.nl/", "safeExit.setting.invalid"],
      ["https://localhost/", "safeExit.setting.invalid"],
      ["https://nos .nl/", "safeExit.setting.invalid"],
      [`https://nos.nl/${"a".repeat(500)}`, "safeExit.setting.tooLong"],
    ];
    for (const [value, message] of cases) {
      const parsed = neutralSiteSchema.safeParse(value);
      expect(parsed.success, value).toBe(false);
      expect(parsed.error?.issues[0]?.message, value).toBe(message);
    }
  });

  it("falls back to the default for a stored value that is missing or unsafe", () => {
    expect(neutralSiteFrom(undefined)).toBe(DEFAULT_NEUTRAL_SITE);
    expect(neutralSiteFrom(42)).toBe(DEFAULT_NEUTRAL_SITE);
    expect(neutralSiteFrom("javascript:alert(1)")).toBe(DEFAULT_NEUTRAL_SITE);
    expect(neutralSiteFrom("https://nos.nl/")).toBe("https://nos.nl/");
  });
});

describe("which pages carry the exit control", () => {
  type Entry = { file: string; path?: string; children?: Entry[] };
  // A nested route's path is relative to its parent's (the case's sections under /medewerkers/zaken/:id).
  const flatten = (entries: Entry[], staff = false, parent = ""): { path: string; staff: boolean }[] =>
    entries.flatMap((e) => {
      const inStaff = staff || e.file === "routes/staff-layout.tsx";
      const path = [parent, e.path].filter(Boolean).join("/");
      return [{ path: `/${path}`, staff: inStaff }, ...flatten(e.children ?? [], inStaff, path)];
    });
  const signIn = /^\/(inloggen|uitloggen|account\/|wachtwoord-|verwijzers(\/|$)|api\/)/;

  it("every route outside the staff area, the referrers' area, the API and the sign-in pages is public", () => {
    for (const route of flatten(routes as unknown as Entry[])) {
      if (route.path === "/") continue;
      const sample = route.path.replace(/:[a-zA-Z]+/g, "x").replace("*", "iets");
      expect(isPublicPath(sample), route.path).toBe(!route.staff && !signIn.test(route.path));
    }
  });

  it("the site, the form, content pages and unknown addresses are public; the staff area is not", () => {
    for (const path of ["/", "/aanmelden", "/aanmelden/stap/rol", "/privacy", "/veilig-bezoeken", "/bestaat/niet"]) {
      expect(isPublicPath(path), path).toBe(true);
    }
    for (const path of ["/medewerkers", "/medewerkers/zaken/1", "/inloggen", "/inloggen/code", "/api/v1/statistics"]) {
      expect(isPublicPath(path), path).toBe(false);
    }
  });
});

describe("who may end a form session through the exit route", () => {
  it("our own pages, a typed address, and browsers that do not say; not another site", () => {
    expect(mayEndSession("same-origin")).toBe(true);
    expect(mayEndSession("none")).toBe(true);
    expect(mayEndSession(null)).toBe(true);
    expect(mayEndSession("cross-site")).toBe(false);
    expect(mayEndSession("same-site")).toBe(false);
  });
});
