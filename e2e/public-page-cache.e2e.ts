import http from "node:http";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newContext, screenshot } from "./support/browser.ts";
import { type InProcessApp, startInProcessApp } from "./support/in-process-app.ts";

/**
 * The public information pages rendered once and then served from memory: every answer still has
 * its own nonce (matching its CSP), a CSRF token that works for this browser, and its request id.
 */
let app: InProcessApp;
beforeAll(async () => {
  app = await startInProcessApp();
});
afterAll(async () => {
  await app?.close();
});

const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
const cookieOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

describe("public pages from memory", () => {
  it("renders the home page once, then answers from memory with this response's nonce, token and id", async () => {
    const first = await fetch(`${app.url}/`);
    const firstHtml = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get("x-page-cache")).toBeNull();

    const second = await fetch(`${app.url}/`);
    const html = await second.text();
    expect(second.status).toBe(200);
    expect(second.headers.get("x-page-cache")).toBe("hit");
    expect(second.headers.get("cache-control")).toBe("private, no-cache");
    const nonce = nonceOf(second);
    expect(nonce).toBeTruthy();
    expect(nonce).not.toBe(nonceOf(first));
    // Every script carries this response's nonce, none the first one's.
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? "");
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
    expect(html).not.toContain(nonceOf(first) as string);
    // Public pages carry no request id in their HTML (no React context, ADR 0022); the header does,
    // and nothing of the first response's id is left in the page from memory.
    expect(second.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    expect(html).not.toContain(first.headers.get("x-request-id") as string);
    // The same page otherwise: identical once the per-response values are taken out.
    const strip = (page: string, res: Response) =>
      page
        .replaceAll(nonceOf(res) as string, "N")
        .replaceAll(res.headers.get("x-request-id") as string, "R")
        .replaceAll(tokenOf(page) as string, "T");
    expect(strip(html, second)).toBe(strip(firstHtml, first));
  });

  it("gives a new browser a CSRF cookie whose token works, and answers a matching ETag with 304 without a CSP", async () => {
    await fetch(`${app.url}/`);
    const res = await fetch(`${app.url}/`);
    expect(res.headers.get("x-page-cache")).toBe("hit");
    const cookie = cookieOf(res).find((c) => c.startsWith("herstel_csrf="));
    expect(cookie).toBeTruthy();
    const token = tokenOf(await res.text());
    // The language form of the page from memory works with this browser's cookie.
    const post = await fetch(`${app.url}/taal`, {
      method: "POST",
      redirect: "manual",
      headers: {
        cookie: cookie as string,
        "content-type": "application/x-www-form-urlencoded",
        origin: "null",
        "sec-fetch-site": "same-origin",
      },
      body: new URLSearchParams({ _csrf: token as string, locale: "en", returnTo: "/" }).toString(),
    });
    expect(post.status).toBe(303);
    const locale = cookieOf(post).find((c) => c.startsWith("herstel_lang="));
    expect(locale).toBeTruthy();

    const again = await fetch(`${app.url}/`, { headers: { cookie: cookie as string } });
    const etag = again.headers.get("etag");
    expect(etag).toMatch(/^W\/"/);
    expect(cookieOf(again).some((c) => c.startsWith("herstel_csrf="))).toBe(false);
    const revalidated = await fetch(`${app.url}/`, {
      headers: { cookie: cookie as string, "if-none-match": etag as string },
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("content-security-policy")).toBeNull();
    // Another browser's cookie does not match that ETag.
    const other = await fetch(`${app.url}/`, {
      headers: { cookie: "herstel_csrf=AAAAAAAAAAAAAAAAAAAAAAAA", "if-none-match": etag as string },
    });
    expect(other.status).toBe(200);

    // English is a page of its own.
    const english = await fetch(`${app.url}/`, { headers: { cookie: `${cookie}; ${locale}` } });
    expect(await english.text()).toContain('lang="en"');
  });

  it("leaves forms, staff pages and requests with a query to the app (no-store)", async () => {
    for (const path of ["/aanmelden", "/inloggen", "/?x=1"]) {
      await fetch(`${app.url}${path}`);
      const res = await fetch(`${app.url}${path}`);
      expect(res.headers.get("x-page-cache"), path).toBeNull();
      expect(res.headers.get("cache-control"), path).toBe("no-store");
    }
    const signedIn = await fetch(`${app.url}/`, { headers: { cookie: "herstel_sessie=abc" } });
    expect(signedIn.headers.get("x-page-cache")).toBeNull();
  });

  it("works in Chromium from memory and after a reload answered with 304: scripts run, nothing blocked", async () => {
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser);
      const page = await context.newPage();
      const blocked: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text());
      });
      // The server's log says what it answered (the browser shows a revalidated page as 200).
      const notModified = () => (app.logs().match(/"path":"\/","status":304/g) ?? []).length;
      await fetch(`${app.url}/`);
      // The page's one script (exit this page, with the nonce) shows the shortcut's hint when it runs.
      const scriptRan = () =>
        page.locator("[data-exit-this-page-shortcut]").first().waitFor({ state: "visible", timeout: 10_000 });
      await page.goto(`${app.url}/`);
      await scriptRan();
      const before = notModified();
      await page.reload();
      await scriptRan();
      await page
        .getByRole("link", { name: /aanmelden/i })
        .first()
        .click();
      await page.waitForURL(/\/aanmelden$/);
      await screenshot(page, "public-page-from-memory");
      expect(notModified()).toBeGreaterThan(before);
      expect(blocked).toEqual([]);
    } finally {
      await browser.close();
    }
  });
  it("sends a page from memory gzip-compressed without compressing it again, and plain to a client without gzip", async () => {
    await fetch(`${app.url}/wat-is-herstelbemiddeling`);
    const raw = (encoding: string) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get(`${app.url}/wat-is-herstelbemiddeling`, { headers: { "accept-encoding": encoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          })
          .on("error", reject);
      });
    const zipped = await raw("gzip");
    expect(zipped.headers["x-page-cache"]).toBe("hit");
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toContain("Accept-Encoding");
    const html = zlib.gunzipSync(zipped.body).toString("utf8");
    const nonce = /'nonce-([^']+)'/.exec(String(zipped.headers["content-security-policy"]))?.[1];
    expect(html).toContain(`nonce="${nonce}"`);
    expect(html).toMatch(/<\/html>\s*$/);
    expect(zipped.body.length).toBeLessThan(Buffer.byteLength(html) / 2);

    const plain = await raw("identity");
    expect(plain.headers["x-page-cache"]).toBe("hit");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString("utf8")).toMatch(/^<!DOCTYPE html>/i);
  });
});
