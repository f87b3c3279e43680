import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ServerBuild } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../app/features/auth/password.server.ts";
import { createSession } from "../app/features/auth/session.server.ts";
import { openMail } from "../app/features/outbox/outbox.queries.server.ts";
import { DatabaseProvider } from "../app/lib/app-context.ts";
import { loadConfig } from "../app/lib/config.server.ts";
import { createLogger } from "../app/lib/logger.server.ts";
import { fixedKeysEnv } from "../app/testing/test-keys.ts";
import { createHttpApp } from "../server/http.ts";
import { loadKeysFor } from "../server/load-keys.ts";
import { type InProcessApp, startInProcessApp, Visitor } from "./support/in-process-app.ts";
import { PROJECT_ROOT } from "./support/server-process.ts";

/**
 * Issue 13 at the HTTP level, against the built app served in this process: what reaches the
 * access log, source maps, bad input that gave 500, upload bodies, https and TRUST_PROXY.
 */
let app: InProcessApp;
let staffCookie = "";

beforeAll(async () => {
  app = await startInProcessApp({
    env: { TRUST_PROXY: "1" },
    async seed(handle) {
      const now = new Date();
      const user = await handle.db
        .insertInto("staff_user")
        .values({
          email: "reset@test.example",
          display_name: "Reset",
          status: "active",
          password_hash: await hashPassword("een oud wachtwoord van lang geleden"),
          totp_confirmed_at: now,
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await handle.db.insertInto("staff_role").values({ user_id: user.id, role: "mediator" }).execute();
      // Another account for the upload test: the reset above ends every session of its account.
      const other = await handle.db
        .insertInto("staff_user")
        .values({
          email: "upload@test.example",
          display_name: "Upload",
          status: "active",
          totp_confirmed_at: now,
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await handle.db.insertInto("staff_role").values({ user_id: other.id, role: "mediator" }).execute();
      const token = await createSession(handle.db, { userId: other.id, now, userAgent: "t", secondFactor: true });
      staffCookie = `herstel_sessie=${token}`;
    },
  });
});
afterAll(async () => {
  await app?.close();
});

describe("the access log", () => {
  it("never holds a password-reset token, not even while the link is used", async () => {
    const visitor = new Visitor(app.url);
    await visitor.get("/wachtwoord-vergeten");
    const asked = await visitor.post(
      "/wachtwoord-vergeten",
      new URLSearchParams({ _csrf: visitor.token, email: "reset@test.example" }),
    );
    expect(asked.status).toBe(200);
    const [sealed] = await app.asOwner<{
      id: number;
      data_key: Uint8Array;
      recipient: Uint8Array;
      body_text: Uint8Array;
    }>(
      "SELECT id, data_key, recipient, body_text FROM outbox_message WHERE kind = 'account.reset' ORDER BY id DESC LIMIT 1",
    );
    if (!sealed) throw new Error("no reset e-mail in the outbox");
    const mail = openMail(sealed.id, sealed.data_key, sealed);
    const token = /wachtwoord-herstellen\/([A-Za-z0-9_-]{20,})/.exec(mail.body_text)?.[1] ?? "";
    expect(token.length).toBeGreaterThan(20);
    const page = await visitor.get(`/wachtwoord-herstellen/${token}`);
    expect(page.status).toBe(200);
    const used = await visitor.post(
      `/wachtwoord-herstellen/${token}`,
      new URLSearchParams({ _csrf: visitor.token, password: "een nieuw wachtwoord voor de fiets" }),
    );
    expect(used.status).toBe(303);
    const logs = app.logs();
    expect(logs).toContain('"path":"/wachtwoord-herstellen/:value"');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(token.slice(0, 16));
  });
});

describe("source maps", () => {
  it("are not made by the build, and a .map file is never served", async () => {
    const assets = path.join(PROJECT_ROOT, "build/client/assets");
    expect(fs.readdirSync(assets).filter((f) => f.endsWith(".map"))).toEqual([]);
    const planted = path.join(assets, "planted-for-test.js.map");
    fs.writeFileSync(planted, '{"version":3,"sourcesContent":["secret route source"]}');
    try {
      const response = await fetch(`${app.url}/assets/planted-for-test.js.map`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("secret route source");
    } finally {
      fs.rmSync(planted, { force: true });
    }
  });
});

describe("bad input that used to give 500", () => {
  it("answers an undecodable path, a non-form body and a control character in returnTo without a 5xx", async () => {
    const visitor = new Visitor(app.url);
    expect((await visitor.get("/aanmelden/stap/%ff")).status).toBe(400);
    await visitor.get("/aanmelden");
    const json = await visitor.post("/taal", JSON.stringify({ locale: "en" }), {
      "content-type": "application/json",
      "x-csrf-token": visitor.token,
    });
    expect(json.status).toBe(400);
    const control = await visitor.post(
      "/taal",
      new URLSearchParams({ _csrf: visitor.token, locale: "en", returnTo: "/a\u0001b" }),
    );
    expect(control.status).toBe(303);
    expect(control.location).toBe("/");
    expect(app.logs()).not.toContain('"status":500');
  });
});

describe("upload bodies", () => {
  function bigMultipart(): { body: Blob; type: string } {
    const boundary = "----herstel-test-boundary";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="scan"; filename="x.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const filler = new Uint8Array(2 * 1024 * 1024).fill(0x41);
    const body = new Blob([head, filler, tail]);
    return { body, type: `multipart/form-data; boundary=${boundary}` };
  }

  it("are read only from a signed-in staff member; anyone else is refused before the body is read", async () => {
    const { body, type } = bigMultipart();
    const anonymous = await fetch(`${app.url}/medewerkers/zaken/1`, {
      method: "POST",
      headers: { "content-type": type, origin: app.url },
      body,
    });
    expect(anonymous.status).toBe(413);
    const staff = await fetch(`${app.url}/medewerkers/zaken/1`, {
      method: "POST",
      headers: { "content-type": type, origin: app.url, cookie: staffCookie },
      body,
    });
    // Past the size check (then the CSRF check refuses it: no token was sent).
    expect(staff.status).toBe(403);
  });

  it("limits every other body to 256 kB", async () => {
    const visitor = new Visitor(app.url);
    await visitor.get("/aanmelden");
    const big = await visitor.post(
      "/taal",
      new URLSearchParams({ _csrf: visitor.token, locale: "en", returnTo: "/", filler: "x".repeat(300 * 1024) }),
    );
    expect(big.status).toBe(413);
  });
});

describe("TRUST_PROXY as a hop count", () => {
  it("takes the client address the proxy added, not one the client forged in X-Forwarded-For", async () => {
    const visitor = new Visitor(app.url);
    await visitor.get("/inloggen");
    await visitor.post(
      "/inloggen",
      new URLSearchParams({ _csrf: visitor.token, email: "reset@test.example", password: "fout" }),
      { "x-forwarded-for": "198.51.100.66, 203.0.113.9" },
    );
    const [last] = await app.asOwner<{ origin: string }>(
      "SELECT origin FROM audit_log WHERE action = 'auth.password' ORDER BY id DESC LIMIT 1",
    );
    expect(last?.origin).toBe("203.0.113.9");
  });
});

describe("https in production", () => {
  async function productionApp(env: Record<string, string>) {
    const build = (await import(path.join(PROJECT_ROOT, "build/server/index.js"))) as ServerBuild;
    const { config } = loadKeysFor(
      loadConfig({
        NODE_ENV: "production",
        ...fixedKeysEnv("in-process"),
        DATA_DIR: os.tmpdir(),
        PUBLIC_URL: "https://herstel.example.org",
        ...env,
      }),
    );
    const http = createHttpApp({
      services: {
        config,
        logger: createLogger("silent"),
        database: new DatabaseProvider(),
        demo: { database: false, mode: false },
      },
      build,
      clientDir: path.join(PROJECT_ROOT, "build/client"),
    });
    const server = http.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it("sends plain-HTTP page requests to the https address and refuses plain-HTTP posts", async () => {
    const prod = await productionApp({});
    try {
      const page = await fetch(`${prod.url}/medewerkers?x=1`, { redirect: "manual" });
      expect(page.status).toBe(308);
      expect(page.headers.get("location")).toBe("https://herstel.example.org/medewerkers?x=1");
      const form = await fetch(`${prod.url}/inloggen`, { method: "POST", redirect: "manual", body: "a=1" });
      expect(form.status).toBe(403);
      expect((await fetch(`${prod.url}/healthz`)).status).toBe(200);
      // Forged X-Forwarded-Proto is ignored without TRUST_PROXY.
      const forged = await fetch(`${prod.url}/`, { redirect: "manual", headers: { "x-forwarded-proto": "https" } });
      expect(forged.status).toBe(308);
    } finally {
      await prod.close();
    }
  });

  it("accepts https from a trusted proxy, and plain HTTP only with the explicit opt-out", async () => {
    const proxied = await productionApp({ TRUST_PROXY: "127.0.0.1" });
    try {
      const page = await fetch(`${proxied.url}/`, { redirect: "manual", headers: { "x-forwarded-proto": "https" } });
      expect(page.status).not.toBe(308);
    } finally {
      await proxied.close();
    }
    const optedOut = await productionApp({ ALLOW_PLAIN_HTTP: "local-tls-proxy" });
    try {
      expect((await fetch(`${optedOut.url}/`, { redirect: "manual" })).status).not.toBe(308);
    } finally {
      await optedOut.close();
    }
  });
});
