import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { currentTotpCode } from "../app/features/auth/totp.server.ts";
import { axeViolations, launchBrowser, newContext, screenshot } from "./support/browser.ts";
import { PROJECT_ROOT, type ServerProcess, startServer, tempDataDir } from "./support/server-process.ts";

/**
 * Issue 12: keys that survive a restart (start, sign in, stop, start, sign in again), the demo
 * without an authenticator app, and the operator commands that reach a running app on the
 * embedded database (backup, keys:rotate). Issue 13: a demo database says so on every page and
 * refuses production; a start with another APP_SECRET says so in one line.
 */
const MEDIATOR = "bemiddelaar@demo.herstel.example";
const dataDir = tempDataDir();
let browser: Browser;
/** Servers of a test that failed half-way are stopped, so the next start finds the folder free. */
const stopLater: ServerProcess[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  for (const server of stopLater.splice(0)) await server.stop();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function secretOf(output: string, email: string): string {
  const line = output.split("\n").find((l) => l.includes(email) && l.includes("TOTP secret"));
  const secret = /TOTP secret ([A-Z2-7]{32})/.exec(line ?? "")?.[1];
  if (!secret) throw new Error(`no TOTP secret for ${email} in the start-up output`);
  return secret;
}

async function signIn(url: string, code: (page: Page) => Promise<string>): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${url}/inloggen`);
  await page.getByLabel(/^E-mailadres/).fill(MEDIATOR);
  await page.getByLabel(/^Wachtwoord/).fill("demo alleen om te proberen");
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.waitForURL(/\/inloggen\/code$/);
  await page.getByLabel(/^Code uit/).fill(await code(page));
  await page.getByRole("button", { name: "Bevestigen" }).click();
  await page.waitForURL(/\/medewerkers$/);
  return page;
}

function npmScript(script: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, `scripts/${script}.ts`), ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATA_DIR: dataDir, LOG_LEVEL: "silent" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe("keys that survive a restart", () => {
  it("signs in before and after a restart, with the demo's box and code, and runs backup and rotation while running", async () => {
    const env = { DEMO_DATA: "on", DEMO_CASES: "15" };
    const first = await startServer({ dataDir, env });
    stopLater.push(first);
    await first.waitReady();
    const secret = secretOf(first.output(), MEDIATOR);
    // The keys were made once, readable by this user only, and never printed.
    for (const name of ["app-secret", "kek", "audit-key"]) {
      const file = path.join(dataDir, "keys", name);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(first.output()).not.toContain(fs.readFileSync(file, "utf8").trim().split("\n")[0]);
    }

    // The sign-in page lists the demo accounts; the code page shows the current code.
    const login = await (await newContext(browser)).newPage();
    await login.goto(`${first.url}/inloggen`);
    expect(await login.textContent("main")).toContain("Demo-accounts");
    expect(await login.textContent("main")).toContain(MEDIATOR);
    expect(await login.textContent("body")).toContain("Demo: deze omgeving bevat verzonnen gegevens");
    expect(await axeViolations(login)).toEqual([]);
    await screenshot(login, "demo-login");
    const page = await signIn(first.url, async (codePage) => {
      // The URL changes before the page's data is shown (with JavaScript): wait for the code.
      await codePage.getByText(/De code is nu \d{6}/).waitFor();
      const text = (await codePage.textContent("main")) ?? "";
      await screenshot(codePage, "demo-code");
      expect(await axeViolations(codePage)).toEqual([]);
      return /De code is nu (\d{6})/.exec(text)?.[1] ?? "";
    });
    await page.context().close();

    // Operator commands reach the running app through its socket.
    const backup = path.join(dataDir, "..", `${path.basename(dataDir)}.backup`);
    const made = npmScript("backup", backup);
    expect(made.out).toMatch(
      /^Backup written by the running Herstel: .*\.backup \(.* MB, embedded database, schema \d{4}_/,
    );
    expect(fs.existsSync(backup)).toBe(true);
    fs.rmSync(backup);
    const rotated = npmScript("keys-rotate");
    expect(rotated.code, rotated.out).toBe(0);
    expect(rotated.out).toMatch(/New key-encryption key [0-9a-f]{16} made in .*keys\/kek/);
    expect(rotated.out).toMatch(/Re-wrapped \d+ data key\(s\); 0 left/);
    expect(
      fs
        .readFileSync(path.join(dataDir, "keys", "kek"), "utf8")
        .trim()
        .split("\n"),
    ).toHaveLength(2);

    // Stop, start again: the same secret, printed again; a fresh code from an authenticator works.
    expect((await first.stop()).code).toBe(0);
    const second = await startServer({ dataDir, env });
    stopLater.push(second);
    try {
      await second.waitReady();
      expect(secretOf(second.output(), MEDIATOR)).toBe(secret);
      const again = await signIn(second.url, async () => currentTotpCode(secret, new Date(Date.now() + 30_000)));
      // The case content, its data key re-wrapped under the new KEK, still opens.
      await again.goto(`${second.url}/medewerkers/zaken`);
      await again.locator("tbody tr a").first().click();
      await again.waitForURL(/zaken\/\d+$/);
      await expect.poll(() => again.textContent("h1")).toMatch(/^Zaak HB-/);
      // The registrant's e-mail address is a sealed contact detail (in the parties section):
      // shown, so it opened.
      await again.goto(`${again.url()}/partijen`);
      expect(await again.textContent("main")).toMatch(/aanmelder\d+@demo\.herstel\.example/);
      await again.context().close();
    } finally {
      expect((await second.stop()).code).toBe(0);
    }
  });

  it("says so when APP_SECRET opens no second factor, and a demo database refuses production", async () => {
    const wrong = await startServer({ dataDir, env: { APP_SECRET: "another-secret-".repeat(3), DEMO_DATA: "off" } });
    await wrong.waitReady();
    await wrong.stop();
    const lines = wrong
      .output()
      .split("\n")
      .filter((l) => l.startsWith("APP_SECRET does not open"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/stored for \d+ account\(s\): nobody can sign in with an authenticator code/);
    expect(wrong.output()).toContain("This database holds demo data (DEMO_DATA is off)");

    const production = await startServer({
      dataDir,
      env: { NODE_ENV: "production", PUBLIC_URL: "https://herstel.example.org" },
    });
    expect((await production.exited()).code).toBe(1);
    expect(production.output()).toContain("This is a demo database");
    expect(production.output()).toContain("does not start with NODE_ENV=production");
  });
});
