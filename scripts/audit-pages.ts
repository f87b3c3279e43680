/**
 * Lighthouse on Herstel's pages, in Chromium, with Lighthouse's own defaults (a mobile phone,
 * simulated slow 4G and a 4× slower CPU):
 * - every public page (home, the information pages in the menu, /aanmelden and every step of both
 *   registration paths, "check your answers", /inloggen): performance, accessibility and best
 *   practices must each be 100;
 * - the staff pages, signed in with a demo account: accessibility must be 100.
 *
 *   npm run audit:pages                       builds, starts the build on a fresh demo database
 *   npm run audit:pages -- --runs=3           each page three times; the median counts
 *   npm run audit:pages -- --url=http://localhost:3000   a running demo instance (localhost only)
 *   npm run audit:pages -- --only=/,/inloggen            some pages only (no staff pages)
 *
 * Prints a table (the lowest, median and highest score per category over the runs) and exits
 * with 1 when a page's median is below 100 in a category that must be 100.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import lighthouse from "lighthouse";
import { chromium, type Page } from "playwright-core";
import { stepsFor } from "../app/features/registration/registration.fields.ts";

const CHROME_PATH = process.env.CHROME_PATH || process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ROOT = path.resolve(import.meta.dirname, "..");
const DEMO_PASSWORD = "demo alleen om te proberen";

type Category = "performance" | "accessibility" | "best-practices";
type Target = { path: string; label: string; categories: Category[]; cookie?: string };
type Result = { target: Target; scores: Record<Category, number[]>; failed: string[] };

const options = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, ...value] = arg.replace(/^--/, "").split("=");
    return [key, value.join("=") || "true"];
  }),
) as Record<string, string | undefined>;
const runs = Math.max(1, Number(options.runs ?? 1));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts the production build as `npm start` does, on a fresh embedded database in demo mode. */
async function startBuild(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (!fs.existsSync(path.join(ROOT, "build/server/index.js"))) {
    throw new Error("No build found: run `npm run audit:pages`, which builds first.");
  }
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-audit-"));
  const proc: ChildProcess = spawn(process.execPath, ["server.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DEMO_CASES: "30",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error("Herstel stopped before it was ready");
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: async () => {
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function cookieHeader(cookies: { name: string; value: string }[]): string {
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/** Starts a registration on the given path and returns the browser's cookie (the draft's id). */
async function startRegistration(page: Page, base: string, who: "self" | "referral"): Promise<string> {
  await page.context().clearCookies();
  await page.goto(`${base}/aanmelden`);
  await page.locator(`input[name="path"][value="${who}"]`).check();
  await page.locator("main form button[type=submit]").click();
  await page.waitForURL((url) => url.pathname.startsWith("/aanmelden/stap/"));
  return cookieHeader(await page.context().cookies());
}

/** Signs in as the demo mediator like a person would (password, then the code the demo shows). */
async function signInDemo(page: Page, base: string): Promise<string> {
  await page.context().clearCookies();
  await page.goto(`${base}/inloggen`);
  await page.locator('input[name="email"]').fill("bemiddelaar@demo.herstel.example");
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator("main form button[type=submit]").first().click();
  await page.waitForURL((url) => url.pathname === "/inloggen/code");
  const code = /\b(\d{6})\b/.exec((await page.locator(".herstel-demo-box").textContent()) ?? "")?.[1];
  if (!code) throw new Error("No demo code on /inloggen/code: is this a demo instance?");
  await page.locator('input[name="code"]').fill(code);
  await page.locator("main form button[type=submit]").first().click();
  await page.waitForURL((url) => url.pathname.startsWith("/medewerkers"));
  return cookieHeader(await page.context().cookies());
}

async function targets(page: Page, base: string): Promise<Target[]> {
  const all: Category[] = ["performance", "accessibility", "best-practices"];
  await page.goto(base);
  const menu = await page
    .locator(".herstel-nav__link")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const list: Target[] = [...new Set(["/", ...menu])].map((p) => ({ path: p, label: p, categories: all }));
  for (const who of ["self", "referral"] as const) {
    const cookie = await startRegistration(page, base, who);
    for (const step of stepsFor(who)) {
      list.push({
        path: `/aanmelden/stap/${step.id}`,
        label: `/aanmelden/stap/${step.id} (${who})`,
        categories: all,
        cookie,
      });
    }
    list.push({ path: "/aanmelden/controleren", label: `/aanmelden/controleren (${who})`, categories: all, cookie });
  }
  list.push({ path: "/inloggen", label: "/inloggen", categories: all });
  if (options.only) {
    const only = options.only.split(",");
    return list.filter((t) => only.includes(t.path) || only.includes(t.label));
  }
  const staff = await signInDemo(page, base);
  for (const p of [
    "/medewerkers",
    "/medewerkers/zaken",
    "/medewerkers/taken",
    "/medewerkers/sessies",
    "/medewerkers/account",
  ]) {
    list.push({ path: p, label: `${p} (staff)`, categories: ["accessibility"], cookie: staff });
  }
  const firstCase = await page
    .goto(`${base}/medewerkers/zaken`)
    .then(() => page.locator('main a[href^="/medewerkers/zaken/"]').first().getAttribute("href"));
  if (firstCase)
    list.push({
      path: firstCase,
      label: "/medewerkers/zaken/:id (staff)",
      categories: ["accessibility"],
      cookie: staff,
    });
  return list;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? 0;

/** One Lighthouse run; a failed trace (Lighthouse's own NO_NAVSTART and the like) is run again, twice at most. */
async function lighthouseRun(port: number, url: string, target: Target) {
  for (let attempt = 1; ; attempt++) {
    const result = await lighthouse(url, {
      port,
      output: "json",
      logLevel: "error",
      onlyCategories: target.categories,
      extraHeaders: target.cookie ? { Cookie: target.cookie } : undefined,
    });
    if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
    const error = result.lhr.runtimeError;
    if (!error) return result.lhr;
    if (attempt === 3) throw new Error(`Lighthouse on ${url}: ${error.message}`);
    process.stderr.write(`  (${target.label}: ${error.code}, again)\n`);
  }
}

async function audit(port: number, base: string, target: Target): Promise<Result> {
  const scores = { performance: [], accessibility: [], "best-practices": [] } as Record<Category, number[]>;
  const failed: string[] = [];
  for (let run = 0; run < runs; run++) {
    const lhr = await lighthouseRun(port, `${base}${target.path}`, target);
    if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(`${base}${target.path}`).pathname) {
      throw new Error(`${target.path} ended at ${lhr.finalDisplayedUrl}: the page was not audited`);
    }
    for (const category of target.categories) {
      const score = Math.round((lhr.categories[category]?.score ?? 0) * 100);
      scores[category].push(score);
      if (score < 100) {
        const lost = Object.values(lhr.audits)
          .filter(
            (a) =>
              a.score !== null &&
              a.score < 1 &&
              lhr.categories[category]?.auditRefs.some((r) => r.id === a.id && r.weight > 0),
          )
          .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ""}`);
        failed.push(`run ${run + 1}, ${category} ${score}: ${lost.join(", ")}`);
      }
    }
  }
  return { target, scores, failed };
}

async function main() {
  if (options.url && !/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(options.url)) {
    throw new Error("--url must be a Herstel on this machine (http://localhost:PORT)");
  }
  const server = options.url ? undefined : await startBuild();
  const base = (options.url ?? server?.url ?? "").replace(/\/$/, "");
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: CHROME_PATH,
    headless: true,
    args: [
      `--remote-debugging-port=${port}`,
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const results: Result[] = [];
  try {
    const context = await browser.newContext({ locale: "nl-NL" });
    const list = await targets(await context.newPage(), base);
    await context.close();
    process.stderr.write(`Lighthouse ${runs}× on ${list.length} pages of ${base}\n`);
    for (const target of list) {
      const result = await audit(port, base, target);
      results.push(result);
      process.stderr.write(`  ${target.label}: ${format(result)}\n`);
    }
  } finally {
    await browser.close();
    await server?.stop();
  }
  const show = (r: Result, c: Category) => (r.target.categories.includes(c) ? range(r.scores[c]) : "–");
  process.stdout.write(`\n| page | performance | accessibility | best practices |\n|---|---|---|---|\n`);
  for (const r of results) {
    process.stdout.write(
      `| ${r.target.label} | ${show(r, "performance")} | ${show(r, "accessibility")} | ${show(r, "best-practices")} |\n`,
    );
  }
  const below = results.filter((r) => r.target.categories.some((c) => median(r.scores[c]) < 100));
  for (const r of results.filter((r) => r.failed.length > 0)) {
    const verdict = below.includes(r) ? "below 100" : "a run below 100, median 100";
    process.stdout.write(`\n${r.target.label} (${verdict}), audits that lost points:\n  ${r.failed.join("\n  ")}\n`);
  }
  process.stdout.write(
    `\n${results.length - below.length} of ${results.length} pages at 100 (median of ${runs} run(s)).\n`,
  );
  process.exitCode = below.length > 0 ? 1 : 0;
}

function range(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const low = sorted[0] ?? 0;
  const high = sorted[sorted.length - 1] ?? 0;
  return low === high ? String(median(values)) : `${median(values)} (${low}–${high})`;
}

function format(r: Result): string {
  return r.target.categories.map((c) => `${c} ${range(r.scores[c])}`).join(", ");
}

await main();
