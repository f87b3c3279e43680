import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, screenshot } from "./support/browser.ts";
import {
  casePage,
  checkedScreenshot,
  type DemoServer,
  demoStaff,
  openSection,
  prepareForContact,
  SECTION,
  unfold,
} from "./support/case-journey.ts";
import { sharedDemoServer } from "./support/shared-demo.ts";

/**
 * On the demo data: the intake desk takes up a registration and assigns it; the mediator then
 * finds the case, and a coordinator of another region does not (row-level security in the
 * running app, which works as herstel_app).
 */
let server: DemoServer;
let caseUrl = "";
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

describe("taking up a registration", () => {
  it("makes a case that the assigned mediator sees, and a coordinator of another region does not", async () => {
    expect(Object.keys(staff.secrets)).toHaveLength(7);
    const intake = await staff.signIn("aanmeldpunt@demo.herstel.example");
    await intake.goto(`${server.url}/medewerkers/aanmeldingen`);
    const before = await intake.locator("tbody tr").count();
    // The demo leaves a dozen registrations waiting; other journeys on the shared server take some up.
    expect(before).toBeGreaterThan(0);
    const reference = (await intake.locator("tbody tr a").first().textContent()) ?? "";
    await intake.locator("tbody tr a").first().click();
    await intake.waitForURL(/aanmeldingen\/\d+$/);
    await intake.getByRole("button", { name: "Zaak aanmaken en toewijzen" }).click();
    await expect.poll(() => intake.locator(".herstel-error-summary").textContent()).toContain("belangenverstrengeling");
    await intake.getByLabel(/^Regio van de zaak/).selectOption({ label: "Oost-Nederland" });
    await intake
      .getByLabel(/^Bemiddelaar/, { exact: false })
      .first()
      .selectOption({ index: 1 });
    await intake.getByLabel(/geen belangenverstrengeling/).check();
    expect(await axeViolations(intake)).toEqual([]);
    await screenshot(intake, "case-take-up");
    await intake.getByRole("button", { name: "Zaak aanmaken en toewijzen" }).click();
    await intake.waitForURL(/aanmeldingen\?opgenomen=/);
    await expect
      .poll(() => intake.locator("[role=status]").textContent())
      .toContain(`Aanmelding ${reference} is in behandeling genomen`);
    expect(await intake.locator("tbody tr").count()).toBe(before - 1);
    await intake.context().close();

    const mediator = await staff.signIn("bemiddelaar@demo.herstel.example");
    await mediator.goto(`${server.url}/medewerkers/zaken`);
    // The demo mediator already has demo cases; the new one is among them.
    expect(await mediator.locator("tbody tr").count()).toBeGreaterThan(1);
    await checkedScreenshot(mediator, "cases");
    await mediator.getByRole("link", { name: reference, exact: true }).click();
    await mediator.waitForURL(/zaken\/\d+$/);
    caseUrl = mediator.url();
    await expect.poll(() => mediator.textContent("h1")).toBe(`Zaak ${reference}`);
    expect(await mediator.textContent("main")).toContain("In behandeling genomen");
    expect(await mediator.locator("section[aria-labelledby=recent] tbody tr").count()).toBe(2);
    await checkedScreenshot(mediator, "case");

    // A second tab with the case's closing section, left open: its version becomes stale.
    const stale = await mediator.context().newPage();
    await stale.goto(`${caseUrl}/afronding`);
    await mediator.getByRole("button", { name: "Naar: Eerste gesprek" }).click();
    await expect
      .poll(() => mediator.locator("[role=status]").textContent())
      .toContain("De zaak staat nu op: Eerste gesprek");
    await expect
      .poll(() => mediator.textContent(".herstel-moves"))
      .toContain("Het eerste gesprek met de aanmelder is nog niet vastgelegd.");
    await checkedScreenshot(mediator, "case-moved");
    await unfold(stale.locator("section[aria-labelledby=moves]"));
    await stale.getByLabel(/^Reden/).selectOption({ index: 1 });
    await stale.getByRole("button", { name: "Sluiten zonder contact" }).click();
    await expect
      .poll(() => stale.locator("[role=alert]").textContent())
      .toContain("Iemand anders heeft deze zaak intussen gewijzigd");
    expect(await stale.textContent("[role=alert]")).toContain("Bram Bemiddelaar (demo)");
    await checkedScreenshot(stale, "case-conflict");
    await stale.close();
    const response = await mediator.goto(`${server.url}/medewerkers/zaken/999999`);
    expect(response?.status()).toBe(404);
    await mediator.context().close();

    const coordinator = await staff.signIn("coordinator@demo.herstel.example");
    await coordinator.goto(`${server.url}/medewerkers/zaken`);
    expect(await coordinator.textContent("main")).not.toContain(reference);
    // Another region's case: only by breaking the glass, with a reason that is kept for review.
    const refused = await coordinator.goto(caseUrl);
    expect(refused?.status()).toBe(403);
    expect(await coordinator.textContent("h1")).toBe("Dit dossier valt buiten uw regio");
    await checkedScreenshot(coordinator, "break-glass");
    await coordinator
      .getByLabel(/^Waarom moet u dit dossier nu openen/)
      .fill("De bemiddelaar in Oost is met verlof en de aanmelder belt vandaag.");
    await coordinator.getByRole("button", { name: "Dossier openen met deze reden" }).click();
    await expect.poll(() => coordinator.textContent("h1")).toBe(`Zaak ${reference}`);
    await coordinator.goto(`${server.url}/medewerkers/noodtoegang`);
    expect(await coordinator.textContent("tbody")).toContain("De bemiddelaar in Oost is met verlof");
    await checkedScreenshot(coordinator, "break-glass-review");
    await coordinator.context().close();
  });
});

describe("carrying a case to closed", () => {
  it("records the case file step by step until the state machine lets the case close", async () => {
    expect(caseUrl).toMatch(/zaken\/\d+$/);
    const page = await staff.signIn("bemiddelaar@demo.herstel.example");
    await page.goto(caseUrl);
    const { section, saved, activity, advance } = casePage(page);

    await unfold(page.locator("section[aria-labelledby=tasks]"));
    await page.locator("section[aria-labelledby=tasks] form").getByLabel(/^Taak/).fill("Andere partij opzoeken");
    await page.locator("section[aria-labelledby=tasks] form").getByLabel(/^Wie/).selectOption({ index: 1 });
    await page.getByRole("button", { name: "Taak toevoegen" }).click();
    await saved();
    await page.goto(`${server.url}/medewerkers/taken`);
    expect(await page.textContent("tbody")).toContain("Andere partij opzoeken");
    await checkedScreenshot(page, "my-tasks");
    await page.goto(caseUrl);
    // The contact itself recorded as a plain contact moment; the letter workflow has its own journey.
    await prepareForContact(page, "Briefwisseling", "Kees Voorbeeld (demo)");
    await activity("Contactmoment tussen de partijen", undefined, "Briefwisseling");
    await advance("Afronden");
    await openSection(page, SECTION.closing);
    await section("outcome").getByLabel("Ja", { exact: true }).check();
    await section("outcome").getByRole("button", { name: "Uitkomst opslaan" }).click();
    await saved();
    await openSection(page, SECTION.justice);
    expect(await page.textContent("section[aria-labelledby=justice]")).toContain("De strafzaak loopt niet");
    await openSection(page, SECTION.closing);
    await page.getByLabel(/^Wat mag er met anderen gedeeld worden/).fill("Dat er contact is geweest, verder niets.");
    await page.getByRole("button", { name: "Afspraken opslaan" }).click();
    await saved();
    await advance("Gesloten");
    await openSection(page, SECTION.closing);
    await expect.poll(() => page.textContent("main")).toContain("Zaak heropenen");
    await checkedScreenshot(page, "closed");
    await page.context().close();
  });
});

describe("a registration by phone", () => {
  it("is entered by the intake desk on one page, with the same checks as the web form", async () => {
    const page = await staff.signIn("aanmeldpunt@demo.herstel.example");
    await page.goto(`${server.url}/medewerkers/aanmeldingen/nieuw`);
    await page.getByRole("button", { name: "Aanmelding opslaan" }).click();
    await expect.poll(() => page.locator(".herstel-error-summary li").count()).toBeGreaterThan(3);
    await checkedScreenshot(page, "entry-errors");
    await page.getByLabel(/^Hoe kwam de aanmelding binnen/).selectOption({ label: "Telefoon" });
    await page
      .getByRole("group", { name: /^Ik ben/ })
      .getByLabel("Slachtoffer", { exact: true })
      .check();
    await page
      .getByRole("group", { name: /^Waar gaat het om/ })
      .getByLabel("Geweld", { exact: true })
      .check();
    await page
      .getByRole("group", { name: /aangifte/ })
      .getByLabel("Ja", { exact: true })
      .check();
    await page
      .getByRole("group", { name: /^Weet u wie de andere partij is/ })
      .getByLabel("Nee, ik weet niet wie het is")
      .check();
    await page.getByLabel(/^Uw naam/).fill("Tessa Telefoon (demo)");
    await page.getByLabel(/^Of kies een leeftijdsgroep/).selectOption({ index: 2 });
    await page.getByLabel(/^Telefoonnummer/).fill("0612345678");
    await page
      .getByRole("group", { name: /^Hoe mogen wij contact opnemen/ })
      .getByLabel("Telefoon", { exact: true })
      .check();
    await page
      .getByRole("group", { name: /voicemail/ })
      .getByLabel("Nee", { exact: true })
      .check();
    await page
      .getByRole("group", { name: /afzender/ })
      .getByLabel("Nee", { exact: true })
      .check();
    await page
      .getByRole("group", { name: /^In welke taal/ })
      .getByLabel("Nederlands", { exact: true })
      .check();
    await page.getByRole("group", { name: /tolk/ }).getByLabel("Nee", { exact: true }).check();
    await page.getByRole("button", { name: "Aanmelding opslaan" }).click();
    await page.waitForURL(/aanmeldingen\/\d+$/);
    await expect.poll(() => page.textContent("main")).toContain("Tessa Telefoon (demo)");
    await checkedScreenshot(page, "entry-saved");
    await page.context().close();
  });
});
