import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentTotpCode } from "../app/features/auth/totp.server.ts";
import { axeViolations, launchBrowser, newContext, screenshot } from "./support/browser.ts";
import { demoStaff } from "./support/case-journey.ts";
import { fillReferral } from "./support/referrer-journey.ts";
import { type ServerProcess, startServer } from "./support/server-process.ts";
import { type SmtpCapture, startSmtpCapture } from "./support/smtp-capture.ts";

/**
 * A referring professional as a partner: a coordinator adds their organisation, they sign up
 * with their work address (e-mail link, then an authenticator app), refer a client with their
 * own details filled in, and see "received"; the intake desk takes the referral up, and they see
 * "taken up". A professional of another organisation sees nothing of it.
 */
let server: ServerProcess;
let smtp: SmtpCapture;
let browser: Browser;
// One for the file: it counts each account's sign-ins, so that no TOTP code is given twice.
let staff: ReturnType<typeof demoStaff>;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  server = await startServer({ env: { DEMO_DATA: "on", SMTP_URL: smtp.url, OUTBOX_POLL_MS: "200" } });
  await server.waitReady();
  browser = await launchBrowser();
  staff = demoStaff(server, browser);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

async function checked(page: Page, name: string) {
  expect(await axeViolations(page), name).toEqual([]);
  await screenshot(page, `referrer-${name}`);
}

/** Signs up (or in) by the e-mail link and sets up the authenticator; returns the signed-in page. */
async function signUp(email: string, name: string): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.url}/verwijzers/registreren`);
  await page.getByLabel(/^E-mailadres van uw werk/).fill(email);
  await page.getByLabel(/^Uw naam/).fill(name);
  await page.getByLabel(/^Uw functie/).fill("Reclasseringswerker");
  await page.getByRole("button", { name: "Account aanvragen" }).click();
  await expect.poll(() => page.locator("[role=status]").textContent()).toContain("Wij hebben een e-mail gestuurd");
  const mails = await smtp.waitFor((m) => m.some((x) => x.to.includes(email)), 30_000);
  const mail = mails.filter((m) => m.to.includes(email)).at(-1);
  const link = /(http\S+\/verwijzers\/inloggen\/link\/\S+)/.exec(mail?.text ?? "")?.[1] ?? "";
  expect(link).not.toBe("");
  await page.goto(link.replace(/^http:\/\/[^/]+/, server.url));
  await page.getByRole("button", { name: "Verder met inloggen" }).click();
  await page.waitForURL(/\/verwijzers\/inloggen\/instellen$/);
  await checked(page, "setup");
  const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s/g, "");
  await page.getByLabel(/^Code uit/).fill(currentTotpCode(secret));
  await page.getByRole("button", { name: "Instellen" }).click();
  await page.waitForURL(/\/verwijzers$/);
  return page;
}

describe("referrers as partners", () => {
  it("refer a client and follow its status, and see nothing of another organisation's", async () => {
    const coordinator = await staff.signIn("coordinator@demo.herstel.example");
    await coordinator.goto(`${server.url}/medewerkers/beheer/verwijzers`);
    for (const [name, domain] of [
      ["Reclassering Proef", "reclassering.test"],
      ["Slachtofferhulp Proef", "slachtofferhulp.test"],
    ] as const) {
      await coordinator.getByLabel(/^Naam van de organisatie/).fill(name);
      await coordinator.getByLabel(/^Soort organisatie/).selectOption({ index: 1 });
      await coordinator.getByLabel(/^E-maildomeinen/).fill(domain);
      await coordinator.getByRole("button", { name: "Organisatie toevoegen" }).click();
      // Wait for the list to show it: the form empties itself once the list has reloaded.
      await expect.poll(() => coordinator.getByTestId("organisations").textContent()).toContain(domain);
    }
    await checked(coordinator, "organisations");

    const anna = await signUp("anna@reclassering.test", "Anna de Vries");
    await expect.poll(() => anna.textContent("main")).toContain("U hebt nog geen cliënten verwezen.");
    await anna.getByRole("link", { name: "Cliënt verwijzen" }).first().click();
    await anna.waitForURL(/\/verwijzers\/verwijzen$/);
    await expect.poll(() => anna.getByTestId("referrer-details").textContent()).toContain("Reclassering Proef");
    // Sent empty: the same rules as the public form, named at the top.
    await anna.getByRole("button", { name: "Verwijzing versturen" }).click();
    await expect.poll(() => anna.locator(".herstel-error-summary").count()).toBe(1);
    await checked(anna, "refer-errors");
    await fillReferral(anna, "Client Proef");
    await anna.getByRole("button", { name: "Verwijzing versturen" }).click();
    await anna.waitForURL(/\/verwijzers\?verwezen=HB-/);
    const reference = new URL(anna.url()).searchParams.get("verwezen") ?? "";
    await expect.poll(() => anna.getByTestId("referrals").textContent()).toContain(reference);
    expect(await anna.getByTestId("referrals").textContent()).toContain("Ontvangen");
    // Never the content: the client's name does not appear in the referrer's area.
    expect(await anna.textContent("main")).not.toContain("Client Proef");
    await checked(anna, "referrals-received");

    // The intake desk takes it up.
    const intake = await staff.signIn("aanmeldpunt@demo.herstel.example");
    await intake.goto(`${server.url}/medewerkers/aanmeldingen`);
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

    await anna.reload();
    await expect.poll(() => anna.getByTestId("referrals").textContent()).toContain("Opgepakt");
    await checked(anna, "referrals-taken-up");

    // A professional of another organisation sees nothing of it.
    const bo = await signUp("bo@slachtofferhulp.test", "Bo Jansen");
    await expect.poll(() => bo.textContent("main")).toContain("U hebt nog geen cliënten verwezen.");
    expect(await bo.textContent("body")).not.toContain(reference);
    // Not the organisation's contact person: no settings page.
    const settings = await bo.goto(`${server.url}/verwijzers/organisatie`);
    expect(settings?.status()).toBe(403);
    // And a referrer's session reaches no staff page.
    await bo.goto(`${server.url}/medewerkers/aanmeldingen`);
    await bo.waitForURL(/\/inloggen$/);
  });

  it("a partner system sends a referral with a key made by staff, and reads its status", async () => {
    const coordinator = await staff.signIn("coordinator@demo.herstel.example");
    await coordinator.goto(`${server.url}/medewerkers/beheer/verwijzers`);
    await coordinator.getByLabel(/^Naam van de organisatie/).fill("Jeugdzorg Koppeling");
    await coordinator.getByLabel(/^Soort organisatie/).selectOption({ index: 2 });
    await coordinator.getByLabel(/^E-maildomeinen/).fill("jeugdzorg.test");
    await coordinator.getByRole("button", { name: "Organisatie toevoegen" }).click();
    await expect.poll(() => coordinator.getByTestId("organisations").textContent()).toContain("jeugdzorg.test");
    await coordinator.getByRole("link", { name: "API-sleutels van Jeugdzorg Koppeling" }).click();
    await coordinator.waitForURL(/beheer\/verwijzers\/\d+$/);
    await coordinator.getByLabel(/^Naam van de sleutel/).fill("Zaaksysteem");
    await coordinator.getByLabel(/Verwijzingen sturen/).check();
    await coordinator.getByLabel(/Stand van zaken lezen/).check();
    await coordinator.getByRole("button", { name: "Sleutel maken" }).click();
    const key = (await coordinator.getByTestId("new-api-key").textContent()) ?? "";
    expect(key).toMatch(/^herstel_pk_[a-z0-9]{12}_/);
    await checked(coordinator, "api-key");

    const body = {
      referrerName: "J. de Boer",
      referrerEmail: "j.deboer@jeugdzorg.test",
      role: "victim",
      offenceCategory: "violence",
      policeReport: "yes",
      otherPartyKnown: "no",
      name: "Client Via Api",
      ageGroup: "under_18",
      phone: "0612345678",
      contactChannels: ["phone"],
      voicemailAllowed: "no",
      senderNameAllowed: "no",
      language: "nl",
      interpreterNeeded: "no",
      clientConsent: true,
      statusUpdates: "yes",
    };
    // A plain HTTP client, as a partner system is: no cookies, no CSRF token.
    const post = () =>
      fetch(`${server.url}/api/v1/referrals`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": "application/json",
          "idempotency-key": "jz-2026-0001",
        },
        body: JSON.stringify(body),
      });
    const created = await post();
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toContain("application/json");
    const made = (await created.json()) as { reference: string; status: string };
    expect(made.status).toBe("received");
    const again = await post();
    expect(again.status).toBe(200);
    expect(((await again.json()) as { reference: string }).reference).toBe(made.reference);
    const status = await fetch(`${server.url}/api/v1/referrals/${made.reference}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await status.json()).toMatchObject({ reference: made.reference, status: "received" });
    const anonymous = await fetch(`${server.url}/api/v1/referrals/${made.reference}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toContain("application/problem+json");

    const description = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(((await description.json()) as { openapi: string }).openapi).toBe("3.1.0");
    const docs = await (await newContext(browser)).newPage();
    await docs.goto(`${server.url}/api/v1/docs`);
    await expect.poll(() => docs.textContent("h1")).toBe("Partner API reference");
    await checked(docs, "api-docs");

    // Revoked by staff: the key stops working at once.
    await coordinator.getByRole("button", { name: "Sleutel Zaaksysteem intrekken" }).click();
    await expect.poll(() => coordinator.locator("[role=status]").textContent()).toContain("ingetrokken");
    const revoked = await fetch(`${server.url}/api/v1/referrals/${made.reference}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(revoked.status).toBe(401);
  });
});
