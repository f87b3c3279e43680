import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, newContext, screenshot } from "./support/browser.ts";
import { journey, monthsFromToday, type Values } from "./support/registration-data.ts";
import { readRegistrationDb } from "./support/registration-db.ts";
import {
  expectCheckPage,
  expectFieldShows,
  expectHeading,
  fillStep,
  type JourneyData,
  submitStep,
} from "./support/registration-steps.ts";
import { type ServerProcess, startServer } from "./support/server-process.ts";

/**
 * Markup typed into the registration form must come back as text, never as markup: on the
 * "check your answers" page (rendered in the browser and on the server), in the form fields
 * when a step is shown again, and on the confirmation page.
 */
const PAYLOAD = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">"'><svg onload=window.__xss=3>`;
/** A text area can be closed from inside its own content, if the page does not escape it. */
const TEXTAREA_PAYLOAD = `${PAYLOAD}\n</textarea><script>window.__xss=4</script><b onmouseover=window.__xss=5>vet</b>`;

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  await server.waitReady();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

/** Every free-text answer is the payload, told apart by a one-letter prefix (some fields allow 100 characters). */
const markup = (letter: string, textarea = false) => `${letter} ${textarea ? TEXTAREA_PAYLOAD : PAYLOAD}`;
const answers: Values = {
  referrerType: "probation",
  organisationName: markup("a"),
  referrerName: markup("b"),
  referrerFunction: markup("c"),
  referrerEmail: "verwijzer@example.org",
  referrerPhone: "030 1234567",
  role: "other",
  roleOther: markup("d"),
  offenceCategory: "violence",
  incidentPlace: markup("e"),
  policeReport: "yes",
  otherPartyKnown: "partly",
  otherPartyName: markup("f"),
  otherPartyRelation: markup("g"),
  otherPartyContact: markup("h", true),
  name: markup("i"),
  ageGroup: "25_44",
  email: "client@example.org",
  phone: "06 12345678",
  address: markup("j", true),
  contactChannels: ["phone", "email", "post"],
  contactTimes: markup("k"),
  voicemailAllowed: "no",
  senderNameAllowed: "yes",
  hopes: markup("l", true),
  language: "other",
  languageOther: markup("m"),
  interpreterNeeded: "no",
  clientConsent: true,
  statusUpdates: "yes",
  expectedReleaseDate: monthsFromToday(3),
  context: markup("n", true),
};

/** Fields typed with markup: name → question and value. */
function freeText(data: JourneyData): Record<string, { label: string; value: string }> {
  const out: Record<string, { label: string; value: string }> = {};
  for (const step of data.steps) {
    for (const [name, fill] of Object.entries(step.fields)) {
      if (fill.kind === "text" && fill.value.includes("<script>")) out[name] = { label: fill.label, value: fill.value };
    }
  }
  return out;
}

type Watch = { dialogs: string[] };

/** Nothing from the payload ran or became an element; the page is still accessible. */
async function expectInert(page: Page, watch: Watch, where: string) {
  expect(watch.dialogs, where).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), where).toBeUndefined();
  const injected = await page.evaluate(() => {
    // Elements of the payload's kinds inside main, and anywhere: event handlers or scripts
    // with the payload's code. (The payload may appear as text, e.g. in an input's value or
    // in the JSON that React Router hands to the browser; that is fine.)
    const inMain = [...document.querySelectorAll("main script, main img, main svg, main b")];
    const handlers = [...document.querySelectorAll("*")].filter((el) =>
      [...el.attributes].some((a) => a.name.startsWith("on") && a.value.includes("__xss")),
    );
    const scripts = [...document.scripts].filter((el) => /^\s*window\.__xss=/.test(el.textContent ?? ""));
    return [...inMain, ...handlers, ...scripts].map((el) => el.outerHTML.slice(0, 120));
  });
  expect(injected, where).toEqual([]);
  expect(await axeViolations(page), where).toEqual([]);
}

describe("registration form and markup in answers", () => {
  it("shows typed markup as text on every page and never runs it", async () => {
    const data = journey("referral", answers);
    const typed = freeText(data);
    expect(Object.keys(typed)).toHaveLength(14);
    const context = await newContext(browser, { javaScriptEnabled: true });
    const page = await context.newPage();
    const watch: Watch = { dialogs: [] };
    page.on("dialog", (dialog) => {
      watch.dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    await page.goto(`${server.url}/aanmelden`);
    await page
      .getByRole("group", { name: "Voor wie meldt u aan?" })
      .getByLabel(/^Voor een cliënt: /)
      .check();
    await page.getByRole("button", { name: "Begin met aanmelden" }).click();
    for (const [index, step] of data.steps.entries()) {
      await page.waitForURL((url) => url.pathname === `/aanmelden/stap/${step.id}`, { timeout: 10_000 });
      await expectHeading(page, step.heading);
      await fillStep(page, step);
      const next = data.steps[index + 1];
      await submitStep(page, next ? `/aanmelden/stap/${next.id}` : "/aanmelden/controleren");
      await expectInert(page, watch, `after step ${step.id}`);
    }

    // Rendered in the browser after navigating, then by the server after a reload.
    for (const how of ["navigated", "reloaded"]) {
      if (how === "reloaded") await page.reload();
      await expectCheckPage(page, data);
      for (const { label, value } of Object.values(typed)) {
        const row = page.locator(".herstel-summary-list__row").filter({
          has: page.locator("dt").getByText(label, { exact: true }),
        });
        const answer = row.locator("dd").first();
        expect(await answer.isVisible(), label).toBe(true);
        expect(await answer.evaluate((dd) => dd.childElementCount), label).toBe(0);
        expect(await answer.textContent(), label).toBe(value);
      }
      await expectInert(page, watch, `check page (${how})`);
    }
    await screenshot(page, "registration-xss-check");

    // A step shown again, from the server: every value back in its field, unchanged.
    for (const step of data.steps.filter((s) => Object.keys(s.fields).some((name) => name in typed))) {
      await page.goto(`${server.url}/aanmelden/stap/${step.id}?terug=controle`);
      await expectHeading(page, step.heading);
      for (const fill of Object.values(step.fields)) await expectFieldShows(page, fill);
      await expectInert(page, watch, `step ${step.id} shown again`);
    }

    await page.goto(`${server.url}/aanmelden/controleren`);
    await page.getByRole("checkbox", { name: /^Ik heb de privacyverklaring gelezen/ }).check();
    await page.getByRole("button", { name: "Aanmelding versturen" }).click();
    await page.waitForURL((url) => url.pathname === "/aanmelden/bevestiging", { timeout: 10_000 });
    await expectHeading(page, "Uw aanmelding is ontvangen");
    const reference = (await page.locator("[data-testid=reference]").textContent())?.trim() ?? "";
    expect(reference).toMatch(/^HB-\d{4}-\d{6}$/);
    await expectInert(page, watch, "confirmation");
    await page.reload();
    expect((await page.locator("[data-testid=reference]").textContent())?.trim()).toBe(reference);
    await expectInert(page, watch, "confirmation (reloaded)");
    await screenshot(page, "registration-xss-confirmation");
    await context.close();

    // Stored as typed: escaping is the pages' job, not a change to what people wrote.
    expect((await server.stop()).code).toBe(0);
    const db = readRegistrationDb(server.dataDir);
    expect(db.registrations).toHaveLength(1);
    for (const [name, { value }] of Object.entries(typed)) expect(db.registrations[0]?.answers[name], name).toBe(value);
  });
});
