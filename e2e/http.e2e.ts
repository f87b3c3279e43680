import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

async function getPage(path = "/") {
  const res = await fetch(`${baseUrl}${path}`);
  const html = await res.text();
  const cookie = res.headers.get("set-cookie")?.split(";")[0] ?? "";
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  return { res, html, cookie, token };
}

function post(path: string, body: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(body).toString(),
  });
}

describe("HTTP baseline", () => {
  it("sends the security headers and a nonce-based CSP on pages", async () => {
    const { res, html } = await getPage("/");
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=/);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    // The home page may be kept by the browser if it asks again (server/public-page-cache.ts); the form never.
    expect(["no-store", "private, no-cache"]).toContain(res.headers.get("cache-control"));
    expect((await fetch(`${baseUrl}/aanmelden`)).headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // Every script (public pages have none, ADR 0022) and stylesheet carries this response's
    // nonce; no other script can run.
    const tags = [...html.matchAll(/<(script|link rel="stylesheet"|link [^>]*rel="stylesheet")([^>]*)>/g)].map(
      (m) => m[0],
    );
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
    const second = await fetch(`${baseUrl}/`);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
  });

  it("lets browsers cache fingerprinted assets, and nothing else", async () => {
    const { html } = await getPage("/");
    const asset = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const res = await fetch(`${baseUrl}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("immutable");
  });

  it("answers /healthz and /readyz", async () => {
    const health = await fetch(`${baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", database: "pglite" });
  });
});

describe("request size", () => {
  it("refuses a body over 1 MB with a clear page, before reading it", async () => {
    const res = await fetch(`${baseUrl}/aanmelden`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "a=".concat("x".repeat(1024 * 1024 + 1)),
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("Dit is te veel om in één keer te versturen");
  });
});

describe("CSRF protection", () => {
  it("accepts a same-origin form post with a valid token", async () => {
    const { cookie, token } = await getPage("/");
    const res = await post(
      "/taal",
      { _csrf: token, locale: "en", returnTo: "/" },
      { cookie, "sec-fetch-site": "same-origin", origin: "null" },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("set-cookie")).toContain("herstel_lang=en");
  });

  it("refuses a post without a token, with a clear page and no state change", async () => {
    const { cookie } = await getPage("/");
    const res = await post("/taal", { locale: "en", returnTo: "/" }, { cookie });
    expect(res.status).toBe(403);
    expect(res.headers.get("set-cookie") ?? "").not.toContain("herstel_lang");
    expect(await res.text()).toContain("Het formulier kon niet worden verstuurd");
  });

  it("refuses a token that belongs to another browser", async () => {
    const first = await getPage("/");
    const second = await getPage("/");
    const res = await post("/taal", { _csrf: first.token, locale: "en", returnTo: "/" }, { cookie: second.cookie });
    expect(res.status).toBe(403);
  });

  it("refuses a post from another site even with a valid token", async () => {
    const { cookie, token } = await getPage("/");
    const foreign = await post("/taal", { _csrf: token, locale: "en" }, { cookie, origin: "https://evil.example" });
    expect([400, 403]).toContain(foreign.status);
    expect(foreign.headers.get("set-cookie") ?? "").not.toContain("herstel_lang");
    const crossSite = await post(
      "/taal",
      { _csrf: token, locale: "en" },
      { cookie, origin: "null", "sec-fetch-site": "cross-site" },
    );
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("set-cookie") ?? "").not.toContain("herstel_lang");
  });

  it("changes nothing on GET", async () => {
    const res = await fetch(`${baseUrl}/taal?locale=en&returnTo=/`, { redirect: "manual" });
    expect(res.status).toBe(404);
    expect(res.headers.get("set-cookie") ?? "").not.toContain("herstel_lang");
  });

  it("never redirects to another site after switching language", async () => {
    const { cookie, token } = await getPage("/");
    for (const returnTo of ["//evil.example/", "https://evil.example/", "/\\evil.example"]) {
      const res = await post(
        "/taal",
        { _csrf: token, locale: "en", returnTo },
        { cookie, "sec-fetch-site": "same-origin" },
      );
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/");
    }
  });
});
