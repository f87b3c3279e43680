import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, newContext, screenshot } from "./support/browser.ts";
import { demoStaff } from "./support/case-journey.ts";
import { addVirtualAuthenticator, fillReferral } from "./support/referrer-journey.ts";
import { freePort, type ServerProcess, startServer } from "./support/server-process.ts";
import { type SmtpCapture, startSmtpCapture } from "./support/smtp-capture.ts";

/**
 * The "done when" with passkeys: a professional signs up with a passkey (Chromium's
 * virtual authenticator), refers a client and sees "received"; the intake desk takes it up and
 * the professional sees "taken up"; a professional of another organisation sees nothing of it.
 * Signing in again takes the passkey alone; a referral sent by mistake is withdrawn. Axe clean.
 *
 * WebAuthn needs a host name as relying party id (not 127.0.0.1): the server's PUBLIC_URL and
 * every page here use http://localhost, which browsers treat as a secure context.
 */
let server: ServerProcess;
let smtp: SmtpCapture;
let browser: Browser;
let staff: ReturnType<typeof demoStaff>;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  const port = await freePort();
  const started = await startServer({
    port,
    env: { DEMO_DATA: "on", SMTP_URL: smtp.url, OUTBOX_POLL_MS: "200", PUBLIC_URL: `http://localhost:${port}` },
  });
  server = started; // stopped by afterAll even if it never gets ready
  await started.waitReady(600_000);
  server = { ...started, url: `http://localhost:${port}` };
  browser = await launchBrowser();
  staff = demoStaff(server, browser);
}, 900_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

async function checked(page: Page, name: string) {
  expect(await axeViolations(page), name).toEqual([]);
  await screenshot(page, `referrer-passkey-${name}`);
}

/** Signs up with the e-mail link, then makes a passkey instead of setting up an app. */
async function signUpWithPasskey(email: string, name: string) {
  const context = await newContext(browser);
  const page = await context.newPage();
  const authenticator = await addVirtualAuthenticator(context, page);
  await page.goto(`${server.url}/verwijzers/registreren`);
  await page.getByLabel(/^E-mailadres van uw werk/).fill(email);
  await page.getByLabel(/^Uw naam/).fill(name);
  await page.getByRole("button", { name: "Account aanvragen" }).click();
  await expect.poll(() => page.locator("[role=status]").textContent()).toContain("Wij hebben een e-mail gestuurd");
  const mails = await smtp.waitFor((m) => m.some((x) => x.to.includes(email)), 30_000);
  const link = /(http\S+\/verwijzers\/inloggen\/link\/\S+)/.exec(
    mails.filter((m) => m.to.includes(email)).at(-1)?.text ?? "",
  )?.[1];
  expect(link).toMatch(/^http:\/\/localhost:\d+\//);
  await page.goto(link ?? "");
  await page.getByRole("button", { name: "Verder met inloggen" }).click();
  await page.waitForURL(/\/verwijzers\/inloggen\/instellen$/);
  await expect.poll(() => page.getByRole("button", { name: "Passkey aanmaken" }).isVisible()).toBe(true);
  await checked(page, "setup");
  await page.getByRole("button", { name: "Passkey aanmaken" }).click();
  await page.waitForURL(/\/verwijzers$/);
  expect(await authenticator.credentials()).toHaveLength(1);
  return { context, page, authenticator };
}

describe("referrers with passkeys", () => {
  it("sign up with a passkey, refer, follow the status; another organisation sees nothing", async () => {
    const coordinator = await staff.signIn("coordinator@demo.herstel.example");
    await coordinator.goto(`${server.url}/medewerkers/beheer/verwijzers`);
    for (const [name, domain] of [
      ["Reclassering Sleutel", "reclassering-sleutel.test"],
      ["Slachtofferhulp Sleutel", "slachtofferhulp-sleutel.test"],
    ] as const) {
      await coordinator.getByLabel(/^Naam van de organisatie/).fill(name);
      await coordinator.getByLabel(/^Soort organisatie/).selectOption({ index: 1 });
      await coordinator.getByLabel(/^E-maildomeinen/).fill(domain);
      await coordinator.getByRole("button", { name: "Organisatie toevoegen" }).click();
      await expect.poll(() => coordinator.getByTestId("organisations").textContent()).toContain(domain);
    }

    const anna = await signUpWithPasskey("anna@reclassering-sleutel.test", "Anna Sleutel");
    // Signing out and in again: the passkey alone, no e-mail address, no code.
    await anna.page.getByRole("button", { name: "Uitloggen" }).click();
    await anna.page.waitForURL(/\/verwijzers\/inloggen/);
    await expect.poll(() => anna.page.getByRole("button", { name: "Inloggen met een passkey" }).isVisible()).toBe(true);
    await checked(anna.page, "login");
    await anna.page.getByRole("button", { name: "Inloggen met een passkey" }).click();
    await anna.page.waitForURL(/\/verwijzers$/);

    await anna.page.goto(`${server.url}/verwijzers/verwijzen`);
    await fillReferral(anna.page, "Client Sleutel");
    await anna.page.getByRole("button", { name: "Verwijzing versturen" }).click();
    await anna.page.waitForURL(/\/verwijzers\?verwezen=HB-/);
    const reference = new URL(anna.page.url()).searchParams.get("verwezen") ?? "";
    await expect.poll(() => anna.page.getByTestId("referrals").textContent()).toContain("Ontvangen");
    await checked(anna.page, "received");

    // A second referral, sent by mistake: withdrawn within the 24 hours, and gone.
    await anna.page.goto(`${server.url}/verwijzers/verwijzen`);
    await fillReferral(anna.page, "Client Vergissing");
    await anna.page.getByRole("button", { name: "Verwijzing versturen" }).click();
    await anna.page.waitForURL(/\/verwijzers\?verwezen=HB-/);
    const mistake = new URL(anna.page.url()).searchParams.get("verwezen") ?? "";
    await anna.page.getByRole("link", { name: `${mistake} intrekken` }).click();
    await checked(anna.page, "withdraw-confirm");
    await anna.page.getByRole("button", { name: "Ja, intrekken" }).click();
    await anna.page.waitForURL(/ingetrokken=withdrawn/);
    expect(await anna.page.getByTestId("referrals").textContent()).not.toContain(mistake);
    expect(await anna.page.getByTestId("referrals").textContent()).toContain(reference);

    // The intake desk takes the first one up.
    const intake = await staff.signIn("aanmeldpunt@demo.herstel.example");
    await intake.goto(`${server.url}/medewerkers/aanmeldingen`);
    expect(await intake.textContent("main")).not.toContain(mistake);
    await intake.getByRole("link", { name: reference, exact: true }).click();
    await intake.waitForURL(/aanmeldingen\/\d+$/);
    await intake.getByLabel(/^Regio van de zaak/).selectOption({ label: "Oost-Nederland" });
    await intake
      .getByLabel(/^Bemiddelaar/, { exact: false })
      .first()
      .selectOption({ index: 1 });
    await intake.getByLabel(/geen belangenverstrengeling/).check();
    await intake.getByRole("button", { name: "Zaak aanmaken en toewijzen" }).click();
    await intake.waitForURL(/aanmeldingen\?opgenomen=/);

    await anna.page.reload();
    await expect.poll(() => anna.page.getByTestId("referrals").textContent()).toContain("Opgepakt");
    // Taken up: no longer offered for withdrawal.
    expect(await anna.page.getByRole("link", { name: `${reference} intrekken` }).count()).toBe(0);
    await checked(anna.page, "taken-up");

    // Her ways in and her sessions.
    await anna.page.getByRole("link", { name: "Inlogmethoden" }).click();
    await expect.poll(() => anna.page.textContent("main")).toContain("Passkey");
    await checked(anna.page, "security");
    await anna.page.getByRole("link", { name: "Sessies" }).click();
    await expect.poll(() => anna.page.textContent("main")).toContain("Deze sessie");
    await checked(anna.page, "sessions");

    // A professional of another organisation, also with a passkey, sees nothing of it.
    const bo = await signUpWithPasskey("bo@slachtofferhulp-sleutel.test", "Bo Sleutel");
    await expect.poll(() => bo.page.textContent("main")).toContain("U hebt nog geen cliënten verwezen.");
    expect(await bo.page.textContent("body")).not.toContain(reference);
    // Bo's passkey is Bo's: Anna's authenticator holds only Anna's.
    expect(await anna.authenticator.credentials()).toHaveLength(1);
  }, 300_000);
});
