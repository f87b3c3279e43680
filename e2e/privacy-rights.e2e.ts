import fs from "node:fs";
import JSZip from "jszip";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, screenshot } from "./support/browser.ts";
import { casePage, type DemoServer, demoStaff, openSection, SECTION, takeUpForBram } from "./support/case-journey.ts";
import { sharedDemoServer } from "./support/shared-demo.ts";

/**
 * On the demo data: the mediator writes a sealed note about a registrant, a coordinator records an
 * access request for her, composes the export (confirming the records suggested as the same
 * person's), which waits until the mediator has reviewed the sealed notes; the export then holds
 * the note released and that party's data only.
 * Then a coordinator puts a registration never taken up on legal hold, and the privacy officer's
 * page lists it.
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
  await screenshot(page, `privacy-rights-${name}`);
}

/** The names of a case's two parties, from its parties section ("Name (aanmelder): …"). */
async function partyNames(page: Page, caseUrl: string) {
  await page.goto(`${caseUrl}/partijen`);
  const summaries = await page.locator("details.herstel-details > summary").allTextContents();
  const name = (role: string) =>
    summaries.map((s) => new RegExp(`^(.+?) \\(${role}\\):`).exec(s.trim())?.[1]).find(Boolean) ?? "";
  return { registrant: name("aanmelder"), other: name("andere partij") };
}

describe("access across a person's records, and legal hold on a registration", () => {
  it("composes an access export, has the sealed notes reviewed, and downloads only that party's data", async () => {
    // A case for Bram, the demo mediator who can sign in, in the demo coordinators' region.
    const reference = await takeUpForBram(staff, server, "Midden-Nederland");
    const mediator = await staff.signIn("bemiddelaar@demo.herstel.example");
    await mediator.goto(`${server.url}/medewerkers/zaken`);
    await mediator.getByRole("link", { name: reference, exact: true }).click();
    await mediator.waitForURL(/zaken\/\d+$/);
    const caseUrl = mediator.url();
    const c = casePage(mediator);
    await openSection(mediator, SECTION.parties);
    const parties = mediator.locator("section[aria-labelledby=parties] form");
    if (await parties.count()) {
      await parties.getByLabel(/^Naam van de andere partij/).fill("Otto Inzage (demo)");
      await c.save(parties.getByRole("button", { name: "Andere partij toevoegen" }));
    }
    const names = await partyNames(mediator, caseUrl);
    expect(names.registrant).not.toBe("");
    expect(names.other).not.toBe("");

    // Bram writes a note about the registrant that only the case's mediators can read.
    const sealedText = `Afgeschermd e2e ${Date.now()}: zij wil de brief eerst met haar zus lezen.`;
    await openSection(mediator, SECTION.activities);
    const activity = mediator.locator("section[aria-labelledby=activities] form");
    await activity.getByLabel(/^Soort/).selectOption({ label: "Notitie" });
    await activity.getByLabel(/^Persoon/).selectOption({ label: `${names.registrant} (aanmelder)` });
    await activity.getByLabel(/^Korte samenvatting/).fill(sealedText);
    await activity.getByLabel(/^Afgeschermde notitie/).check();
    await c.save(activity.getByRole("button", { name: "Activiteit vastleggen" }));
    await expect.poll(() => mediator.textContent("main")).toContain(sealedText);

    const coordinator = await staff.signIn("coordinator@demo.herstel.example");
    await coordinator.goto(`${caseUrl}/privacy`);
    await expect.poll(() => coordinator.textContent("h1")).toBe(`Privacy van zaak ${reference}`);
    await coordinator.getByLabel(/^Soort verzoek/).selectOption({ label: "Inzage" });
    await coordinator.getByLabel(/^Van wie komt het verzoek/).selectOption({ label: "Aanmelder zelf" });
    await coordinator.getByRole("button", { name: "Verzoek vastleggen" }).click();
    await expect.poll(() => coordinator.locator("[role=status]").textContent()).toContain("Opgeslagen.");
    await checked(coordinator, "request");

    await coordinator.getByRole("link", { name: "Inzage samenstellen" }).last().click();
    await coordinator.waitForURL(/\/privacy\/inzage\/\d+\/samenstellen$/);
    const composeUrl = coordinator.url();
    // The coordinator confirms every suggested record of the same person.
    const suggested = coordinator.getByRole("checkbox");
    if ((await suggested.count()) > 0) {
      for (const box of await suggested.all()) await box.check();
      await coordinator.getByRole("button", { name: "Keuze vastleggen" }).click();
      await expect.poll(() => coordinator.locator("[role=status]").textContent()).toContain("Vastgelegd:");
    }
    // The sealed note waits for the mediator: no download yet.
    await expect.poll(() => coordinator.textContent("main")).toContain("Wacht op beoordeling");
    expect(await coordinator.getByRole("link", { name: "Inzage downloaden (zip)" }).count()).toBe(0);
    await checked(coordinator, "compose");

    // Bram reviews each sealed note on its own page: his new note goes in, any other stays out.
    await mediator.goto(caseUrl);
    await mediator.getByRole("link", { name: "Afgeschermde notities beoordelen voor een inzageverzoek" }).click();
    await mediator.waitForURL(/\/afgeschermde-notities-inzage$/);
    const forms = mediator.locator("form.herstel-panel");
    const count = await forms.count();
    expect(count).toBeGreaterThan(0);
    let included = 0;
    for (let i = 0; i < count; i += 1) {
      const form = mediator.locator("form.herstel-panel").nth(i);
      const ours = ((await form.textContent()) ?? "").includes(sealedText);
      included += ours ? 1 : 0;
      await form.getByLabel(/^Uw beoordeling/).selectOption({
        label: ours ? "Opnemen: gaat over deze persoon" : "Weglaten: rechten van anderen (AVG art. 15 lid 4)",
      });
      await form.getByRole("button", { name: "Beoordeling opslaan" }).click();
      await expect.poll(() => mediator.locator("[role=status]").textContent()).toContain("opgeslagen");
    }
    expect(included).toBe(1);
    await checked(mediator, "sealed-review");
    await mediator.context().close();
    await coordinator.goto(composeUrl);

    const [download] = await Promise.all([
      coordinator.waitForEvent("download"),
      coordinator.getByRole("link", { name: "Inzage downloaden (zip)" }).click(),
    ]);
    const zip = await JSZip.loadAsync(fs.readFileSync(await download.path()));
    const json = (await zip.file("inzage.json")?.async("string")) ?? "";
    expect(json).toContain(names.registrant);
    expect(json).toContain(sealedText);
    expect(json).not.toContain(names.other);
    await coordinator.context().close();
  });

  it("puts a registration never taken up on legal hold, and the privacy officer sees it", async () => {
    const coordinator = await staff.signIn("coordinator@demo.herstel.example");
    await coordinator.goto(`${server.url}/medewerkers/aanmeldingen`);
    const link = coordinator.locator("tbody tr a").first();
    const reference = ((await link.textContent()) ?? "").trim();
    await link.click();
    await coordinator.getByRole("link", { name: "Bewaarplicht voor deze aanmelding" }).click();
    await coordinator.waitForURL(/\/aanmeldingen\/\d+\/bewaarplicht$/);
    await coordinator.getByLabel(/^Reden/).selectOption({ label: "Klacht" });
    await coordinator.getByLabel(/^Tot en met/).fill("2099-12-31");
    await coordinator.getByRole("button", { name: "Bewaarplicht instellen" }).click();
    await expect.poll(() => coordinator.textContent("main")).toContain("2099-12-31");
    await checked(coordinator, "registration-hold");
    await coordinator.context().close();

    const officer = await staff.signIn("privacy@demo.herstel.example");
    await officer.locator(".herstel-staff-nav").getByRole("link", { name: "Privacy", exact: true }).click();
    await officer.waitForURL(/\/medewerkers\/privacy$/);
    const held = officer.locator("tr", { hasText: reference }).filter({ hasText: "2099-12-31" });
    // The address changes as React Router starts rendering the page: wait for the row itself.
    await held.first().waitFor({ timeout: 10_000 });
    expect(await held.first().textContent()).toContain("aanmelding");
    await checked(officer, "officer");
    await officer.context().close();
  });
});
