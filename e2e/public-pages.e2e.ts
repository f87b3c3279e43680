import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newContext, screenshot } from "./support/browser.ts";
import { type DemoServer, demoStaff } from "./support/case-journey.ts";
import { sharedDemoServer } from "./support/shared-demo.ts";

/**
 * What makes the public pages light (ADR 0022): no React in the browser, only the stylesheets
 * of the components in use, a favicon, and a home page whose call to action can be read.
 */
const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Loaded = { scripts: string[]; stylesheets: string[]; failed: string[]; reactContext: boolean; modules: number };

/** Opens a page in a new tab of the context and lists what the browser loaded for it. */
async function load(context: BrowserContext, url: string): Promise<Loaded> {
  const page = await context.newPage();
  const scripts: string[] = [];
  const stylesheets: string[] = [];
  const failed: string[] = [];
  page.on("response", (response) => {
    const type = response.request().resourceType();
    if (type === "script") scripts.push(new URL(response.url()).pathname);
    if (type === "stylesheet") stylesheets.push(new URL(response.url()).pathname);
    if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  await page.goto(url, { waitUntil: "load" });
  const found = await page.evaluate(() => ({
    reactContext: "__reactRouterContext" in window,
    modules: document.querySelectorAll('script[type="module"], link[rel="modulepreload"]').length,
  }));
  await page.close();
  return { scripts, stylesheets, failed, ...found };
}

/**
 * React Router's client entry and route manifest, which every page with React loads. A small
 * standalone script of a page's own (loaded with the CSP nonce) is allowed.
 */
const REACT_BUNDLE = /\/assets\/(entry\.client|manifest)-/;

function withoutReact(loaded: Loaded): Loaded {
  return { ...loaded, scripts: loaded.scripts.filter((s) => REACT_BUNDLE.test(s)) };
}

describe("public pages", () => {
  it("load no React, only our stylesheets, and nothing that fails (favicon included)", async () => {
    const context = await newContext(browser);
    const home = await load(context, `${baseUrl}/`);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    const menu = await page
      .locator(".herstel-nav__link")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    expect(menu.length).toBeGreaterThan(5);
    const paths = [
      ...menu.filter((p) => p !== "/"),
      "/aanmelden",
      "/inloggen",
      "/wachtwoord-vergeten",
      "/bestaat/niet",
    ];
    const pages: [string, Loaded][] = [["/", home]];
    for (const path of paths) pages.push([path, await load(context, `${baseUrl}${path}`)]);
    // A registration step: start the form (a plain form post) and look at its first step.
    await page.goto(`${baseUrl}/aanmelden`);
    await page.locator('input[name="path"][value="self"]').check();
    await page.getByRole("button", { name: "Begin met aanmelden" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/aanmelden/stap/"));
    pages.push([new URL(page.url()).pathname, await load(context, page.url())]);
    for (const [path, loaded] of pages) {
      expect(withoutReact(loaded), path).toMatchObject({ scripts: [], reactContext: false, modules: 0 });
      expect(
        loaded.failed.filter((f) => !f.endsWith("/bestaat/niet")),
        path,
      ).toEqual([]);
      // The Utrecht components in use, our theme, layout and exit bar; not the whole library.
      expect(loaded.stylesheets.map((s) => s.replace(/-[\w-]{8}\.css$/, ".css")).sort(), path).toEqual([
        "/assets/exit-this-page.css",
        "/assets/layout.css",
        "/assets/print.css",
        "/assets/theme.css",
        "/assets/utrecht.css",
      ]);
    }
    const favicon = await fetch(`${baseUrl}/favicon.ico`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get("content-type")).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    expect([...new Uint8Array(await favicon.arrayBuffer()).slice(0, 4)]).toEqual([0, 0, 1, 0]);
    await context.close();
  });

  it("the home page's call to action has readable contrast (WCAG AA, 4.5:1), also when hovered", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    const cta = page.getByRole("link", { name: "Aanmelden voor herstelbemiddeling" });
    expect(await cta.count()).toBe(1);
    const measure = () =>
      cta.evaluate((el) => {
        const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number);
        const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
          const [R, G, B] = [r, g, b].map((c) => {
            const s = c / 255;
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * (R ?? 0) + 0.7152 * (G ?? 0) + 0.0722 * (B ?? 0);
        };
        const style = getComputedStyle(el);
        const fg = rgb(style.color);
        const bg = rgb(style.backgroundColor);
        const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
        return {
          color: style.color,
          background: style.backgroundColor,
          alpha: bg[3] ?? 1,
          ratio: ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05),
        };
      });
    const normal = await measure();
    expect(normal.alpha, "an opaque button").toBe(1);
    expect(normal.ratio, `${normal.color} on ${normal.background}`).toBeGreaterThanOrEqual(4.5);
    await cta.hover();
    const hovered = await measure();
    expect(hovered.ratio, `${hovered.color} on ${hovered.background} (hover)`).toBeGreaterThanOrEqual(4.5);
    await cta.scrollIntoViewIfNeeded();
    await screenshot(page, "home-call-to-action");
    await context.close();
  });
});

describe("staff pages", () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await sharedDemoServer();
  }, 180_000);
  afterAll(async () => {});

  it("do load React (the check above can tell the difference)", async () => {
    const page = await demoStaff(server, browser).signIn("bemiddelaar@demo.herstel.example");
    const loaded = await load(page.context(), `${server.url}/medewerkers/zaken`);
    expect(loaded.reactContext).toBe(true);
    expect(withoutReact(loaded).scripts.length).toBeGreaterThan(0);
    await page.context().close();
  });
});
