import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newContext, screenshot } from "./support/browser.ts";
import {
  casePage,
  checkedScreenshot,
  type DemoServer,
  demoStaff,
  openSection,
  prepareForContact,
  SECTION,
  takeUpForBram,
  unfold,
} from "./support/case-journey.ts";
import { sharedDemoServer } from "./support/shared-demo.ts";

/**
 * The case in sections: each section its own address (back button, bookmarks, a second tab),
 * each short enough to work in (measured on the demo cases at 1366×900), and a case carried
 * through them to closed, with and without JavaScript.
 */
let server: DemoServer;
let browser: Browser;
let staff: ReturnType<typeof demoStaff>;

const MEDIATOR = "bemiddelaar@demo.herstel.example";
const SLUGS = [
  "",
  "/partijen",
  "/instemming",
  "/activiteiten",
  "/risico",
  "/contact",
  "/terugkoppeling",
  "/afronding",
  "/bestanden",
  "/tijdlijn",
];
/** How high a section page may be at 1366×900: about two screens. */
const MAX_HEIGHT = 2000;

beforeAll(async () => {
  server = await sharedDemoServer();
  browser = await launchBrowser();
  staff = demoStaff(server, browser);
}, 360_000);
afterAll(async () => {
  await browser?.close();
});

const sectionMenu = (page: Page) => page.getByRole("navigation", { name: "Onderdelen van de zaak" });

/** A fresh tab of the signed-in demo mediator, at 1366×900. */
async function mediatorPage(): Promise<Page> {
  const page = await (await staff.page(MEDIATOR)).context().newPage();
  await page.setViewportSize({ width: 1366, height: 900 });
  return page;
}

/** The addresses of the mediator's cases in the list (optionally of one step). */
async function caseUrls(page: Page, step?: string): Promise<string[]> {
  await page.goto(`${server.url}/medewerkers/zaken${step ? `?step=${step}` : ""}`);
  const hrefs = await page
    .locator("tbody tr a")
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  return hrefs.filter((h) => /\/zaken\/\d+$/.test(h));
}

describe("the case in sections", () => {
  it("each section of each of the mediator's demo cases is under 2,000 pixels high at 1366×900", async () => {
    const page = await mediatorPage();
    const urls = await caseUrls(page);
    expect(urls.length).toBeGreaterThan(2);
    // The sweep's hundreds of pages are measured in a context of their own that the page checks
    // do not record, as the server renders them (without JavaScript, which lays the staff pages
    // out the same and only makes the sweep slower), two tabs at a time; the tallest page of each
    // section, the fullest, is opened again below with JavaScript in the recorded context, so
    // that vnu, axe and the contrast check see it, and its height is checked there too.
    const sweepContext = await browser.newContext({
      locale: "nl-NL",
      viewport: { width: 1366, height: 900 },
      javaScriptEnabled: false,
    });
    await sweepContext.addCookies(await page.context().cookies());
    const tallest: Record<string, { height: number; url: string }> = {};
    const tooHigh: string[] = [];
    const queue = urls.flatMap((url) => SLUGS.map((slug) => ({ url, slug })));
    const measure = async () => {
      const sweep = await sweepContext.newPage();
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { url, slug } = next;
        const response = await sweep.goto(`${url}${slug}`);
        expect(response?.status(), `${url}${slug}`).toBe(200);
        const height = await sweep.evaluate(() => document.documentElement.scrollHeight);
        if (height >= MAX_HEIGHT) tooHigh.push(`${url}${slug}: ${height} px`);
        if (height > (tallest[slug]?.height ?? 0)) tallest[slug] = { height, url: `${url}${slug}` };
      }
    };
    await Promise.all([measure(), measure()]);
    process.stdout.write(
      `Tallest section pages of ${urls.length} demo cases:\n${Object.entries(tallest)
        .map(([slug, t]) => `  ${slug || "/"}: ${t.height} px (${t.url.replace(server.url, "")})`)
        .join("\n")}\n`,
    );
    // A picture of the tallest page of each section, also (above all) when one is too high.
    for (const [slug, t] of Object.entries(tallest)) {
      await page.goto(t.url);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      if (height >= MAX_HEIGHT) tooHigh.push(`${t.url} with JavaScript: ${height} px`);
      await screenshot(page, `case-section${slug.replace("/", "-") || "-overview"}`);
    }
    await sweepContext.close();
    expect(tooHigh).toEqual([]);
    await page.close();
  }, 900_000);

  it("gives each section its own address: the back button, a bookmark and a second tab work", async () => {
    const page = await mediatorPage();
    const [url] = await caseUrls(page);
    await page.goto(url ?? "");
    await openSection(page, SECTION.parties);
    expect(page.url()).toBe(`${url}/partijen`);
    await openSection(page, SECTION.consent);
    expect(page.url()).toBe(`${url}/instemming`);
    await page.goBack();
    await expect.poll(() => page.url()).toBe(`${url}/partijen`);
    await expect.poll(() => sectionMenu(page).locator("[aria-current=page]").textContent()).toBe(SECTION.parties);
    expect(await page.locator("section[aria-labelledby=parties]").count()).toBe(1);
    await page.goBack();
    await expect.poll(() => page.url()).toBe(url);
    await expect.poll(() => sectionMenu(page).locator("[aria-current=page]").textContent()).toBe(SECTION.overview);
    await page.goForward();
    await expect.poll(() => page.url()).toBe(`${url}/partijen`);
    // A bookmark opened in a second tab lands on the same section.
    const second = await page.context().newPage();
    await second.goto(`${url}/tijdlijn`);
    expect(await sectionMenu(second).locator("[aria-current=page]").textContent()).toBe(SECTION.timeline);
    expect(await second.locator("section[aria-labelledby=timeline] tbody tr").count()).toBeGreaterThan(0);
    await checkedScreenshot(second, "section-timeline");
    await second.close();
    await page.close();
  }, 120_000);

  it("with JavaScript, saving keeps the scroll position and the focus, and empties the form sent", async () => {
    const page = await mediatorPage();
    const [url] = await caseUrls(page);
    await page.goto(`${url}/activiteiten`);
    const form = page.locator("section[aria-labelledby=activities] form");
    await form.getByLabel(/^Soort/).selectOption({ label: "Notitie" });
    await form.getByLabel(/^Korte samenvatting/).fill("Gebeld met de aanmelder; volgende week opnieuw.");
    const button = form.getByRole("button", { name: "Activiteit vastleggen" });
    await button.scrollIntoViewIfNeeded();
    await button.focus();
    const before = await page.evaluate(() => window.scrollY);
    expect(before).toBeGreaterThan(100);
    await casePage(page).save(button);
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - before)).toBeLessThan(5);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Activiteit vastleggen");
    // What was typed is in the list now; the form is ready for the next activity.
    expect(await page.locator("section[aria-labelledby=activities] tbody").textContent()).toContain(
      "Gebeld met de aanmelder; volgende week opnieuw.",
    );
    expect(await form.getByLabel(/^Korte samenvatting/).inputValue()).toBe("");
    expect(await form.getByLabel(/^Soort/).inputValue()).toBe("");
    await page.close();
  }, 120_000);
});

describe("a mediator carries a demo case through the sections to closed", () => {
  for (const javaScript of [true, false]) {
    it(javaScript ? "with JavaScript" : "without JavaScript", async () => {
      const signedIn = await mediatorPage();
      let [url] = await caseUrls(signedIn, "taken_up");
      if (!url) {
        await takeUpForBram(staff, server);
        [url] = await caseUrls(signedIn, "taken_up");
      }
      expect(url).toBeDefined();
      const context = await newContext(browser, { javaScriptEnabled: javaScript });
      await context.addCookies(await signedIn.context().cookies());
      const page = await context.newPage();
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(url ?? "");
      const c = casePage(page);
      await prepareForContact(page, "Gesprek", `Kees Secties ${javaScript ? "met" : "zonder"} JS (demo)`);
      await unfold(page.locator("section[aria-labelledby=contact-conversation]"));
      const form = page.locator("section[aria-labelledby=contact-conversation] form");
      await form.getByLabel(/^Plaats/).fill("Regiokantoor, spreekkamer 1");
      await form.getByLabel(/^Minuten/).fill("75");
      await c.save(form.getByRole("button", { name: "Vastleggen" }));
      await c.advance("Afronden");
      await c.go(SECTION.justice);
      expect(await page.textContent("section[aria-labelledby=justice]")).toBeTruthy();
      await c.go(SECTION.closing);
      const outcome = page.locator("section[aria-labelledby=outcome] form");
      await outcome.getByLabel("Ja", { exact: true }).check();
      await c.save(outcome.getByRole("button", { name: "Uitkomst opslaan" }));
      await page.getByLabel(/^Wat mag er met anderen gedeeld worden/).fill("Dat er een gesprek is geweest.");
      await c.save(page.getByRole("button", { name: "Afspraken opslaan" }));
      await checkedScreenshot(page, `sections-closing-${javaScript ? "js" : "nojs"}`);
      await c.advance("Gesloten");
      await c.go(SECTION.closing);
      expect(await page.textContent("main")).toContain("Zaak heropenen");
      await c.go(SECTION.timeline);
      for (const line of ["Volgende stap: Contact", "Gesprek tussen de partijen", "Volgende stap: Gesloten"])
        expect(await page.textContent("section[aria-labelledby=timeline]")).toContain(line);
      await c.go(SECTION.files);
      await checkedScreenshot(page, `sections-closed-${javaScript ? "js" : "nojs"}`);
      await context.close();
    }, 600_000);
  }
});
