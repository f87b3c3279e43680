import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentTotpCode } from "../app/features/auth/totp.server.ts";
import { axeViolations, launchBrowser, newContext, screenshot } from "./support/browser.ts";
import { PROJECT_ROOT, type ServerProcess, startServer, tempDataDir } from "./support/server-process.ts";

/**
 * Staff sign-in in Chromium: invitation → password → TOTP → recovery codes → staff area →
 * sign-out; wrong, reused and recovery codes; used and expired links; throttling.
 */
const PASSWORD = "een rustige wandeling langs de rivier";
let server: ServerProcess;
let browser: Browser;
let tokens: { adminToken: string; expiredToken: string };
let totpSecret = "";
let recoveryCodes: string[] = [];

beforeAll(async () => {
  const dataDir = tempDataDir();
  const fixture = spawnSync(process.execPath, [path.join(PROJECT_ROOT, "e2e/support/staff-fixture.ts"), dataDir], {
    encoding: "utf8",
  });
  expect(fixture.status, fixture.stderr).toBe(0);
  tokens = JSON.parse(fixture.stdout) as typeof tokens;
  server = await startServer({ dataDir });
  await server.waitReady();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

async function checked(page: Page, name: string) {
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, `staff-${name}`);
}

async function signIn(page: Page, password = PASSWORD) {
  await page.goto(`${server.url}/inloggen`);
  await page.getByLabel(/^E-mailadres/).fill("ada@test.example");
  await page.getByLabel(/^Wachtwoord/).fill(password);
  await page.getByRole("button", { name: "Inloggen" }).click();
}

async function enterCode(page: Page, code: string) {
  await page.getByLabel(/^Code uit uw authenticator-app/).fill(code);
  await page.getByRole("button", { name: "Bevestigen" }).click();
}

describe("staff sign-in", () => {
  it("takes an invited person from the link to the staff area, with a second factor", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${server.url}/account/activeren/${tokens.adminToken}`);
    await checked(page, "activate");
    await page.getByLabel(/^Nieuw wachtwoord/).fill("password1234");
    await page.getByRole("button", { name: "Wachtwoord opslaan" }).click();
    await expect.poll(() => page.locator(".herstel-error-summary").textContent()).toContain("te vaak gebruikt");
    await checked(page, "activate-error");
    await page.getByLabel(/^Nieuw wachtwoord/).fill(PASSWORD);
    await page.getByRole("button", { name: "Wachtwoord opslaan" }).click();
    await page.waitForURL(/\/inloggen\/instellen$/);
    await checked(page, "totp-setup");
    // A password-only session reaches no staff page.
    await page.goto(`${server.url}/medewerkers`);
    await page.waitForURL(/\/inloggen\/instellen$/);
    totpSecret = ((await page.textContent("[data-testid=totp-secret]")) ?? "").replace(/\s/g, "");
    await page.getByLabel(/^Code uit uw authenticator-app/).fill("000000");
    await page.getByRole("button", { name: "Instellen" }).click();
    await expect.poll(() => page.locator(".herstel-error-summary").isVisible()).toBe(true);
    await page.getByLabel(/^Code uit uw authenticator-app/).fill(currentTotpCode(totpSecret));
    await page.getByRole("button", { name: "Instellen" }).click();
    await page.waitForURL(/\/inloggen\/herstelcodes$/);
    recoveryCodes = await page.locator("[data-testid=recovery-codes] code").allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    await checked(page, "recovery-codes");
    await page.getByRole("link", { name: /Ik heb de codes bewaard/ }).click();
    await expect.poll(() => page.textContent("h1")).toBe("Welkom, Ada Test");
    await checked(page, "home");
    // Shown once: the codes are gone on a second visit.
    await page.goto(`${server.url}/inloggen/herstelcodes`);
    expect(await page.locator("[data-testid=recovery-codes]").count()).toBe(0);
    for (const path of ["/medewerkers/aanmeldingen", "/medewerkers/beheer/gebruikers", "/medewerkers/sessies"]) {
      await page.goto(`${server.url}${path}`);
      await checked(page, path.split("/").pop() ?? "page");
    }
    await page.getByRole("button", { name: "Uitloggen" }).click();
    await page.waitForURL(/\/inloggen\?uitgelogd$/);
    await page.goto(`${server.url}/medewerkers`);
    await page.waitForURL(/\/inloggen$/);
    await page.context().close();
  });

  it("refuses a used or expired link", async () => {
    const page = await (await newContext(browser)).newPage();
    for (const token of [tokens.adminToken, tokens.expiredToken]) {
      await page.goto(`${server.url}/account/activeren/${token}`);
      expect(await page.textContent("h1")).toBe("Deze link werkt niet meer");
    }
    await checked(page, "link-invalid");
    await page.context().close();
  });

  it("asks for the second factor, accepts a code once, and takes a recovery code once", async () => {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, "niet het goede wachtwoord");
    await expect.poll(() => page.locator(".herstel-error-summary").textContent()).toContain("klopt niet");
    await checked(page, "login-error");
    await signIn(page);
    await page.waitForURL(/\/inloggen\/code$/);
    await checked(page, "code");
    await enterCode(page, "123456");
    await expect.poll(() => page.locator(".herstel-error-summary").textContent()).toContain("Deze code klopt niet");
    // The set-up used this 30-second window's code, and a code works once: take the next
    // window's code (one step of clock drift is accepted).
    const code = currentTotpCode(totpSecret, new Date(Date.now() + 30_000));
    await enterCode(page, code);
    await page.waitForURL(/\/medewerkers$/);
    await page.getByRole("button", { name: "Uitloggen" }).click();
    await page.waitForURL(/uitgelogd/);

    await signIn(page);
    await page.waitForURL(/\/inloggen\/code$/);
    await enterCode(page, code);
    await expect.poll(() => page.locator(".herstel-error-summary").textContent()).toContain("al gebruikt");
    const recovery = recoveryCodes[0] ?? "";
    await enterCode(page, recovery.toUpperCase());
    await page.waitForURL(/\/medewerkers$/);
    await page.getByRole("button", { name: "Uitloggen" }).click();
    await page.waitForURL(/uitgelogd/);
    await signIn(page);
    await page.waitForURL(/\/inloggen\/code$/);
    await enterCode(page, recovery);
    await expect.poll(() => page.locator(".herstel-error-summary").textContent()).toMatch(/al gebruikt|klopt niet/);
    await page.context().close();
  });

  it("slows down guessing: after ten failures even the right password is refused for a while", async () => {
    const page = await (await newContext(browser)).newPage();
    for (let i = 0; i < 10; i++) await signIn(page, `fout wachtwoord nummer ${i}`);
    await signIn(page);
    await expect
      .poll(() => page.locator(".herstel-error-summary").textContent())
      .toContain("te veel mislukte pogingen");
    expect(page.url()).toMatch(/\/inloggen$/);
    await page.context().close();
  });
});
