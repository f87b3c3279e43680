import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RegistrationPath, stepsFor } from "../app/features/registration/registration.fields.ts";
import { EXIT_PATH, NEUTRAL_SITE_SETTING } from "../app/features/safe-exit/safe-exit.ts";
import { launchBrowser, newContext, screenshot } from "./support/browser.ts";
import { type InProcessApp, startInProcessApp, Visitor } from "./support/in-process-app.ts";
import { NEUTRAL_HEADING, type NeutralSite, startNeutralSite } from "./support/neutral-site.ts";
import { journey, selfWithScript } from "./support/registration-data.ts";
import { expectAccessible, start } from "./support/registration-journey.ts";
import { expectHeading, fillStep, submitStep } from "./support/registration-steps.ts";
import { PROJECT_ROOT } from "./support/server-process.ts";
import { signedInStaff } from "./support/signed-in-staff.ts";

/**
 * "Exit this page" and discreet traces, in Chromium with and without JavaScript: the exit
 * button and the Shift shortcut land on the neutral site, Back does not return to the form (with
 * JavaScript), the form's draft is gone from the server and its cookie from the browser, and no
 * other site is contacted before the click. The neutral site is answered by the test itself.
 */
const DRAFT_COOKIE = "herstel_aanmelding";
const EXIT_NAME = "Pagina snel verlaten";

let app: InProcessApp;
let browser: Browser;
let neutral: NeutralSite;
let adminToken = "";

beforeAll(async () => {
  app = await startInProcessApp({
    async seed(handle) {
      adminToken = await signedInStaff(handle.db, {
        email: "beheer@test.example",
        displayName: "Bea Beheer",
        roles: ["administrator"],
      });
    },
  });
  neutral = await startNeutralSite();
  await app.asOwner("INSERT INTO app_setting (key, value) VALUES ($1, $2)", [
    NEUTRAL_SITE_SETTING,
    JSON.stringify(neutral.url),
  ]);
  browser = await launchBrowser(neutral.chromiumArgs);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await neutral?.close();
});

/** A fresh visitor whose requests to other sites are recorded; the neutral site is answered here. */
async function visitor(js: boolean): Promise<{ context: BrowserContext; page: Page; elsewhere: string[] }> {
  const context = await newContext(browser, { javaScriptEnabled: js });
  const elsewhere: string[] = [];
  context.on("request", (request) => {
    if (!request.url().startsWith(app.url)) elsewhere.push(request.url());
  });
  return { context, page: await context.newPage(), elsewhere };
}

async function draftCookie(context: BrowserContext): Promise<string | undefined> {
  return (await context.cookies(app.url)).find((c) => c.name === DRAFT_COOKIE)?.value;
}

async function draftsWithId(id: string): Promise<number> {
  const rows = await app.asOwner<{ n: number }>("SELECT count(*)::int AS n FROM registration_draft WHERE id = $1", [
    id,
  ]);
  return rows[0]?.n ?? -1;
}

/** Starts the form for oneself and answers the first step: the draft then holds answers. */
async function onSecondStep(page: Page, js: boolean): Promise<void> {
  const steps = journey("self", selfWithScript).steps;
  await start(page, app.url, "self", js);
  await page.waitForURL((url) => url.pathname === `/aanmelden/stap/${steps[0]?.id}`, { timeout: 10_000 });
  if (steps[0]) await fillStep(page, steps[0]);
  await submitStep(page, `/aanmelden/stap/${steps[1]?.id}`);
  await expectHeading(page, "Wat is er gebeurd?");
}

/** The first request to another site is the neutral page itself, and all go to that site only. */
function expectOnlyNeutral(elsewhere: string[]): void {
  expect(elsewhere[0]).toBe(neutral.url);
  for (const url of elsewhere) expect(new URL(url).origin).toBe(new URL(neutral.url).origin);
}

/** After leaving: the form's answers are gone from the server and its cookie from the browser. */
async function expectFormEnded(context: BrowserContext, draftId: string): Promise<void> {
  expect(await draftsWithId(draftId)).toBe(0);
  expect(await draftCookie(context)).toBeUndefined();
  // Even with the old cookie put back, the form has nothing left to show.
  const check = await context.newPage();
  await context.addCookies([{ name: DRAFT_COOKIE, value: draftId, url: app.url }]);
  await check.goto(`${app.url}/aanmelden/stap/rol`);
  expect(new URL(check.url()).pathname).toBe("/aanmelden");
  expect(new URL(check.url()).searchParams.has("verlopen")).toBe(true);
  await check.close();
}

describe.each([
  { js: true, label: "with JavaScript" },
  { js: false, label: "without JavaScript" },
])("exit this page $label", ({ js }) => {
  const mode = js ? "js" : "nojs";

  it("leaves a form step for the neutral site with one click, and ends the form", async () => {
    const { context, page, elsewhere } = await visitor(js);
    await onSecondStep(page, js);
    if (js) await exitScriptReady(page);
    const draftId = (await draftCookie(context)) ?? "";
    expect(draftId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await draftsWithId(draftId)).toBe(1);

    const exit = page.getByRole("link", { name: EXIT_NAME, exact: true });
    expect(await exit.getAttribute("href")).toBe(EXIT_PATH);
    // The shortcut is offered only where it works.
    expect(await page.locator("[data-exit-this-page-shortcut]").isVisible()).toBe(js);
    await expectAccessible(page, "a form step with the exit control");
    await screenshot(page, `safe-exit-step-${mode}`);
    // Nothing so far has contacted another site: the neutral site only hears of it on the click.
    expect(elsewhere).toEqual([]);

    await exit.click();
    await page.waitForURL(neutral.url, { timeout: 10_000 });
    expect(await page.textContent("h1")).toBe(NEUTRAL_HEADING);
    await screenshot(page, `safe-exit-neutral-${mode}`);
    expectOnlyNeutral(elsewhere);
    await expectFormEnded(context, draftId);

    // Back: with JavaScript the step that was left is no longer in the history (the browser goes
    // to the step before it); without JavaScript the link could not remove it. Either way the
    // server has nothing left to show: the form starts again.
    const back = await page.goBack();
    expect(firstUrlOf(back)?.pathname).toBe(js ? "/aanmelden/stap/rol" : "/aanmelden/stap/gebeurtenis");
    expect(new URL(page.url()).pathname).toBe("/aanmelden");
    expect(await page.textContent("main")).not.toContain(selfWithScript.roleOther);
    await context.close();
  });

  it("leaves an information page the same way, and the shortcut is Shift three times", async () => {
    const { context, page, elsewhere } = await visitor(js);
    await page.goto(`${app.url}/veilig-bezoeken`);
    await expectHeading(page, "Veilig deze website bezoeken");
    await expectAccessible(page, "the safe-browsing advice");
    await screenshot(page, `safe-exit-advice-${mode}`);
    // Early in the tab order: right after the skip link.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(EXIT_NAME);
    if (!js) {
      await page.keyboard.press("Enter");
      await page.waitForURL(neutral.url, { timeout: 10_000 });
      expectOnlyNeutral(elsewhere);
      await context.close();
      return;
    }
    const status = page.locator("[data-exit-this-page-status]");
    await page.keyboard.press("Shift");
    await expect.poll(() => status.textContent()).toBe("Shift. Druk nog 2 keer om de pagina te verlaten.");
    await page.keyboard.press("Shift");
    await expect.poll(() => status.textContent()).toBe("Shift. Druk nog 1 keer om de pagina te verlaten.");
    // Another key in between starts the count again (typing a capital letter is not leaving).
    await page.keyboard.press("a");
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    expect(new URL(page.url()).pathname).toBe("/veilig-bezoeken");
    expect(elsewhere).toEqual([]);
    await page.keyboard.press("Shift");
    await page.waitForURL(neutral.url, { timeout: 10_000 });
    expectOnlyNeutral(elsewhere);
    await context.close();
  });
});

describe("in English, on a small screen", () => {
  it("says Exit this page, stays reachable while scrolling, and links the advice", async () => {
    const { context, page } = await visitor(true);
    const problems: string[] = [];
    page.on("console", (message) => {
      // The site has no favicon: the browser's own request for one is not the page's problem.
      if (message.location().url.endsWith("/favicon.ico")) return;
      if (message.type() === "error" || message.type() === "warning") {
        problems.push(`${message.text()} (${message.location().url})`);
      }
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await context.addCookies([{ name: "herstel_lang", value: "en", url: app.url }]);
    await page.setViewportSize({ width: 360, height: 640 });
    await page.goto(`${app.url}/aanmelden`);
    await expectHeading(page, "Register for restorative mediation");
    const exit = page.getByRole("link", { name: "Exit this page", exact: true });
    expect(await page.locator("[data-exit-this-page-shortcut]").textContent()).toBe("Or press Shift 3 times. ");
    await expectAccessible(page, "the start page in English on a small screen");
    // The script loads under the CSP and nothing complains (no blocked script, no hydration error).
    expect(problems).toEqual([]);
    await screenshot(page, "safe-exit-start-en-small");
    // Sticky: still on screen at the bottom of a long page.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const box = await exit.boundingBox();
    expect(box && box.y >= 0 && box.y < 100).toBe(true);
    // What the visitor sees at that moment (the viewport, not the whole page).
    await page.screenshot({
      path: path.join(PROJECT_ROOT, "reports/screenshots/safe-exit-start-en-small-scrolled.png"),
    });
    await page.getByRole("link", { name: "Visiting this website safely" }).first().click();
    await expectHeading(page, "Visiting this website safely");
    await context.close();
  });
});

/** Waits until the exit script has run on the page (it shows the shortcut's hint only then). */
async function exitScriptReady(page: Page) {
  await page.locator("[data-exit-this-page-shortcut]").first().waitFor({ state: "visible", timeout: 10_000 });
}

describe("the Shift shortcut on a form step", () => {
  it("lands on the neutral site, Back does not return to the step, and the draft is gone", async () => {
    const { context, page } = await visitor(true);
    await onSecondStep(page, true);
    await exitScriptReady(page);
    const draftId = (await draftCookie(context)) ?? "";
    expect(await draftsWithId(draftId)).toBe(1);
    // While typing in a field, as someone would be when the other person walks in.
    await page.getByLabel("In welke gemeente of regio is het gebeurd? (niet verplicht)").fill("Utrecht");
    for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
    await page.waitForURL(neutral.url, { timeout: 10_000 });
    await expectFormEnded(context, draftId);
    const back = await page.goBack();
    expect(firstUrlOf(back)?.pathname).toBe("/aanmelden/stap/rol");
    expect(new URL(page.url()).pathname).toBe("/aanmelden");
    await context.close();
  });

  it("keeps nothing of the answers in the browser's storage", async () => {
    const { context, page } = await visitor(true);
    await onSecondStep(page, true);
    const stored = await page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      databases: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
    }));
    expect(stored).toEqual({ local: 0, session: 0, databases: 0, caches: 0 });
    // The form's cookie ends with the browser session: no expiry date.
    const cookie = (await context.cookies(app.url)).find((c) => c.name === DRAFT_COOKIE);
    expect(cookie?.expires).toBe(-1);
    expect(cookie?.httpOnly).toBe(true);
    await context.close();
  });
});

/** The first address a navigation asked for, before any redirect. */
function firstUrlOf(response: Response | null): URL | undefined {
  let request = response?.request();
  while (request?.redirectedFrom()) request = request.redirectedFrom() ?? undefined;
  return request ? new URL(request.url()) : undefined;
}

describe("every public page carries the exit control; form steps leave discreet traces", () => {
  const hasExit = (html: string) => html.includes(`href="${EXIT_PATH}"`) && html.includes(EXIT_NAME);

  it("on the site's pages, the content pages and a missing page, but not in the staff area", async () => {
    const slugs = fs
      .readdirSync(path.join(PROJECT_ROOT, "content/pages/nl"))
      .map((file) => file.replace(/\.md$/, ""))
      .filter((slug) => slug !== "home" && slug !== "aanmelden-intro");
    const pages = ["/", "/aanmelden", "/aanmelden/bevestiging", "/bestaat/niet", ...slugs.map((s) => `/${s}`)];
    expect(pages).toContain("/veilig-bezoeken");
    const anonymous = new Visitor(app.url);
    for (const page of pages) {
      const { status, html } = await anonymous.get(page);
      expect([200, 404], page).toContain(status);
      expect(hasExit(html), page).toBe(true);
    }
    // The safe-browsing advice is linked from the exit control and from the form's start page.
    const startPage = (await anonymous.get("/aanmelden")).html;
    const main = startPage.slice(startPage.indexOf("<main"));
    expect(main).toContain('href="/veilig-bezoeken"');
    expect(startPage.slice(0, startPage.indexOf("<main"))).toContain('href="/veilig-bezoeken"');
    for (const page of ["/inloggen", "/wachtwoord-vergeten"]) {
      const { html } = await anonymous.get(page);
      expect(hasExit(html), page).toBe(false);
    }
    const admin = new Visitor(app.url);
    admin.cookies.set("herstel_sessie", adminToken);
    const { status, html } = await admin.get("/medewerkers");
    expect(status).toBe(200);
    expect(hasExit(html)).toBe(false);
  });

  it.each(["self", "referral"] as RegistrationPath[])(
    "on every step of the %s form: neutral titles, no-store, a session cookie",
    async (formPath) => {
      const visitor = new Visitor(app.url);
      await visitor.get("/aanmelden");
      const started = await fetch(`${app.url}/aanmelden`, {
        method: "POST",
        redirect: "manual",
        headers: {
          cookie: visitor.cookieHeader(),
          origin: app.url,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ _csrf: visitor.token, path: formPath }),
      });
      expect(started.status).toBe(303);
      const setCookie = started.headers.getSetCookie().find((c) => c.startsWith(`${DRAFT_COOKIE}=`)) ?? "";
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).not.toMatch(/Max-Age|Expires/i);
      visitor.cookies.set(DRAFT_COOKIE, setCookie.split(";")[0]?.split("=")[1] ?? "");
      const steps = stepsFor(formPath);
      for (const [index, step] of steps.entries()) {
        const response = await fetch(`${app.url}/aanmelden/stap/${step.id}`, {
          headers: { cookie: visitor.cookieHeader() },
          redirect: "manual",
        });
        expect(response.status, step.id).toBe(200);
        expect(response.headers.get("cache-control"), step.id).toBe("no-store");
        const html = await response.text();
        const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
        expect(title, step.id).toBe(`Aanmelden, stap ${index + 1} van ${steps.length + 1} – Herstelbemiddeling`);
        expect(hasExit(html), step.id).toBe(true);
        // No cookie of the form outlives the browser session.
        for (const line of response.headers.getSetCookie()) expect(line, step.id).not.toMatch(/Max-Age|Expires/i);
      }
      for (const page of ["/aanmelden", "/aanmelden/controleren", "/aanmelden/bevestiging"]) {
        const response = await fetch(`${app.url}${page}`, {
          headers: { cookie: visitor.cookieHeader() },
          redirect: "manual",
        });
        expect(response.headers.get("cache-control"), page).toBe("no-store");
      }
    },
  );
});

describe("the administrators' setting", () => {
  it("refuses an address that is not https, saves a good one with an audit record, and exit follows it", async () => {
    const context = await newContext(browser);
    await context.addCookies([{ name: "herstel_sessie", value: adminToken, url: app.url }]);
    const page = await context.newPage();
    await page.goto(`${app.url}/medewerkers/beheer/instellingen`);
    await expectHeading(page, "Instellingen");
    expect(await page.textContent("main")).toContain(neutral.url);
    const field = page.getByLabel("Adres van de neutrale website");
    // The page has a form per setting; this one is the neutral site's.
    const save = page.locator("form", { has: field }).getByRole("button", { name: "Opslaan" });
    await field.fill("http://nieuws.example.nl/");
    await save.click();
    await page.locator(".herstel-error-summary").waitFor({ state: "visible", timeout: 10_000 });
    expect(await page.textContent(".herstel-error-summary")).toContain("begint met https://");
    // Nothing typed is lost.
    expect(await field.inputValue()).toBe("http://nieuws.example.nl/");
    await expectAccessible(page, "settings with an error");
    await screenshot(page, "safe-exit-setting-error");

    await field.fill("https://nieuws.example.nl/");
    await save.click();
    await expect.poll(() => page.locator("[role=status]").textContent()).toBe("Het adres is opgeslagen.");
    await expectAccessible(page, "settings saved");
    await screenshot(page, "safe-exit-setting-saved");
    const audit = await app.asOwner<{ action: string; object_id: string; result: string }>(
      "SELECT action, object_id, result FROM audit_log WHERE action = 'settings.update'",
    );
    expect(audit).toEqual([{ action: "settings.update", object_id: NEUTRAL_SITE_SETTING, result: "allowed" }]);
    const exit = await fetch(`${app.url}${EXIT_PATH}`, { redirect: "manual" });
    expect(exit.status).toBe(303);
    expect(exit.headers.get("location")).toBe("https://nieuws.example.nl/");
    await app.asOwner("UPDATE app_setting SET value = $2 WHERE key = $1", [
      NEUTRAL_SITE_SETTING,
      JSON.stringify(neutral.url),
    ]);
    await context.close();
  });
});
