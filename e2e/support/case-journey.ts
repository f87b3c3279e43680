import fs from "node:fs";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { currentTotpCode } from "../../app/features/auth/totp.server.ts";
import { axeViolations, newContext, screenshot } from "./browser.ts";
import type { ServerProcess } from "./server-process.ts";

/** What the demo journeys need of a server: its address, and its start-up output with the accounts. */
export type DemoServer = Pick<ServerProcess, "url" | "dataDir" | "output">;

/**
 * Steps a mediator takes on the case page, shared by the case journeys: signing in with the demo
 * accounts printed at start-up, recording consents and activities, moving the case on.
 */
export function demoStaff(server: DemoServer, browser: Browser) {
  // One signed-in page per account for the whole file: a TOTP code is accepted only once.
  const pages: Record<string, Page> = {};
  const secrets: Record<string, string> = {};
  for (const match of server.output().matchAll(/(\S+@demo\.herstel\.example)\s+TOTP secret ([A-Z2-7]+)/g)) {
    secrets[match[1] as string] = match[2] as string;
  }
  return {
    secrets,
    /** The account's page, signed in once and kept for the rest of the file. */
    async page(email: string): Promise<Page> {
      const open = pages[email];
      if (open && !open.isClosed()) return open;
      pages[email] = await this.signIn(email);
      return pages[email];
    },
    async signIn(email: string): Promise<Page> {
      const page = await (await newContext(browser)).newPage();
      await page.goto(`${server.url}/inloggen`);
      await page.getByLabel(/^E-mailadres/).fill(email);
      await page.getByLabel(/^Wachtwoord/).fill("demo alleen om te proberen");
      await page.getByRole("button", { name: "Inloggen" }).click();
      await page.waitForURL(/\/inloggen\/code$/);
      const step = await unusedTotpStep(server.dataDir, email);
      await page.getByLabel(/^Code uit/).fill(currentTotpCode(secrets[email] ?? "", new Date(step * 30_000)));
      await page.getByRole("button", { name: "Bevestigen" }).click();
      await page.waitForURL(/\/medewerkers$/);
      return page;
    },
  };
}

/**
 * A TOTP code works once, and the server accepts one step of drift either way: the current step
 * or the next one, whichever is not yet used for the account on this server (waiting for the
 * clock when both are; an earlier step could expire between typing and checking).
 * The steps used are kept in the server's data folder, so that test files sharing one server
 * (shared-demo.ts) never offer a code twice.
 */
async function unusedTotpStep(dataDir: string, email: string): Promise<number> {
  const file = path.join(dataDir, "e2e-totp-steps.json");
  const used: Record<string, number> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  const step = Math.max(Math.floor(Date.now() / 30_000), (used[email] ?? 0) + 1);
  while (step > Math.floor(Date.now() / 30_000) + 1) await new Promise((r) => setTimeout(r, 1_000));
  used[email] = step;
  fs.writeFileSync(file, JSON.stringify(used));
  return step;
}

export async function checkedScreenshot(page: Page, name: string) {
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, `case-${name}`);
}

/** The case's sections as the menu names them. */
export const SECTION = {
  overview: "Overzicht",
  parties: "Partijen en contactgegevens",
  consent: "Toestemming",
  activities: "Activiteiten en notities",
  risk: "Risico en geschiktheid",
  contact: "Contact tussen de partijen",
  justice: "Terugkoppeling aan justitie",
  closing: "Afronding",
  files: "Bestanden",
  timeline: "Tijdlijn",
} as const;

/** Opens a section of the case through its menu (a no-op when it is open already). */
export async function openSection(page: Page, label: string) {
  const link = page
    .getByRole("navigation", { name: "Onderdelen van de zaak" })
    .getByRole("link", { name: label, exact: true });
  if ((await link.getAttribute("aria-current")) === "page") return;
  await link.click();
  await expect.poll(() => link.getAttribute("aria-current")).toBe("page");
  await page.waitForLoadState("networkidle");
}

/** The mediator's hands on one case, section by section. */
/** Opens what is folded (a closed <details>) in a part of the page, as a mediator clicks its summary. */
export async function unfold(scope: Locator) {
  const closed = scope.locator("details:not([open]) > summary");
  for (let i = 0; i < 20 && (await closed.count()) > 0; i++) await closed.first().click();
}

export function casePage(page: Page) {
  const section = (id: string) => page.locator(`section[aria-labelledby=${id}] form`).last();
  // Wait for the form's own answer: a status left from an earlier save must not count.
  const saved = async () => {
    await expect.poll(() => page.locator("[role=status]").textContent()).toContain("Vastgelegd.");
  };
  const submit = async (button: ReturnType<Page["getByRole"]>, expectOk = true) => {
    // The label is read first: after the answer the button may be gone or hidden (a closed <details>).
    const label = await button.textContent();
    const answered = page.waitForResponse((r) => r.request().method() === "POST");
    await button.click();
    const response = await answered;
    if (expectOk) expect(response.status(), `answer to "${label}"`).toBeLessThan(300);
    // The page shows the answer once the data that follows the post has come in.
    await page.waitForLoadState("networkidle");
  };
  return {
    section,
    saved,
    go: (label: string) => openSection(page, label),
    /** Clicks a submit button and waits until the server has answered the post. */
    async save(button: ReturnType<Page["getByRole"]>) {
      await submit(button);
      await saved();
    },
    async activity(kind: string, party?: string, form?: string) {
      await openSection(page, SECTION.activities);
      const s = page.locator("section[aria-labelledby=activities] form");
      await s.getByLabel(/^Soort/).selectOption({ label: kind });
      if (party) await s.getByLabel(/^Persoon/).selectOption({ label: party });
      if (form) await s.getByLabel(/^Vorm van contact/).selectOption({ label: form });
      await submit(s.getByRole("button", { name: "Activiteit vastleggen" }));
      await saved();
    },
    async consent(party: string, purpose: string, form?: string) {
      await openSection(page, SECTION.consent);
      await unfold(page.locator("section[aria-labelledby=consents]"));
      const s = page.locator("section[aria-labelledby=consents] form");
      await s.getByLabel(/^Persoon/).selectOption({ label: party });
      await s.getByLabel(/^Waarvoor/).selectOption({ label: purpose });
      if (form) await s.getByLabel(/^Vorm van contact/).selectOption({ label: form });
      await s.getByLabel(/^Hoe/).selectOption({ label: "Mondeling" });
      await submit(s.getByRole("button", { name: "Toestemming vastleggen" }));
      await saved();
    },
    async advance(step: string) {
      await openSection(page, SECTION.overview);
      await submit(page.getByRole("button", { name: `Naar: ${step}` }));
      await expect.poll(() => page.locator("[role=status]").textContent()).toContain(`De zaak staat nu op: ${step}`);
      // The page's data has been reloaded too (the step at the top comes from it), so the forms
      // below are the new step's and will not be replaced under the next click.
      await expect.poll(() => page.locator(".herstel-case-header__facts").textContent()).toContain(`Stap${step}`);
    },
    async registrantName() {
      await openSection(page, SECTION.parties);
      return (await page.locator("section[aria-labelledby=parties] tbody tr td").first().textContent()) ?? "";
    },
  };
}

/**
 * From a taken-up case to the step Contact with one form of contact: the first conversation,
 * the consents, the other party, the expectations conversations and the chosen form.
 */
export async function prepareForContact(page: Page, formLabel: string, otherName: string) {
  const c = casePage(page);
  const me = `${await c.registrantName()} (aanmelder)`;
  await openSection(page, SECTION.overview);
  if (await page.getByRole("button", { name: "Naar: Eerste gesprek" }).count()) await c.advance("Eerste gesprek");
  await c.activity("Eerste gesprek met de aanmelder", me);
  await c.consent(me, "Verwerken van gegevens");
  await c.consent(me, "Benaderen van de andere partij");
  await openSection(page, SECTION.parties);
  const parties = page.locator("section[aria-labelledby=parties] form");
  if (await parties.count()) {
    await parties.getByLabel(/^Naam van de andere partij/).fill(otherName);
    await c.save(parties.getByRole("button", { name: "Andere partij toevoegen" }));
  }
  const otherCell = page.locator("section[aria-labelledby=parties] tbody tr").nth(1).locator("td").first();
  const other = `${(await otherCell.textContent()) ?? ""} (andere partij)`;
  await c.advance("Andere partij benaderen");
  await c.consent(other, "Verwerken van gegevens");
  await c.advance("Voorbereiden");
  await c.activity("Verwachtingengesprek", me);
  await c.activity("Verwachtingengesprek", other);
  await openSection(page, SECTION.contact);
  const forms = page.locator("section[aria-labelledby=forms] form");
  await forms.getByLabel(formLabel, { exact: true }).check();
  await c.save(forms.getByRole("button", { name: "Vormen opslaan" }));
  await c.consent(me, "Vorm van contact", formLabel);
  await c.consent(other, "Vorm van contact", formLabel);
  // Sexual-offence and domestic-violence cases need the risk assessment first; record it always.
  await openSection(page, SECTION.risk);
  await unfold(page.locator("section[aria-labelledby=risk]"));
  const risk = page.locator("section[aria-labelledby=risk] form");
  await risk.getByLabel(/^Veiligheid/).fill("Geen aanwijzingen voor gevaar; afspraken over aankomst en vertrek.");
  await risk.getByLabel("Geschikt", { exact: true }).check();
  await c.save(risk.getByRole("button", { name: /vastleggen/i }));
  await c.advance("Contact");
  await openSection(page, SECTION.contact);
  return { me, other };
}

/**
 * The intake desk takes up the oldest waiting registration and assigns the demo mediator, in the
 * region named (by default the first in the list).
 */
export async function takeUpForBram(
  staff: ReturnType<typeof demoStaff>,
  server: DemoServer,
  region?: string,
): Promise<string> {
  const intake = await staff.page("aanmeldpunt@demo.herstel.example");
  await intake.goto(`${server.url}/medewerkers/aanmeldingen`);
  const reference = (await intake.locator("tbody tr a").first().textContent()) ?? "";
  await intake.locator("tbody tr a").first().click();
  await intake.waitForURL(/aanmeldingen\/\d+$/);
  await intake.getByLabel(/^Regio van de zaak/).selectOption(region ? { label: region } : { index: 1 });
  const lead = intake.getByLabel(/^Bemiddelaar/, { exact: false }).first();
  const bram = await lead.locator("option", { hasText: "Bram Bemiddelaar" }).getAttribute("value");
  await lead.selectOption(bram ?? "");
  await intake.getByLabel(/geen belangenverstrengeling/).check();
  await intake.getByRole("button", { name: "Zaak aanmaken en toewijzen" }).click();
  await intake.waitForURL(/aanmeldingen\?opgenomen=/);
  return reference;
}
