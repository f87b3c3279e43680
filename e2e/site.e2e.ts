import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchBrowser, newContext, screenshot } from "./support/browser.ts";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(path: string, javaScriptEnabled = true): Promise<{ page: Page; status: number | undefined }> {
  const context = await newContext(browser, { javaScriptEnabled });
  const page = await context.newPage();
  const response = await page.goto(`${baseUrl}${path}`);
  return { page, status: response?.status() };
}

async function expectAccessible(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

describe.each([
  { js: true, label: "with JavaScript" },
  { js: false, label: "without JavaScript" },
])("public layout $label", ({ js, label }) => {
  it("shows the home page in Dutch by default, with the page landmarks", async () => {
    const { page, status } = await open("/", js);
    expect(status).toBe(200);
    expect(await page.getAttribute("html", "lang")).toBe("nl");
    expect(await page.textContent("h1")).toBe("Welkom bij herstelbemiddeling");
    expect(await page.locator("header").count()).toBe(1);
    expect(await page.locator("nav[aria-label='Hoofdmenu']").count()).toBe(1);
    expect(await page.locator("main#main").count()).toBe(1);
    expect(await page.locator("footer").count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, `home-nl-${js ? "js" : "nojs"}`);
    await page.context().close();
  });

  it("switches to English, and the choice stays after reloading", async () => {
    const { page } = await open("/", js);
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.waitForFunction(() => document.documentElement.lang === "en");
    expect(await page.textContent("h1")).toBe("Welcome to restorative mediation");
    expect(await page.getByRole("button", { name: "Naar het Nederlands" }).count()).toBe(1);
    await expectAccessible(page);
    await page.reload();
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.textContent("h1")).toBe("Welcome to restorative mediation");
    await screenshot(page, `home-en-${js ? "js" : "nojs"}`);
    await page.getByRole("button", { name: "Naar het Nederlands" }).click();
    await page.waitForFunction(() => document.documentElement.lang === "nl");
    expect(await page.textContent("h1")).toBe("Welkom bij herstelbemiddeling");
    expect(label).toBeTruthy();
    await page.context().close();
  });

  it("answers an unknown address with a styled 404 page and no technical detail", async () => {
    const { page, status } = await open("/bestaat/niet", js);
    expect(status).toBe(404);
    expect(await page.textContent("h1")).toBe("Deze pagina bestaat niet");
    expect(await page.locator("header").count()).toBe(1);
    const text = (await page.textContent("body")) ?? "";
    expect(text).not.toMatch(/Error:|at .*\.(js|ts):\d+|node_modules|stack/i);
    await expectAccessible(page);
    await screenshot(page, `not-found-${js ? "js" : "nojs"}`);
    await page.context().close();
  });
});

describe("keyboard", () => {
  it("reaches the skip link first, and it moves focus to the main content", async () => {
    const { page } = await open("/");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe("Ga direct naar de inhoud");
    await screenshot(page, "skip-link-focused");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "main");
    await page.keyboard.press("Tab");
    const next = await page.evaluate(
      () => document.activeElement?.closest("main, footer")?.tagName ?? document.activeElement?.tagName,
    );
    expect(next).not.toBe("HEADER");
    await page.context().close();
  });

  it("switches language with the keyboard alone", async () => {
    const { page } = await open("/");
    await page.getByRole("button", { name: "Switch to English" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await page.context().close();
  });
});

describe("the accessibility check itself", () => {
  it("reports violations on a page that has them (so a clean result means something)", async () => {
    const { page } = await open("/healthz");
    // A static page of the same origin: nothing re-renders it while axe runs.
    await page.setContent(
      '<html lang="nl"><head><title>Proef</title></head><body><main><h1>Proef</h1><img src="/x.png"><input type="text"></main></body></html>',
    );
    const violations = await axeViolations(page);
    expect(
      violations.some((v) => v.startsWith("image-alt")),
      violations.join("\n"),
    ).toBe(true);
    expect(
      violations.some((v) => v.startsWith("label")),
      violations.join("\n"),
    ).toBe(true);
    await page.context().close();
  });
});
