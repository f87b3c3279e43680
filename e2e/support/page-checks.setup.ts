import { afterAll, inject } from "vitest";
import { launchBrowser } from "./browser.ts";
import { pageProblems, takeVisitedPages } from "./page-checks.ts";

// After each e2e file: every page its journeys visited must be valid HTML, pass axe and the contrast check.
afterAll(async () => {
  const pages = await takeVisitedPages();
  if (pages.length === 0) return;
  const started = Date.now();
  const browser = await launchBrowser();
  try {
    const problems = await pageProblems(pages, { browser, origin: inject("baseUrl"), vnuUrl: inject("vnuUrl") });
    if (problems.length > 0) {
      throw new Error(`${problems.length} problem(s) on the ${pages.length} pages visited:\n${problems.join("\n")}`);
    }
    process.stdout.write(
      `Nu HTML Checker, axe and the contrast check: no problem on the ${pages.length} pages visited (${Math.round((Date.now() - started) / 1000)} s)\n`,
    );
  } finally {
    await browser.close();
  }
}, 900_000);
