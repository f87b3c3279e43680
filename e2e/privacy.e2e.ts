import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, screenshot } from "./support/browser.ts";
import { type DemoServer, demoStaff } from "./support/case-journey.ts";
import { sharedDemoServer } from "./support/shared-demo.ts";

/**
 * On the demo data: a coordinator records an access request (and downloads the export) and an
 * erasure request for a case; a second coordinator of the same region approves the erasure; the
 * case page then shows what remains of the case; the privacy officer's page lists the request.
 */
let server: DemoServer;
let browser: Browser;
let staff: ReturnType<typeof demoStaff>;

beforeAll(async () => {
  server = await sharedDemoServer();
  browser = await launchBrowser();
  staff = demoStaff(server, browser);
});
afterAll(async () => {
  await browser?.close();
});

async function checked(page: Page, name: string) {
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, `privacy-${name}`);
}

async function recordRequest(page: Page, kind: string, party: string) {
  await page.getByLabel(/^Soort verzoek/).selectOption({ label: kind });
  await page.getByLabel(/^Van wie komt het verzoek/).selectOption({ label: party });
  await page.getByRole("button", { name: "Verzoek vastleggen" }).click();
  await expect.poll(() => page.locator("[role=status]").textContent()).toContain("Opgeslagen.");
}

describe("the rights of the people in a file", () => {
  it("records, approves with four eyes, erases to a tombstone, and shows it to the privacy officer", async () => {
    const first = await staff.signIn("coordinator@demo.herstel.example");
    await first.goto(`${server.url}/medewerkers/zaken`);
    const link = first.locator("tbody tr a").first();
    const reference = ((await link.textContent()) ?? "").trim();
    await link.click();
    await first.waitForURL(/zaken\/\d+$/);
    const caseUrl = first.url();
    await first.locator(".herstel-case-menu").getByRole("link", { name: "Privacy", exact: true }).click();
    await first.waitForURL(/zaken\/\d+\/privacy$/);
    await expect.poll(() => first.textContent("h1")).toBe(`Privacy van zaak ${reference}`);

    // Access requests and their export over all of a person's records: e2e/privacy-rights.e2e.ts.

    // Erasure: recorded by one coordinator, who may not decide on it.
    await recordRequest(first, "Wissen", "Aanmelder zelf");
    const erasureRow = first.locator("tbody tr", { hasText: "Wissen" });
    expect(await erasureRow.textContent()).toContain("Een andere coördinator beslist over dit verzoek.");
    await checked(first, "case-requests");
    await first.context().close();

    const second = await staff.signIn("coordinator2@demo.herstel.example");
    await second.goto(`${caseUrl}/privacy`);
    const row = second.locator("tbody tr", { hasText: "Wissen" });
    // Without a reason the decision is refused and nothing happens.
    await row.getByRole("button", { name: "Toewijzen" }).click();
    await expect
      .poll(() => second.locator(".herstel-error-summary").textContent())
      .toContain("Vul alle velden goed in.");
    await second
      .locator("tbody tr", { hasText: "Wissen" })
      .getByLabel(/^Reden van het besluit/)
      .fill("Verzoek van de aanmelder; geen bewaarplicht.");
    await checked(second, "decide");
    await second.locator("tbody tr", { hasText: "Wissen" }).getByRole("button", { name: "Toewijzen" }).click();
    await second.waitForURL(caseUrl);
    await expect.poll(() => second.textContent("h1")).toBe(`Zaak ${reference} is gewist`);
    expect(await second.textContent("main")).toContain("Op verzoek");
    await checked(second, "tombstone");
    await second.context().close();

    const officer = await staff.signIn("privacy@demo.herstel.example");
    await officer.locator(".herstel-staff-nav").getByRole("link", { name: "Privacy", exact: true }).click();
    await officer.waitForURL(/\/medewerkers\/privacy$/);
    const requests = officer.locator("table").first();
    expect(await requests.locator("tr", { hasText: "Wissen" }).textContent()).toContain(reference);
    expect(await requests.locator("tr", { hasText: "Wissen" }).textContent()).toContain("Toegewezen");
    expect(await officer.textContent("main")).toContain("Op verzoek");
    expect(await officer.textContent("main")).not.toContain("Verzoek van de aanmelder; geen bewaarplicht.");
    await checked(officer, "officer");
    // The privacy officer opens no case file.
    const refused = await officer.goto(caseUrl);
    expect(refused?.status()).toBe(403);
    await officer.context().close();
  });
});
