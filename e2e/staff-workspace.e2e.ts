import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, screenshot } from "./support/browser.ts";
import { type DemoServer, demoStaff } from "./support/case-journey.ts";
import { sharedDemoServer } from "./support/shared-demo.ts";

/**
 * The staff workspace on the demo data, per role, at 1366×900: the home shows that role's counts,
 * each count opens a list with exactly that many rows, the staff menu is one line, and no staff
 * page carries the public site's menu. axe, vnu and the contrast check run on every page visited.
 */
let server: DemoServer;
let browser: Browser;
let staff: ReturnType<typeof demoStaff>;

beforeAll(async () => {
  server = await sharedDemoServer();
  browser = await launchBrowser();
  staff = demoStaff(server, browser);
}, 200_000);
afterAll(async () => {
  await browser?.close();
});

async function home(email: string): Promise<Page> {
  const page = await staff.page(email);
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`${server.url}/medewerkers`);
  return page;
}

/** The staff frame and not the public one; the staff menu on one line. */
async function expectStaffFrame(page: Page) {
  expect(await page.locator("nav[aria-label='Hoofdmenu']").count()).toBe(0);
  expect(await page.locator(".utrecht-page-header, .herstel-footer").count()).toBe(0);
  expect(await page.locator(".herstel-staff-header").count()).toBe(1);
  const tops = await page
    .locator(".herstel-staff-nav li")
    .evaluateAll((items) => items.map((li) => Math.round(li.getBoundingClientRect().top)));
  expect(tops.length).toBeGreaterThan(0);
  expect(new Set(tops).size).toBe(1);
}

/** The rows a list page shows (0 when it says it is empty). */
async function rowsShown(page: Page): Promise<number> {
  return page.locator("main table tbody tr").count();
}

/**
 * Every count on the home: its number, then the list behind it must show that many rows. The
 * oldest registration's waiting time is a number of days, not of rows.
 */
async function followCounts(page: Page, skip: string[] = []) {
  const counts = await page.locator("[data-count]").evaluateAll((items) =>
    items.map((li) => ({
      id: li.getAttribute("data-count") ?? "",
      count: Number(li.querySelector(".herstel-count__number")?.textContent ?? "NaN"),
      href: li.querySelector("a")?.getAttribute("href") ?? "",
    })),
  );
  expect(counts.length).toBeGreaterThan(0);
  for (const { id, count, href } of counts) {
    if (skip.includes(id)) continue;
    await page.goto(`${server.url}${href}`);
    await expectStaffFrame(page);
    expect(await rowsShown(page), `${id}: ${href}`).toBe(count);
  }
  return counts;
}

describe("the staff workspace per role", () => {
  it("intake desk: the queue, the oldest's waiting time, possible duplicates and today's phone entries", async () => {
    const page = await home("aanmeldpunt@demo.herstel.example");
    await expectStaffFrame(page);
    expect(await page.textContent("h1")).toContain("Welkom, Iris Intake");
    expect(await page.locator(".herstel-staff-search").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "workspace-intake");
    const counts = await followCounts(page, ["intake-oldest"]);
    expect(counts.find((c) => c.id === "intake-waiting")?.count).toBeGreaterThan(0);
  }, 240_000);

  it("mediator: open cases by step, first conversations, tasks, letters and quiet cases", async () => {
    const page = await home("bemiddelaar@demo.herstel.example");
    await expectStaffFrame(page);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "workspace-mediator");
    const counts = await followCounts(page);
    const open = counts.filter((c) => c.id.startsWith("mediator-step-")).reduce((sum, c) => sum + c.count, 0);
    expect(open).toBeGreaterThan(0);

    // The search box: a reference finds that case, within what this mediator may see.
    await page.goto(`${server.url}/medewerkers`);
    const first = counts.find((c) => c.id.startsWith("mediator-step-"));
    await page.goto(`${server.url}${first?.href}`);
    const reference = (await page.locator("main table tbody tr td a").first().textContent()) ?? "";
    expect(reference).toMatch(/^HB-\d{4}-\d{6}$/);
    await page.getByRole("searchbox", { name: "Zoek een zaak" }).fill(reference);
    await page.locator(".herstel-staff-search").getByRole("button", { name: "Zoeken" }).click();
    await page.waitForURL(/\/medewerkers\/zaken$/);
    await expect.poll(() => page.locator("main table tbody tr").count()).toBe(1);
    expect(await page.locator("main table tbody").textContent()).toContain(reference);
    // A name is never in the address: the search is a form post.
    expect(page.url()).not.toContain(reference);
  }, 240_000);

  it("coordinator: the regions' queue, overdue first conversations, caseload against the norm, break the glass, holds", async () => {
    const page = await home("coordinator@demo.herstel.example");
    await expectStaffFrame(page);
    expect(await page.locator("#caseload").textContent()).toContain("Werklast per bemiddelaar");
    expect(await page.locator("main").textContent()).toMatch(/Norm: \d+ open zaken per bemiddelaar/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "workspace-coordinator");
    const caseload = await page.locator("section[aria-labelledby=caseload] tbody tr").evaluateAll((rows) =>
      rows.map((row) => ({
        count: Number(row.querySelector("a")?.textContent ?? "NaN"),
        href: row.querySelector("a")?.getAttribute("href") ?? "",
      })),
    );
    expect(caseload.length).toBeGreaterThan(0);
    expect(caseload.reduce((sum, m) => sum + m.count, 0)).toBeGreaterThan(0);
    await followCounts(page);
    for (const { count, href } of caseload) {
      await page.goto(`${server.url}${href}`);
      expect(await rowsShown(page), href).toBe(count);
    }
  }, 240_000);

  it("administrator: accounts without a second factor, the outbox, the last import, database and backups", async () => {
    const page = await home("beheerder@demo.herstel.example");
    await expectStaffFrame(page);
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).toContain("Ingebouwde database (PGlite)");
    expect(main).toMatch(/De database antwoordt; \d+ migraties uitgevoerd/);
    expect(main).toContain("Uitgaande e-mail".length > 0 ? "berichten wachten of zijn mislukt" : "");
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "workspace-administrator");
    await followCounts(page);
  }, 240_000);

  it("researcher: the figures, and nothing of cases or registrations", async () => {
    const page = await home("onderzoeker@demo.herstel.example");
    await expectStaffFrame(page);
    expect(await page.locator("[data-count]").count()).toBe(0);
    await page.getByRole("link", { name: "De cijfers van dit jaar bekijken" }).click();
    await page.waitForURL(/\/medewerkers\/cijfers$/);
    await expectStaffFrame(page);
    await screenshot(page, "workspace-researcher");
    // A work list of another role is refused.
    const refused = await page.goto(`${server.url}/medewerkers/werkvoorraad/zonder-activiteit`);
    expect(refused?.status()).toBe(403);
    await expectStaffFrame(page);
  }, 240_000);
});
