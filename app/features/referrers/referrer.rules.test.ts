import { describe, expect, it } from "vitest";
import { domainOf, isDomain, isSharedDomain, parseDomains } from "./referrer.rules.ts";

describe("referrer rules", () => {
  it("takes the domain of an address, lower case", () => {
    expect(domainOf("A.Jansen@Reclassering.NL")).toBe("reclassering.nl");
    expect(domainOf("no-at-sign")).toBeUndefined();
    expect(domainOf("trailing@")).toBeUndefined();
  });

  it("parses typed domains, each once, and names the wrong ones", () => {
    expect(parseDomains("reclassering.nl, @Slachtofferhulp.nl\nreclassering.nl  nope")).toEqual({
      domains: ["reclassering.nl", "slachtofferhulp.nl"],
      invalid: ["nope"],
    });
    expect(isDomain("a.b")).toBe(false);
    expect(isDomain("rvdk.nl")).toBe(true);
  });

  it("knows shared mail domains", () => {
    expect(isSharedDomain("gmail.com")).toBe(true);
    expect(isSharedDomain("reclassering.nl")).toBe(false);
  });
});
