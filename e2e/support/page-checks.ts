import type { Browser, BrowserContext, Frame } from "playwright-core";
import { axeViolations } from "./browser.ts";
import { type CheckedPage, htmlErrors } from "./html-validator.ts";
import { contrastProblems } from "./page-checks-contrast.ts";

/**
 * Every HTML document a journey's browser receives (first loads, form posts without
 * JavaScript, error pages) is kept here; at the end of each e2e file all of them are checked
 * with the Nu HTML Checker and axe (see page-checks.setup.ts), so no page escapes the checks
 * because its test forgot to ask.
 */
const visited: CheckedPage[] = [];
const pending = new Set<Promise<void>>();

/**
 * Records the main-frame HTML documents of a browser context. With JavaScript, pages of the
 * staff area also change without a document load (React Router fetches only data): those are
 * recorded as the browser shows them, once the new page has rendered.
 */
export function recordPages(context: BrowserContext, options: { javaScriptEnabled: boolean }): void {
  const lastDocument = new WeakMap<Frame, string>();
  context.on("response", (response) => {
    const request = response.request();
    if (!request.isNavigationRequest() || (response.status() >= 300 && response.status() < 400)) return;
    if (!(response.headers()["content-type"] ?? "").startsWith("text/html")) return;
    lastDocument.set(request.frame(), response.url());
    track(
      response.text().then((html) => {
        visited.push({ name: `${request.method()} ${pageName(response.url())} (${response.status()})`, html });
      }),
    );
  });
  if (!options.javaScriptEnabled) return;
  context.on("page", (page) => {
    page.on("framenavigated", (frame) => {
      // Only a page of the app that React Router moved on (not a test's own setContent page).
      const last = lastDocument.get(frame);
      if (frame !== page.mainFrame() || last === undefined || last === frame.url()) return;
      const url = frame.url();
      track(
        (async () => {
          await page.waitForLoadState("load");
          // Two frames later React has committed the new page.
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          if (page.url() !== url || !(await page.evaluate(() => "__reactRouterContext" in window))) return;
          visited.push({ name: `GET ${pageName(url)} (rendered in the browser)`, html: await page.content() });
        })(),
      );
    });
  });
}

function pageName(url: string): string {
  const { pathname, search } = new URL(url);
  return `${pathname}${search}`;
}

function track(work: Promise<unknown>): void {
  // A page that navigated away or closed before it was read has nothing left to check.
  const done: Promise<void> = work.then(
    () => undefined,
    () => undefined,
  );
  pending.add(done);
  void done.finally(() => pending.delete(done));
}

/** The pages recorded since the last call (each distinct page once). */
export async function takeVisitedPages(): Promise<CheckedPage[]> {
  await Promise.all(pending);
  const seen = new Set<string>();
  const pages = visited.splice(0).filter((page) => {
    const key = `${page.name}\n${normalised(page.html)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return pages;
}

/** Nonces and form tokens differ on every load of the same page. */
function normalised(html: string): string {
  return html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""');
}

/**
 * Every problem on the given pages: vnu errors, and axe violations (WCAG 2.1 A and AA) and
 * controls without enough contrast (page-checks-contrast.ts) found on a copy of each page loaded
 * at `origin` (so that its stylesheets load) or on a blank page. `vnuUrl`: a running checker
 * service (startVnuService); without it the command-line checker runs.
 */
export async function pageProblems(
  pages: CheckedPage[],
  options: { browser: Browser; origin?: string; vnuUrl?: string },
): Promise<string[]> {
  // Java checks the HTML while Chromium runs axe.
  const [vnu, axe] = await Promise.all([
    htmlErrors(pages, { serviceUrl: options.vnuUrl }),
    axeProblems(pages, options),
  ]);
  return [...vnu.map((e) => `vnu: ${e}`), ...axe];
}

async function axeProblems(pages: CheckedPage[], options: { browser: Browser; origin?: string }): Promise<string[]> {
  // Two copies at once: Chromium renders one page while axe runs on the other.
  const lanes = [0, 1].map((lane) => pages.filter((_, i) => i % 2 === lane));
  const found = await Promise.all(lanes.map((lane) => axeProblemsInOneCopy(lane, options)));
  return found.flat();
}

async function axeProblemsInOneCopy(
  pages: CheckedPage[],
  options: { browser: Browser; origin?: string },
): Promise<string[]> {
  const problems: string[] = [];
  if (pages.length === 0) return problems;
  const context = await options.browser.newContext({ locale: "nl-NL" });
  try {
    const copy = await context.newPage();
    if (options.origin) await copy.goto(new URL("/healthz", options.origin).toString());
    for (const page of pages) {
      await copy.setContent(page.html, { waitUntil: "load" });
      for (const violation of await axeViolations(copy)) problems.push(`axe: ${page.name}: ${violation}`);
      for (const problem of await contrastProblems(copy)) problems.push(`contrast: ${page.name}: ${problem}`);
    }
  } finally {
    await context.close();
  }
  return problems;
}
