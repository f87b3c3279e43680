import { describe, expect, it } from "vitest";
import {
  describeSendError,
  isPlausibleEmailAddress,
  isSafeHeaderText,
  isServerWideFailure,
  isValidKind,
  MAX_ATTEMPTS,
  messageIdFor,
  nextAttemptDelayMs,
  statusAfterFailure,
} from "./outbox.rules.ts";

const MINUTE = 60_000;

describe("nextAttemptDelayMs", () => {
  it("doubles from one minute", () => {
    expect([1, 2, 3, 4, 5, 6].map(nextAttemptDelayMs)).toEqual([1, 2, 4, 8, 16, 32].map((m) => m * MINUTE));
  });

  it("is capped at one hour", () => {
    expect(nextAttemptDelayMs(7)).toBe(60 * MINUTE);
    expect(nextAttemptDelayMs(MAX_ATTEMPTS)).toBe(60 * MINUTE);
    expect(nextAttemptDelayMs(10_000)).toBe(60 * MINUTE);
    expect(nextAttemptDelayMs(Number.POSITIVE_INFINITY)).toBe(60 * MINUTE);
  });

  it("treats nonsense as the first attempt instead of returning 0 or NaN", () => {
    for (const n of [0, -3, Number.NaN, 0.5]) expect(nextAttemptDelayMs(n)).toBe(MINUTE);
  });

  it("gives up after about two days of an SMTP outage, not sooner", () => {
    let total = 0;
    for (let n = 1; n < MAX_ATTEMPTS; n++) total += nextAttemptDelayMs(n);
    expect(total / (60 * MINUTE)).toBeGreaterThan(24);
    expect(total / (60 * MINUTE)).toBeLessThan(72);
  });
});

describe("statusAfterFailure", () => {
  it("stays pending until the last attempt has failed", () => {
    expect(statusAfterFailure(1)).toBe("pending");
    expect(statusAfterFailure(MAX_ATTEMPTS - 1)).toBe("pending");
    expect(statusAfterFailure(MAX_ATTEMPTS)).toBe("failed");
    expect(statusAfterFailure(MAX_ATTEMPTS + 1)).toBe("failed");
  });
});

describe("isPlausibleEmailAddress", () => {
  it("accepts ordinary single addresses", () => {
    for (const a of [
      "jan@example.nl",
      "j.de.vries+herstel@mail.example.org",
      "a_b-c@sub.domein.nl",
      "x@xn--bcher-kva.example",
      "info@bücher.de",
    ]) {
      expect(isPlausibleEmailAddress(a), a).toBe(true);
    }
  });

  it("accepts odd addresses that a form may have let through, so that queueing never fails on them", () => {
    for (const a of ["jan.@example.nl", "jan..de@example.nl", "jöran@example.se", "a@b.c", "jan@192.168.1.10"]) {
      expect(isPlausibleEmailAddress(a), a).toBe(true);
    }
  });

  it("refuses lists, display names, header injection and malformed addresses", () => {
    for (const a of [
      "",
      "jan",
      "@example.nl",
      "jan@",
      "jan@localhost",
      "jan@@example.nl",
      "jan@piet@example.nl",
      "jan@example..nl",
      "jan@example.nl.",
      "jan@-example.nl",
      "jan@exa_mple.nl",
      "jan@[127.0.0.1]",
      "group:jan@example.nl",
      "(comment)jan@example.nl",
      "jan@example.nl, piet@example.nl",
      "jan@example.nl;piet@example.nl",
      "Jan <jan@example.nl>",
      '"jan"@example.nl',
      "jan@example.nl\r\nBcc: piet@example.nl",
      "jan @example.nl",
      `${"a".repeat(65)}@example.nl`,
      `jan@${"a".repeat(250)}.nl`,
    ]) {
      expect(isPlausibleEmailAddress(a), JSON.stringify(a)).toBe(false);
    }
  });
});

describe("isSafeHeaderText", () => {
  it("accepts one line of text, also with accents and tabs", () => {
    expect(isSafeHeaderText("Uw aanmelding is ontvangen (HB-2026-000123)")).toBe(true);
    expect(isSafeHeaderText("Bevestiging: één aanmelding\tontvangen")).toBe(true);
  });

  it("refuses line breaks, other control characters and empty text", () => {
    for (const s of ["a\r\nBcc: x@example.nl", "a\nb", "a\rb", "a\u0000b", "a\u007fb", "", "   "]) {
      expect(isSafeHeaderText(s), JSON.stringify(s)).toBe(false);
    }
  });
});

describe("isValidKind", () => {
  it("matches the database check", () => {
    expect(isValidKind("registration.ack")).toBe(true);
    expect(isValidKind("auth.password_reset")).toBe(true);
    expect(isValidKind("Registration.Ack")).toBe(false);
    expect(isValidKind("")).toBe(false);
    expect(isValidKind("a b")).toBe(false);
  });
});

describe("describeSendError", () => {
  it("keeps codes and drops the text, which may quote addresses", () => {
    expect(
      describeSendError(
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:25"), {
          code: "ESOCKET",
          originalCode: "ECONNREFUSED",
          command: "CONN",
        }),
      ),
    ).toBe("ESOCKET ECONNREFUSED CONN");
    const rejected = Object.assign(new Error("all recipients were rejected: 550 5.1.1 <jan@example.nl> unknown"), {
      code: "EENVELOPE",
      responseCode: 550,
      response: "550 5.1.1 <jan@example.nl>: Recipient address rejected",
      command: "RCPT TO",
    });
    expect(describeSendError(rejected)).toBe("EENVELOPE 550 5.1.1 RCPT TO");
    expect(describeSendError(rejected)).not.toContain("jan");
  });

  it("never passes on odd values", () => {
    expect(describeSendError(new Error("jan@example.nl"))).toBe("UNKNOWN");
    expect(describeSendError("jan@example.nl")).toBe("UNKNOWN");
    expect(describeSendError(null)).toBe("UNKNOWN");
    expect(
      describeSendError({ code: "jan@example.nl", command: "RCPT TO:<jan@example.nl>", responseCode: "550" }),
    ).toBe("UNKNOWN");
  });
});

describe("isServerWideFailure", () => {
  it("is false only for a rejection of this message", () => {
    expect(isServerWideFailure({ code: "EENVELOPE", responseCode: 550 })).toBe(false);
    expect(isServerWideFailure({ code: "EMESSAGE", responseCode: 552 })).toBe(false);
    expect(isServerWideFailure({ code: "EENVELOPE", responseCode: 421 })).toBe(true);
    expect(isServerWideFailure({ code: "ESOCKET" })).toBe(true);
    expect(isServerWideFailure({ code: "ETIMEDOUT" })).toBe(true);
    expect(isServerWideFailure({ code: "EAUTH", responseCode: 535 })).toBe(true);
    expect(isServerWideFailure(new Error("?"))).toBe(true);
  });
});

describe("messageIdFor", () => {
  it("is stable for one message and uses the sender's domain", () => {
    const created = new Date("2026-11-28T10:00:00Z");
    const id = messageIdFor(42, created, "Herstelbemiddeling <noreply@herstel.example>");
    expect(id).toBe(messageIdFor(42, created, "Herstelbemiddeling <noreply@herstel.example>"));
    expect(id).toMatch(/^<outbox\.42\.[a-z0-9]+@herstel\.example>$/);
    expect(messageIdFor(43, created, "noreply@herstel.example")).not.toBe(id);
    expect(messageIdFor(1, created, "no address")).toMatch(/@herstel\.invalid>$/);
  });
});
