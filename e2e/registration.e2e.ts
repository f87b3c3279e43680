import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stepsFor } from "../app/features/registration/registration.fields.ts";
import { launchBrowser, newContext, screenshot } from "./support/browser.ts";
import {
  journey,
  monthsFromToday,
  referralWithoutScript,
  referralWithScript,
  selfByKeyboard,
  selfSubmittedTwice,
  selfWithoutScript,
  selfWithScript,
} from "./support/registration-data.ts";
import { readRegistrationDb } from "./support/registration-db.ts";
import {
  expectAccessible,
  expectNoReact,
  REFERENCE,
  start,
  submitCheckPage,
  walk,
} from "./support/registration-journey.ts";
import {
  type Answers,
  expectCheckPage,
  expectErrors,
  expectedAnswers,
  expectFieldShows,
  expectHeading,
  fillStep,
  keyboardFillField,
  submitStep,
  tabTo,
} from "./support/registration-steps.ts";
import { type ServerProcess, startServer } from "./support/server-process.ts";
import { type SmtpCapture, startSmtpCapture } from "./support/smtp-capture.ts";

/**
 * The public registration form, end to end: every answer typed in a browser (with and without
 * JavaScript, and by keyboard alone) must arrive in the database exactly, once, with the
 * acknowledgement e-mails the registrant allowed. This file runs its own app server with an
 * SMTP catcher, so that it can read that server's database after stopping it.
 */
let server: ServerProcess;
let smtp: SmtpCapture;
let browser: Browser;

type Submitted = { label: string; reference: string; answers: Answers; registrantMail: boolean };
const submitted: Submitted[] = [];
/** A journey without JavaScript checks each page on a copy (see browser.ts), which takes a while. */
const JOURNEY_TIMEOUT_MS = 120_000;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  // TRUST_PROXY lets each journey be its own client (X-Forwarded-For below): the form's rate
  // limits count per client address, and this file posts more steps than one visitor would.
  server = await startServer({ env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: "200", TRUST_PROXY: "1" } });
  await server.waitReady();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

let visitors = 0;
async function visitor(javaScriptEnabled: boolean): Promise<Page> {
  const context = await newContext(browser, { javaScriptEnabled });
  visitors++;
  await context.setExtraHTTPHeaders({ "X-Forwarded-For": `192.0.2.${visitors}` });
  return context.newPage();
}

const required = { choose: "Kies een antwoord.", fill: "Vul dit in." };

describe("registration form", () => {
  it("is fully covered by the journeys below: every question of both paths gets an answer", () => {
    for (const [path, values] of [
      ["self", selfWithScript],
      ["self", selfWithoutScript],
      ["referral", referralWithScript],
      ["referral", referralWithoutScript],
    ] as const) {
      const data = journey(path, values);
      expect(data.steps.map((s) => s.id)).toEqual(stepsFor(path).map((s) => s.id));
      for (const [i, step] of stepsFor(path).entries()) {
        expect(Object.keys(data.steps[i]?.fields ?? {}).sort()).toEqual(step.fields.map((f) => f.name).sort());
      }
    }
  });

  it(
    "registers for oneself with JavaScript",
    async () => {
      const data = journey("self", selfWithScript);
      const reference = await walk(await visitor(true), server.url, {
        label: "self-js",
        js: true,
        data,
        error: { step: "rol", empty: ["role"], messages: { role: required.choose } },
        change: { field: "otherPartyName", value: "Pieter de Vries-Bakker" },
      });
      submitted.push({ label: "self-js", reference, answers: expectedAnswers(data), registrantMail: true });
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "registers for oneself without JavaScript",
    async () => {
      const data = journey("self", selfWithoutScript);
      const reference = await walk(await visitor(false), server.url, {
        label: "self-nojs",
        js: false,
        data,
        error: {
          step: "gegevens",
          empty: ["name"],
          invalid: { email: "bram.visser@" },
          messages: { name: required.fill, email: "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl." },
        },
        change: { field: "contactTimes", value: "alleen op dinsdagochtend" },
        privacyError: true,
      });
      submitted.push({ label: "self-nojs", reference, answers: expectedAnswers(data), registrantMail: false });
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "registers a client with JavaScript",
    async () => {
      const data = journey("referral", referralWithScript);
      const reference = await walk(await visitor(true), server.url, {
        label: "referral-js",
        js: true,
        data,
        error: {
          step: "verwijzer",
          empty: ["referrerType", "organisationName", "referrerName", "referrerEmail"],
          messages: {
            referrerType: required.choose,
            organisationName: required.fill,
            referrerName: required.fill,
            referrerEmail: required.fill,
          },
        },
        change: { field: "expectedReleaseDate", value: monthsFromToday(18) },
        privacyError: true,
      });
      submitted.push({ label: "referral-js", reference, answers: expectedAnswers(data), registrantMail: true });
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "registers a client without JavaScript",
    async () => {
      const data = journey("referral", referralWithoutScript);
      const reference = await walk(await visitor(false), server.url, {
        label: "referral-nojs",
        js: false,
        data,
        error: {
          step: "toestemming",
          empty: ["clientConsent"],
          messages: { clientConsent: "Zet een vinkje om dit te bevestigen." },
        },
        change: { field: "referrerFunction", value: "Casemanager slachtofferhulp" },
      });
      submitted.push({ label: "referral-nojs", reference, answers: expectedAnswers(data), registrantMail: false });
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "registers for oneself with the keyboard alone",
    async () => {
      const data = journey("self", selfByKeyboard);
      const page = await visitor(true);
      const { keyboard } = page;
      await page.goto(`${server.url}/aanmelden`);
      await expectAccessible(page, "start page");
      await expectNoReact(page);
      const first = await tabTo(page, (f) => f.name === "path", { what: "the first choice" });
      expect(first.text).toMatch(/^Voor mezelf: /);
      await keyboard.press("Space");
      await tabTo(page, (f) => f.text === "Begin met aanmelden", { what: "the start button" });
      await keyboard.press("Enter");
      for (const [index, step] of data.steps.entries()) {
        await page.waitForURL((url) => url.pathname === `/aanmelden/stap/${step.id}`, { timeout: 10_000 });
        await expectHeading(page, step.heading);
        await expectAccessible(page, `step ${step.id}`);
        if (index === 0) {
          // Sending the step empty: the error summary takes the focus, the fields follow it.
          await tabTo(page, (f) => f.text === "Volgende", { what: "the Volgende button" });
          await keyboard.press("Enter");
          await expectErrors(page, { role: required.choose }, true);
          await expectAccessible(page, `step ${step.id} with errors`);
        }
        for (const [name, fill] of Object.entries(step.fields)) await keyboardFillField(page, name, fill);
        for (const fill of Object.values(step.fields)) await expectFieldShows(page, fill);
        await tabTo(page, (f) => f.text === "Volgende", { what: "the Volgende button" });
        await keyboard.press("Enter");
      }
      await page.waitForURL((url) => url.pathname === "/aanmelden/controleren", { timeout: 10_000 });
      await expectCheckPage(page, data);
      await expectAccessible(page, "check page");
      // Past the checkbox to the privacy link, back with Shift+Tab, tick it, on to the button.
      await tabTo(page, (f) => f.text === "Lees de privacyverklaring", { what: "the privacy link" });
      await tabTo(page, (f) => f.id === "privacyAgreed", { what: "the privacy checkbox", backwards: true, max: 3 });
      await keyboard.press("Space");
      await tabTo(page, (f) => f.text === "Aanmelding versturen", { what: "the send button", max: 3 });
      await keyboard.press("Enter");
      await page.waitForURL((url) => url.pathname === "/aanmelden/bevestiging", { timeout: 10_000 });
      const reference = (await page.locator("[data-testid=reference]").textContent())?.trim() ?? "";
      expect(reference).toMatch(REFERENCE);
      await expectAccessible(page, "confirmation");
      await expectNoReact(page);
      await screenshot(page, "registration-keyboard-confirmation");
      await page.context().close();
      // An unticked checkbox is stored as false.
      const answers = { ...expectedAnswers(data), incidentDateApproximate: false };
      submitted.push({ label: "keyboard", reference, answers, registrantMail: true });
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "makes one registration of a form sent twice at once, and again after that",
    async () => {
      const data = journey("self", selfSubmittedTwice);
      const page = await visitor(false);
      await start(page, server.url, "self", false);
      for (const [index, step] of data.steps.entries()) {
        await page.waitForURL((url) => url.pathname === `/aanmelden/stap/${step.id}`, { timeout: 10_000 });
        await fillStep(page, step);
        const next = data.steps[index + 1];
        await submitStep(page, next ? `/aanmelden/stap/${next.id}` : "/aanmelden/controleren");
      }
      await expectCheckPage(page, data);
      const csrf = await page.locator("main form input[name=_csrf]").inputValue();
      expect(csrf).not.toBe("");
      // Two posts of the same form at the same moment, with this browser's cookies.
      const post = () =>
        page.request.post(`${server.url}/aanmelden/controleren`, {
          form: { _csrf: csrf, website: "", privacyAgreed: "yes" },
          maxRedirects: 0,
          headers: { "sec-fetch-site": "same-origin" },
        });
      const responses = await Promise.all([post(), post()]);
      for (const response of responses) {
        expect(response.status()).toBe(303);
        expect(response.headers().location).toBe("/aanmelden/bevestiging");
      }
      // The page itself still shows the form: sending it once more finds the same registration.
      const reference = await submitCheckPage(page);
      await page.goBack();
      await page.waitForURL((url) => url.pathname === "/aanmelden/bevestiging", { timeout: 10_000 });
      expect((await page.locator("[data-testid=reference]").textContent())?.trim()).toBe(reference);
      await page.context().close();
      const answers = { ...expectedAnswers(data), incidentDateApproximate: false };
      submitted.push({ label: "double", reference, answers, registrantMail: true });
    },
    JOURNEY_TIMEOUT_MS,
  );

  it("stores every answer once, and sends exactly the acknowledgements that were allowed", async () => {
    expect(submitted.map((s) => s.label)).toEqual([
      "self-js",
      "self-nojs",
      "referral-js",
      "referral-nojs",
      "keyboard",
      "double",
    ]);
    const expectedMail = submitted.flatMap((s) => {
      const list: { to: string; kind: string; subject: string; reference: string }[] = [];
      if (s.registrantMail) {
        const subject = `Wij hebben uw aanmelding ontvangen (${s.reference})`;
        list.push({
          to: String(s.answers.email),
          kind: "registration.ack.registrant",
          subject,
          reference: s.reference,
        });
      }
      if (s.answers.path === "referral") {
        const subject = `Aanmelding van uw cliënt ontvangen (${s.reference})`;
        list.push({
          to: String(s.answers.referrerEmail),
          kind: "registration.ack.referrer",
          subject,
          reference: s.reference,
        });
      }
      return list;
    });
    expect(expectedMail).toHaveLength(6);
    await smtp.waitFor((messages) => messages.length >= expectedMail.length, 30_000);
    // Give a stray message (one that should not exist) the time of several polls to show up.
    await new Promise((r) => setTimeout(r, 1500));
    const received = smtp.messages.map((m) => ({ to: m.to, subject: m.subject }));
    expect(received).toHaveLength(expectedMail.length);
    expect(received).toEqual(expect.arrayContaining(expectedMail.map((m) => ({ to: [m.to], subject: m.subject }))));
    for (const m of smtp.messages) {
      const reference = /\((HB-\d{4}-\d{6})\)$/.exec(m.subject)?.[1] ?? "none";
      expect(m.text).toContain(reference);
      expect(m.headers["auto-submitted"]).toBe("auto-generated");
    }
    expect(smtp.messages.map((m) => m.to[0])).not.toContain(selfWithoutScript.email);
    expect(smtp.messages.map((m) => m.to[0])).not.toContain(referralWithoutScript.email);

    expect((await server.stop()).code).toBe(0);
    const db = readRegistrationDb(server.dataDir);
    expect(db.registrations).toHaveLength(submitted.length);
    expect(db.drafts).toEqual([]);
    // The form sent three times (two at once, then once more) made one registration.
    expect(db.registrations.filter((r) => r.answers.name === selfSubmittedTwice.name)).toHaveLength(1);
    for (const s of submitted) {
      const rows = db.registrations.filter((r) => r.reference === s.reference);
      expect(rows, s.label).toHaveLength(1);
      const row = rows[0];
      if (!row) continue;
      for (const [name, value] of Object.entries(s.answers))
        expect(row.answers[name], `${s.label}: ${name}`).toEqual(value);
      expect(row.answers, s.label).toEqual(s.answers);
      const referral = s.answers.path === "referral";
      expect(row, s.label).toMatchObject({
        channel: "web",
        submitted_by: referral ? "referrer" : "self",
        registrant_role: s.answers.role,
        offence_category: s.answers.offenceCategory,
        referrer_type: referral ? s.answers.referrerType : null,
        locale: "nl",
        status: "received",
      });
    }
    const side = Object.fromEntries(db.registrations.map((r) => [r.reference, r.registrant_side]));
    expect(submitted.map((s) => side[s.reference])).toEqual([
      "victim",
      "offender",
      "offender",
      "victim",
      "victim",
      "victim",
    ]);
    expect(
      db.outbox.map((m) => ({ to: m.recipient, kind: m.kind, subject: m.subject, reference: m.related_id })),
    ).toEqual(expect.arrayContaining(expectedMail));
    expect(db.outbox).toHaveLength(expectedMail.length);
    for (const m of db.outbox) expect(m.status, `${m.kind} to ${m.recipient}`).toBe("sent");
  });
});
