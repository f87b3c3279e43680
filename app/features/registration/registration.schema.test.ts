import { describe, expect, it } from "vitest";
import { findStep, stepsFor } from "./registration.fields.ts";
import { type Answers, type Lists, parseAll, parseStep, todayInAmsterdam } from "./registration.schema.ts";

const lists: Lists = {
  offence_category: [
    { code: "violence", label_nl: "Geweld", label_en: "Violence" },
    { code: "sexual_offence", label_nl: "Zeden", label_en: "Sexual offence" },
  ],
  case_phase: [{ code: "investigation", label_nl: "Onderzoek", label_en: "Investigation" }],
  referrer_type: [{ code: "probation", label_nl: "Reclassering", label_en: "Probation" }],
};
const today = "2026-11-28";
const step = (path: "self" | "referral", id: string) => {
  const s = findStep(path, id);
  if (!s) throw new Error(id);
  return s;
};
const parse = (id: string, entries: [string, string][], previous: Answers = {}, path: "self" | "referral" = "self") =>
  parseStep(step(path, id), entries, lists, today, previous);

describe("parseStep", () => {
  it("accepts a complete step and trims text", () => {
    const result = parse("gebeurtenis", [
      ["offenceCategory", "violence"],
      ["incidentDate", "2025-06-01"],
      ["incidentPlace", "  Utrecht  "],
      ["policeReport", "yes"],
      ["casePhase", ""],
      ["_csrf", "token"],
    ]);
    expect(result).toEqual({
      ok: true,
      values: {
        offenceCategory: "violence",
        incidentDate: "2025-06-01",
        incidentDateApproximate: false,
        incidentPlace: "Utrecht",
        policeReport: "yes",
        casePhase: undefined,
      },
    });
  });

  it("names every missing required answer", () => {
    const result = parse("gebeurtenis", []);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({ offenceCategory: "validation.choose", policeReport: "validation.choose" });
  });

  it("refuses options that do not exist, and a second value for a single answer", () => {
    const result = parse("rol", [
      ["role", "victim"],
      ["role", "offender"],
    ]);
    expect(!result.ok && result.errors.role).toBe("validation.chooseOne");
    const unknown = parse("gebeurtenis", [
      ["offenceCategory", "'; DROP TABLE registration; --"],
      ["policeReport", "yes"],
    ]);
    expect(!unknown.ok && unknown.errors.offenceCategory).toBe("validation.unknownOption");
  });

  it("refuses unknown fields", () => {
    const result = parse("rol", [
      ["role", "victim"],
      ["isAdmin", "true"],
    ]);
    expect(!result.ok && result.errors._form).toBe("validation.unexpectedField");
  });

  it("parses against the day and the lists it is given, also after parsing the same step before", () => {
    const event = (when: string, category: string) =>
      [
        ["offenceCategory", category],
        ["incidentDate", when],
        ["policeReport", "yes"],
      ] as [string, string][];
    const onDay = (day: string, l: Lists = lists) =>
      parseStep(step("self", "gebeurtenis"), event("2026-11-29", "violence"), l, day).ok;
    expect(onDay("2026-11-28")).toBe(false);
    expect(onDay("2026-11-29")).toBe(true);
    expect(onDay("2026-11-28")).toBe(false);
    const fewer: Lists = { ...lists, offence_category: [{ code: "theft", label_nl: "Diefstal", label_en: "Theft" }] };
    expect(onDay("2026-11-29", fewer)).toBe(false);
    const theft = parseStep(step("self", "gebeurtenis"), event("2026-11-01", "theft"), fewer, "2026-11-29");
    expect(theft.ok && theft.values.offenceCategory).toBe("theft");
    expect(parseStep(step("self", "gebeurtenis"), event("2026-11-01", "theft"), lists, "2026-11-29").ok).toBe(false);
  });

  it("refuses dates in the future, impossible dates and badly formatted dates", () => {
    const base: [string, string][] = [
      ["offenceCategory", "violence"],
      ["policeReport", "no"],
    ];
    const err = (date: string) => {
      const r = parse("gebeurtenis", [...base, ["incidentDate", date]]);
      return r.ok ? undefined : r.errors.incidentDate;
    };
    expect(err("2026-11-29")).toBe("validation.dateInFuture");
    expect(err("2026-02-30")).toBe("validation.date");
    expect(err("28-11-2026")).toBe("validation.date");
    expect(err("1850-01-01")).toBe("validation.dateTooEarly");
    expect(err("2026-11-28")).toBeUndefined();
  });

  it("allows a future release date on the consent step", () => {
    const result = parse(
      "toestemming",
      [
        ["clientConsent", "yes"],
        ["statusUpdates", "no"],
        ["expectedReleaseDate", "2027-05-01"],
      ],
      {},
      "referral",
    );
    expect(result.ok).toBe(true);
  });

  it("refuses oversized text, control characters and unreadable bytes", () => {
    const err = (place: string) => {
      const r = parse("gebeurtenis", [
        ["offenceCategory", "violence"],
        ["policeReport", "no"],
        ["incidentPlace", place],
      ]);
      return r.ok ? undefined : r.errors.incidentPlace;
    };
    expect(err("x".repeat(201))).toBe("validation.tooLong");
    expect(err("Utrecht\u0000")).toBe("validation.controlChars");
    expect(err("Utrecht\nAmsterdam")).toBe("validation.controlChars");
    expect(err("Utr\uFFFDcht")).toBe("validation.encoding");
    expect(err("x".repeat(200))).toBeUndefined();
    expect(err("Zoë’s café — ☕")).toBeUndefined();
  });

  it("keeps line breaks in long text and normalises them", () => {
    const result = parse("wensen", [
      ["hopes", "Eerste regel\r\nTweede regel"],
      ["language", "nl"],
      ["interpreterNeeded", "no"],
    ]);
    expect(result.ok && result.values.hopes).toBe("Eerste regel\nTweede regel");
  });

  it("keeps HTML and script as typed (escaping happens when shown)", () => {
    const payload = `<script>alert("x")</script>`;
    const result = parse("andere-partij", [
      ["otherPartyKnown", "yes"],
      ["otherPartyName", payload],
    ]);
    expect(result.ok && result.values.otherPartyName).toBe(payload);
  });

  it("checks e-mail addresses and phone numbers", () => {
    const person = (email: string, phone: string) =>
      parse("gegevens", [
        ["name", "Anna"],
        ["ageGroup", "25_44"],
        ["email", email],
        ["phone", phone],
      ]);
    expect(person("anna@example.org", "06 12345678").ok).toBe(true);
    expect(person("anna@example.org", "+31 (0)30-1234567").ok).toBe(true);
    const bad = person("anna@", "12");
    expect(!bad.ok && bad.errors).toMatchObject({ email: "validation.email", phone: "validation.phone" });
  });

  it("needs a date of birth or an age group, and at least one way to reach the person", () => {
    const result = parse("gegevens", [["name", "Anna"]]);
    expect(!result.ok && result.errors).toMatchObject({
      dateOfBirth: "validation.birthOrAge",
      email: "validation.oneContact",
    });
  });

  it("asks relatives and witnesses whose side they are on", () => {
    const result = parse("rol", [["role", "relative"]]);
    expect(!result.ok && result.errors.sideOf).toBe("validation.sideOfRequired");
    expect(
      parse("rol", [
        ["role", "relative"],
        ["sideOf", "offender"],
      ]).ok,
    ).toBe(true);
  });

  it("needs the contact detail for each chosen channel", () => {
    const contact = (previous: Answers) =>
      parse(
        "contact",
        [
          ["contactChannels", "email"],
          ["contactChannels", "phone"],
          ["voicemailAllowed", "no"],
          ["senderNameAllowed", "yes"],
        ],
        previous,
      );
    expect(contact({ email: "a@example.org", phone: "0612345678" }).ok).toBe(true);
    const missing = contact({ phone: "0612345678" });
    expect(!missing.ok && missing.errors.contactChannels).toBe("validation.channelEmailMissing");
  });

  it("refuses a file where text is expected", () => {
    const file = new File(["x"], "x.txt");
    const result = parseStep(step("self", "rol"), [["role", file]], lists, today);
    expect(!result.ok && result.errors._form).toBe("validation.unexpectedField");
  });
});

describe("parseAll", () => {
  it("finds the first incomplete step of a draft", () => {
    expect(parseAll("self", { role: "victim" }, lists, today)).toEqual({ ok: false, stepId: "gebeurtenis" });
  });

  it("accepts a complete draft for every step of the path", () => {
    const answers: Answers = {
      role: "victim",
      offenceCategory: "violence",
      policeReport: "yes",
      otherPartyKnown: "no",
      name: "Anna",
      ageGroup: "25_44",
      email: "anna@example.org",
      contactChannels: ["email"],
      voicemailAllowed: "no",
      senderNameAllowed: "yes",
      language: "nl",
      interpreterNeeded: "no",
    };
    const result = parseAll("self", answers, lists, today);
    expect(result.ok).toBe(true);
    expect(stepsFor("self").map((s) => s.id)).toEqual([
      "rol",
      "gebeurtenis",
      "andere-partij",
      "gegevens",
      "contact",
      "wensen",
    ]);
  });
});

describe("todayInAmsterdam", () => {
  it("uses the Dutch calendar day", () => {
    expect(todayInAmsterdam(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
    expect(todayInAmsterdam(new Date("2026-06-30T21:59:00Z"))).toBe("2026-06-30");
  });
});
