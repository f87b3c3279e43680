import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { checkedScreenshot, type DemoServer, demoStaff } from "./support/case-journey.ts";
import { sharedDemoServer } from "./support/shared-demo.ts";

/**
 * A researcher on the demo data: sees the figures and the annual report, downloads CSV and XLSX,
 * reads the JSON API, and can open no case or registration. The report prints on A4.
 */
let server: DemoServer;
let browser: Browser;
let page: Page;
const year = new Date().getUTCFullYear() - 1;

beforeAll(async () => {
  server = await sharedDemoServer();
  browser = await launchBrowser();
  page = await demoStaff(server, browser).signIn("onderzoeker@demo.herstel.example");
});
afterAll(async () => {
  await browser?.close();
});

async function download(name: RegExp): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  const path = await file.path();
  return fs.readFileSync(path);
}

describe("a researcher", () => {
  it("sees the figures with their definitions, small counts hidden as in a publication", async () => {
    expect(await page.locator(".herstel-staff-nav").textContent()).not.toContain("Zaken");
    await page.getByRole("link", { name: "Cijfers", exact: true }).click();
    await page.waitForURL(/\/medewerkers\/cijfers/);
    await page.getByLabel(/^Jaar/).selectOption(String(year));
    await page.getByRole("button", { name: "Cijfers tonen" }).click();
    await page.waitForURL(new RegExp(`jaar=${year}`));
    await expect.poll(() => page.textContent("h1")).toBe(`Cijfers: ${year}`);
    for (const title of [
      "Wie meldt aan",
      "Hoe vaak komt het tot contact",
      "Na welke delicten",
      "Hoe hebben deelnemers contact",
    ])
      expect(await page.getByRole("heading", { name: title }).count()).toBe(1);
    // A researcher's figures follow the publication rules, whatever is asked: the page
    // says so, and no count from 1 to 4 is shown (charts only draw the counts that are shown).
    expect(await page.textContent("main")).toContain("zoals ze gepubliceerd mogen worden");
    const cells = await page.locator("section[aria-labelledby=figure-channel] tbody td:nth-child(2)").allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) expect(cell.trim()).toMatch(/^(0|<5|x|[5-9]|[1-9]\d+|[1-9]\d{0,2}(\.\d{3})+)$/);
    expect(await page.textContent("#figure-contact ~ p")).toContain("Contact betekent");
    expect(await page.locator("section[aria-labelledby=figure-contact] tbody tr").count()).toBe(3);
    await checkedScreenshot(page, "statistics");
  });

  it("downloads every table as CSV and as XLSX, and the figures as JSON", async () => {
    const csv = (await download(/^Alle tabellen als CSV/)).toString("utf8");
    expect(csv.startsWith(`\uFEFFCijfers ${year}`)).toBe(true);
    expect(csv).toContain("Hoe vaak komt het tot contact");
    const xlsx = await download(/^Alle tabellen als Excel/);
    expect(xlsx.subarray(0, 2).toString()).toBe("PK");
    const publication = (await download(/^Voor publicatie als CSV/)).toString("utf8");
    expect(publication).toContain("aantallen van 1 tot 5");
    const api = await page.request.get(`${server.url}/api/v1/statistics?year=${year}`);
    expect(api.status()).toBe(200);
    const body = (await api.json()) as {
      year: number;
      publication: boolean;
      figures?: unknown;
      tables: { id: string; rows: (string | number | null)[][] }[];
    };
    expect(body.year).toBe(year);
    expect(body.tables.map((t) => t.id)).toContain("forms");
    // Suppressed for a researcher even without publication=1: no raw figures, the same tables as the files.
    expect(body.publication).toBe(true);
    expect(body.figures).toBeUndefined();
    const received = body.tables.find((t) => t.id === "summary")?.rows[0]?.[1];
    expect(csv).toContain(`Ontvangen,${received},`);
  });

  it("reads the annual report, which prints on A4", async () => {
    await page.getByRole("link", { name: `Jaarbericht ${year}` }).click();
    await page.waitForURL(new RegExp(`jaarbericht/${year}`));
    const questions = await page.locator(".herstel-report__section > h2").allTextContents();
    expect(questions).toEqual([
      "Welke professionals melden aan?",
      "Hoe vaak leidt een aanmelding tot contact?",
      "Wie neemt het initiatief?",
      "Na welke delicten wordt aangemeld?",
      "Hoe hebben deelnemers contact?",
      "Verder",
      "Helpt contact?",
    ]);
    await checkedScreenshot(page, "annual-report");
    // The print preview: A4 width at 96 dpi, print styles on; no menus, no controls.
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 794, height: 1123 });
    expect(await page.locator(".herstel-staff-header").isVisible()).toBe(false);
    expect(await page.locator(".utrecht-page-header").isVisible()).toBe(false);
    const widest = await page.evaluate(() =>
      Math.max(...[...document.querySelectorAll("main *")].map((e) => e.getBoundingClientRect().right)),
    );
    expect(widest).toBeLessThanOrEqual(794);
    await screenshot(page, "annual-report-print-preview");
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    await page.emulateMedia({ media: "screen" });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("can open no case and no registration", async () => {
    for (const path of [
      "/medewerkers/zaken",
      "/medewerkers/zaken/1",
      "/medewerkers/aanmeldingen",
      "/medewerkers/taken",
    ]) {
      const response = await page.goto(`${server.url}${path}`);
      expect([403, 404]).toContain(response?.status());
    }
  });
});
