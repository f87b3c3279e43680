import { describe, expect, it } from "vitest";
import { catalogue, localeFromCookieHeader, translate } from "./i18n.ts";
import { nl } from "./messages.nl.ts";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("translations", () => {
  it("exist in English for every Dutch text, with the same placeholders", () => {
    const en = catalogue("en");
    for (const [key, dutch] of Object.entries(nl)) {
      const english = en[key as keyof typeof nl];
      expect(english, key).toBeTruthy();
      expect(english.trim(), key).toBe(english);
      expect(placeholders(english), key).toEqual(placeholders(dutch));
    }
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
  });

  it("fill in placeholders and leave unknown ones visible", () => {
    expect(translate("nl", "error.reference", { requestId: "abc" })).toBe("Foutcode voor de helpdesk: abc");
    expect(translate("en", "error.reference")).toContain("{requestId}");
  });
});

describe("language cookie", () => {
  it("defaults to Dutch and accepts only known languages", () => {
    expect(localeFromCookieHeader(null)).toBe("nl");
    expect(localeFromCookieHeader("herstel_lang=en")).toBe("en");
    expect(localeFromCookieHeader("a=b; herstel_lang=en; c=d")).toBe("en");
    expect(localeFromCookieHeader("herstel_lang=fr")).toBe("nl");
    expect(localeFromCookieHeader("herstel_lang=<script>")).toBe("nl");
  });
});
