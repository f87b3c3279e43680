import { describe, expect, it } from "vitest";
import { registrantSide } from "./registration.fields.ts";
import { formatReference, registrantMayBeEmailed, yearInAmsterdam } from "./registration.rules.ts";

describe("registration rules", () => {
  it("format references as HB-YYYY-NNNNNN", () => {
    expect(formatReference(2026, 1)).toBe("HB-2026-000001");
    expect(formatReference(2026, 999999)).toBe("HB-2026-999999");
    expect(() => formatReference(2026, 1_000_000)).toThrow(RangeError);
    expect(() => formatReference(2026, 0)).toThrow(RangeError);
  });

  it("count the year in Dutch time", () => {
    expect(yearInAmsterdam(new Date("2026-12-31T23:30:00Z"))).toBe(2027);
    expect(yearInAmsterdam(new Date("2026-12-31T22:30:00Z"))).toBe(2026);
  });

  it("e-mail the registrant only with an address, e-mail allowed, and our name allowed as sender", () => {
    const ok = { email: "a@example.org", contactChannels: ["email"], senderNameAllowed: "yes" };
    expect(registrantMayBeEmailed(ok)).toBe(true);
    expect(registrantMayBeEmailed({ ...ok, senderNameAllowed: "no" })).toBe(false);
    expect(registrantMayBeEmailed({ ...ok, contactChannels: ["phone"] })).toBe(false);
    expect(registrantMayBeEmailed({ ...ok, email: undefined })).toBe(false);
  });

  it("put relatives and witnesses on the side they chose", () => {
    expect(registrantSide("victim", undefined)).toBe("victim");
    expect(registrantSide("bereaved", undefined)).toBe("victim");
    expect(registrantSide("offender", "victim")).toBe("offender");
    expect(registrantSide("relative", "offender")).toBe("offender");
    expect(registrantSide("witness", undefined)).toBe("unknown");
  });
});
