import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { recordPages } from "./page-checks.ts";
import { PROJECT_ROOT } from "./server-process.ts";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** `extraArgs`: further Chromium switches, e.g. host resolver rules for a stand-in site. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      ...extraArgs,
    ],
  });
}

const noScriptContexts = new WeakSet<BrowserContext>();

export async function newContext(
  browser: Browser,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  // Playwright gives each context a fresh profile: no cookies from earlier journeys.
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, locale: "nl-NL" });
  if (options.javaScriptEnabled === false) noScriptContexts.add(context);
  recordPages(context, { javaScriptEnabled: options.javaScriptEnabled ?? true });
  return context;
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

type AxeViolation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };

/**
 * Runs axe-core on the page for WCAG 2.1 A and AA. Evaluated through the DevTools protocol,
 * which our Content-Security-Policy does not block (it would block an injected <script>).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (noScriptContexts.has(page.context())) return axeViolationsWithoutScript(page);
  // Once per window: a page copied in with setContent keeps its window, and axe in it.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations;
  })) as AxeViolation[];
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

/** Saves a full-page screenshot under reports/screenshots for people to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(PROJECT_ROOT, "reports/screenshots");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * axe needs JavaScript, so a page seen without it is checked as a copy: its HTML is loaded into
 * a scripting page of the same origin. The copy's inline scripts carry a stale nonce and are
 * blocked by the CSP, so the DOM stays exactly as the no-JavaScript visitor saw it.
 */
async function axeViolationsWithoutScript(page: Page): Promise<string[]> {
  const html = await page.content();
  const browser = page.context().browser();
  if (!browser) throw new Error("no browser");
  const context = await browser.newContext();
  try {
    const copy = await context.newPage();
    await copy.goto(new URL("/healthz", page.url()).toString());
    await copy.setContent(html, { waitUntil: "load" });
    return await axeViolations(copy);
  } finally {
    await context.close();
  }
}
