import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, newContext, screenshot } from "./support/browser.ts";
import { casePage, demoStaff, SECTION } from "./support/case-journey.ts";
import { type ServerProcess, startServer } from "./support/server-process.ts";
import { type SmtpCapture, startSmtpCapture } from "./support/smtp-capture.ts";

/**
 * "Hoe gaat het met u?" as its users meet it: the mediator records consent and the first
 * conversation, the invitations job e-mails a personal link, one person answers with JavaScript
 * (saving halfway and carrying on with the code) and one without, the link works only once and
 * leaves the address at once, the mediator sees the answers in the case, the coordinator sees
 * "Helpt contact?" in the annual report with numbers, and the administrator publishes a new
 * version of the questions.
 */
let smtp: SmtpCapture;
let server: ServerProcess;
let browser: Browser;
let staff: ReturnType<typeof demoStaff>;
const env = () => ({ DEMO_DATA: "on", SMTP_URL: smtp.url, OUTBOX_POLL_MS: "200" });

beforeAll(async () => {
  smtp = await startSmtpCapture();
  server = await startServer({ env: env() });
  await server.waitReady(120_000);
  browser = await launchBrowser();
  staff = demoStaff(server, browser);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

async function checked(page: Page, name: string) {
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, `outcomes-${name}`);
}

/** The intake desk takes up the oldest waiting registration for Bram; his case page opens. */
async function freshCase(): Promise<{ page: Page; caseUrl: string }> {
  const intake = await staff.page("aanmeldpunt@demo.herstel.example");
  await intake.goto(`${server.url}/medewerkers/aanmeldingen`);
  const reference = (await intake.locator("tbody tr a").first().textContent()) ?? "";
  await intake.locator("tbody tr a").first().click();
  await intake.waitForURL(/aanmeldingen\/\d+$/);
  await intake.getByLabel(/^Regio van de zaak/).selectOption({ index: 1 });
  const lead = intake.getByLabel(/^Bemiddelaar/, { exact: false }).first();
  const bram = await lead.locator("option", { hasText: "Bram Bemiddelaar" }).getAttribute("value");
  await lead.selectOption(bram ?? "");
  await intake.getByLabel(/geen belangenverstrengeling/).check();
  await intake.getByRole("button", { name: "Zaak aanmaken en toewijzen" }).click();
  await intake.waitForURL(/aanmeldingen\?opgenomen=/);
  const page = await staff.page("bemiddelaar@demo.herstel.example");
  await page.goto(`${server.url}/medewerkers/zaken`);
  await page.getByRole("link", { name: reference, exact: true }).click();
  await page.waitForURL(/zaken\/\d+$/);
  return { page, caseUrl: page.url() };
}

/** Answers the open questionnaire page with the keyboard: the first question's score, then Tab on. */
async function answerFirst(page: Page, score: number) {
  const first = page.locator("fieldset.herstel-scale").first();
  await first.locator("input[type=radio]").first().focus();
  // Arrow keys move within the question's radio buttons, as in any radio group.
  for (let i = 0; i < score; i++) await page.keyboard.press("ArrowRight");
  await expect.poll(() => first.locator(`input[value="${score}"]`).isChecked()).toBe(true);
}

describe("the outcome questionnaire", () => {
  const cases: string[] = [];
  const links: string[] = [];

  it("invites by e-mail after the first conversation, for people who consent", async () => {
    for (let i = 0; i < 2; i++) {
      const { page, caseUrl } = await freshCase();
      cases.push(caseUrl);
      const c = casePage(page);
      const me = `${await c.registrantName()} (aanmelder)`;
      await c.go(SECTION.overview);
      if (await page.getByRole("button", { name: "Naar: Eerste gesprek" }).count()) await c.advance("Eerste gesprek");
      await c.activity("Eerste gesprek met de aanmelder", me);
      await c.consent(me, "Meten hoe het met iemand gaat (vragenlijst)");
      await c.consent(me, "Antwoorden op de vragenlijst gebruiken in de zaak");
    }
    // The invitations job runs at start (and every 15 minutes): restart to have it run now.
    await server.stop();
    server = await startServer({ dataDir: server.dataDir, port: server.port, env: env() });
    await server.waitReady(120_000);
    const mails = await smtp.waitFor(
      (m) => m.filter((x) => x.subject.startsWith("Hoe gaat het met u?")).length >= 2,
      60_000,
    );
    for (const mail of mails.filter((x) => x.subject.startsWith("Hoe gaat het met u?"))) {
      const match = /\/vragenlijst\/([A-Za-z0-9_-]{43})/.exec(mail.text);
      expect(match).not.toBeNull();
      links.push(match?.[1] as string);
      expect(mail.text).toContain("Open the questionnaire");
    }
    expect(links).toHaveLength(2);
    // Only the token's hash is kept; the access log shows the path masked.
    expect(server.output()).not.toContain(links[0] as string);
  }, 240_000);

  it("with JavaScript: the link leaves the address, answers are saved halfway and finished with the code", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${server.url}/vragenlijst/${links[0]}`);
    await page.waitForURL(/\/vragenlijst$/);
    expect(page.url()).not.toContain(links[0]);
    await checked(page, "start-from-link");
    await page.getByRole("button", { name: "Naar de vragenlijst" }).click();
    await page.waitForURL(/\/vragenlijst\/invullen$/);
    await checked(page, "questionnaire");
    await answerFirst(page, 7);
    await page.locator("fieldset.herstel-scale").nth(1).getByLabel("Zeg ik liever niet").check();
    await page.getByRole("button", { name: "Opslaan en later verder" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toContain("Uw antwoorden zijn bewaard");
    const code = (await page.locator(".herstel-code").textContent()) ?? "";
    expect(code).toMatch(/^[346789A-Y]{4}-[346789A-Y]{4}-[346789A-Y]{4}$/);
    await checked(page, "saved-code");

    // The link works only once.
    const again = await (await newContext(browser)).newPage();
    await again.goto(`${server.url}/vragenlijst/${links[0]}`);
    await again.getByRole("button", { name: "Naar de vragenlijst" }).click();
    await expect.poll(() => again.locator("[role=alert]").textContent()).toContain("Deze link werkt niet meer");

    // Later, in another browser: the code, and the saved answers are there.
    const later = await (await newContext(browser)).newPage();
    await later.goto(`${server.url}/vragenlijst`);
    await later.getByLabel(/^Uw code/).fill(code.toLowerCase());
    await later.getByRole("button", { name: "Naar de vragenlijst" }).click();
    await later.waitForURL(/\/vragenlijst\/invullen$/);
    await expect.poll(() => later.locator('fieldset.herstel-scale input[value="7"]').first().isChecked()).toBe(true);
    await later.getByLabel(/Wilt u nog iets kwijt/).fill("Het gesprek gaf me rust.");
    await later.getByRole("button", { name: "Versturen" }).click();
    await expect.poll(() => later.locator("h1").textContent()).toContain("Dank u wel");
    await checked(later, "thanks");
  }, 120_000);

  it("without JavaScript: the link, the questionnaire and sending work as plain pages", async () => {
    const page = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
    await page.goto(`${server.url}/vragenlijst/${links[1]}`);
    expect(page.url()).toMatch(/\/vragenlijst$/);
    await page.getByRole("button", { name: "Naar de vragenlijst" }).click();
    await page.waitForURL(/\/vragenlijst\/invullen$/);
    await page.locator("fieldset.herstel-scale").first().getByLabel("3", { exact: true }).check();
    // A value that is not on the scale (changed in the page) is named, and nothing is lost.
    await page
      .locator("fieldset.herstel-scale")
      .nth(2)
      .locator('input[value="4"]')
      .evaluate((el) => {
        (el as HTMLInputElement).value = "11";
        (el as HTMLInputElement).checked = true;
      });
    await page.getByRole("button", { name: "Versturen" }).click();
    await expect
      .poll(() => page.locator(".herstel-error-summary").textContent())
      .toContain("Kies een getal van 0 tot en met 10");
    expect(await page.locator('fieldset.herstel-scale input[value="3"]').first().isChecked()).toBe(true);
    await checked(page, "error-without-js");
    await page.getByRole("button", { name: "Versturen" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toContain("Dank u wel");
  }, 120_000);

  it("shows the mediator each person's answers in the case, and the coordinator the section in the report", async () => {
    const page = await staff.page("bemiddelaar@demo.herstel.example");
    const seen: string[] = [];
    for (const url of cases) {
      await page.goto(`${url}/vragenlijsten`);
      await expect.poll(() => page.locator("h1").textContent()).toContain("Vragenlijsten in zaak");
      seen.push((await page.locator("main").textContent()) ?? "");
    }
    const all = seen.join("\n");
    expect(all).toContain("ingevuld (via code)");
    expect(all).toContain("ingevuld (via link)");
    expect(all).toContain("Antwoorden door de tijd");
    expect(all).toContain("Het gesprek gaf me rust.");
    expect(all).toContain("Zeg ik liever niet");
    await page.goto(`${cases[0]}/vragenlijsten`);
    await checked(page, "case-answers");

    const coordinator = await staff.page("coordinator@demo.herstel.example");
    const year = new Date().getFullYear() - 1;
    await coordinator.goto(`${server.url}/medewerkers/cijfers/jaarbericht/${year}`);
    const section = coordinator.locator("section[aria-labelledby=outcomes-section]");
    await expect.poll(() => section.textContent()).toContain("Helpt contact?");
    const text = (await section.textContent()) ?? "";
    expect(text).toContain("bewijst niet dat het contact de oorzaak is");
    expect(text).toContain("Hoeveel mensen de vragenlijst invulden");
    // With numbers: the demo's pilot gives the last full year enough answers for the main groups
    // (each side, with and without contact); groups under 10 stay without numbers.
    for (const group of ["met contact", "zonder contact"]) {
      const counts = await section
        .locator("tr", { hasText: `— ${group}` })
        .evaluateAll((rows) => rows.map((row) => row.querySelectorAll("th, td")[2]?.textContent?.trim() ?? ""));
      expect(counts.length, group).toBeGreaterThanOrEqual(4);
      expect(
        counts.filter((c) => /^\d+$/.test(c) && Number(c) >= 10).length,
        `${group}: ${counts.join(", ")}`,
      ).toBeGreaterThanOrEqual(2);
    }
    expect(text).not.toContain("groepsherstelbijeenkomst");
    await checked(coordinator, "annual-report");
  }, 120_000);

  it("lets the administrator draft a new version of the questions, change a text and publish it", async () => {
    const admin = await staff.page("beheerder@demo.herstel.example");
    await admin.goto(`${server.url}/medewerkers/beheer/vragenlijsten`);
    const status = () => admin.locator("[role=status]").textContent();
    const side = (name: string) => admin.locator("section", { has: admin.getByRole("heading", { name, exact: true }) });
    await side("Daderkant, versie 1").getByRole("button", { name: "Nieuwe versie maken" }).click();
    await expect.poll(status).toContain("staat klaar als concept");
    // The draft's first question: the nearest section around a "Vraag 1" heading that has fields
    // (published versions show their questions read-only).
    const first = admin
      .getByRole("heading", { name: "Vraag 1", exact: true })
      .locator("xpath=ancestor::section[1]")
      .filter({ has: admin.getByLabel("Vraag in het Nederlands") });
    await first.getByLabel("Vraag in het Nederlands").fill("Hoeveel last hebt u deze week van schuldgevoel?");
    await first.getByRole("button", { name: "Vraag opslaan" }).click();
    await expect.poll(status).toContain("De vraag is opgeslagen");
    await checked(admin, "admin-draft");
    await admin.getByRole("button", { name: "Versie publiceren" }).click();
    await expect.poll(status).toContain("gepubliceerd");
    // The answer shows at once, the page's reloaded data a moment later: wait for the draft to go.
    await expect.poll(() => admin.locator("main").textContent()).not.toContain("(concept)");
    const text = (await admin.locator("main").textContent()) ?? "";
    expect(text).toContain("Daderkant, versie 2");
    expect(text).toContain("Hoeveel last hebt u deze week van schuldgevoel?");
    expect(text).not.toContain("(concept)");
  }, 120_000);
});
