import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORT_COLUMNS, OPTIONAL_COLUMNS } from "../app/features/statistics/import.rules.ts";

/** The header of an older export: without the optional columns. */
const OLDER_HEADER = IMPORT_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c)).join(";");

import { axeViolations, launchBrowser, newContext, screenshot } from "./support/browser.ts";
import { PROJECT_ROOT, type ServerProcess, startServer, tempDataDir } from "./support/server-process.ts";

/** The import of registrations from before Herstel, as an administrator, with and without JavaScript. */
let server: ServerProcess;
let browser: Browser;
let token = "";

const GOOD =
  "OUD-{n};2019-03-04;2019-03-10;referrer;probation;offender;offender;violence;west;contact;letter_exchange;;2019-09-01";
const CSV = [
  OLDER_HEADER,
  GOOD.replace("{n}", "1"),
  GOOD.replace("{n}", "2").replace("violence", "fraude"),
  GOOD.replace("{n}", "3"),
].join("\n");

beforeAll(async () => {
  const dataDir = tempDataDir();
  const fixture = spawnSync(
    process.execPath,
    [path.join(PROJECT_ROOT, "e2e/support/admin-session-fixture.ts"), dataDir],
    { encoding: "utf8" },
  );
  expect(fixture.status, fixture.stderr).toBe(0);
  token = (JSON.parse(fixture.stdout) as { token: string }).token;
  server = await startServer({ dataDir });
  await server.waitReady();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

async function signedIn(javaScriptEnabled: boolean): Promise<Page> {
  const context = await newContext(browser, { javaScriptEnabled });
  await context.addCookies([{ name: "herstel_sessie", value: token, url: server.url }]);
  return context.newPage();
}

async function checked(page: Page, name: string) {
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, `import-${name}`);
}

async function upload(page: Page, options: { skip?: boolean; name?: string; csv?: string } = {}) {
  await page.getByLabel(/^CSV-bestand/).setInputFiles({
    name: options.name ?? "oud.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(options.csv ?? CSV),
  });
  if (options.skip) await page.getByLabel(/^Regels met een fout overslaan/).check();
  await page.getByRole("button", { name: "Importeren" }).click();
}

describe("importing registrations from before Herstel", () => {
  it("works without JavaScript: refuses a file with a bad line, then imports the good lines", async () => {
    const page = await signedIn(false);
    await page.goto(`${server.url}/medewerkers/beheer/import`);
    expect(await page.textContent("h1")).toBe("Aanmeldingen van vóór Herstel importeren");
    await checked(page, "page");

    await page.getByRole("button", { name: "Importeren" }).click();
    await expect.poll(() => page.locator(".herstel-error-summary").textContent()).toContain("Kies een CSV-bestand.");
    await checked(page, "no-file");

    await upload(page);
    await expect.poll(() => page.locator("#import-report").textContent()).toBe("Resultaat van oud.csv");
    const report = page.locator("section[aria-labelledby=import-report]");
    expect(await report.textContent()).toContain("Het bestand is niet geïmporteerd");
    expect(await report.locator("table tbody tr").count()).toBe(1);
    expect(await report.locator("table tbody tr td").first().textContent()).toBe("3");
    expect(await report.textContent()).toContain("„fraude” kent Herstel niet");
    await checked(page, "refused");

    await upload(page, { skip: true });
    await expect.poll(() => page.locator("[role=status]").first().textContent()).toBe("Het bestand is geïmporteerd.");
    expect(await report.textContent()).toContain("Nieuw geïmporteerd: 2");
    await checked(page, "imported");
    await page.context().close();
  });

  it("works with JavaScript, and a second import of the same file changes nothing", async () => {
    const page = await signedIn(true);
    await page.goto(`${server.url}/medewerkers/beheer/import`);
    await upload(page, { skip: true, name: "opnieuw.csv" });
    await expect.poll(() => page.locator("#import-report").textContent()).toBe("Resultaat van opnieuw.csv");
    const report = page.locator("section[aria-labelledby=import-report]");
    await expect.poll(() => report.textContent()).toContain("Al eerder geïmporteerd (niet veranderd): 2");
    expect(await report.textContent()).toContain("Nieuw geïmporteerd: 0");
    await checked(page, "again");
    await page.context().close();
  });

  it("takes a file over the 1 MB limit of other forms", async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => GOOD.replace("{n}", `G${i}`));
    const csv = [OLDER_HEADER, ...rows].join("\n");
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const page = await signedIn(false);
    await page.goto(`${server.url}/medewerkers/beheer/import`);
    await upload(page, { name: "groot.csv", csv });
    const report = page.locator("section[aria-labelledby=import-report]");
    await expect.poll(() => report.textContent()).toContain("Nieuw geïmporteerd: 12000");
    await page.context().close();
  });
});
