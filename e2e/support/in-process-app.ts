import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { createRequestHandler, RouterContextProvider, type ServerBuild } from "react-router";
import { APP_ROLE } from "../../app/db/acting.server.ts";
import { type DatabaseHandle, openPglite, switchPgliteRole } from "../../app/db/database.server.ts";
import { migrate } from "../../app/db/migrate.server.ts";
import { DatabaseProvider } from "../../app/lib/app-context.ts";
import { loadConfig } from "../../app/lib/config.server.ts";
import { createLogger } from "../../app/lib/logger.server.ts";
import { fixedKeysEnv } from "../../app/testing/test-keys.ts";
import { createHttpApp } from "../../server/http.ts";
import { loadKeysFor } from "../../server/load-keys.ts";
import { createMetrics, type Metrics } from "../../server/metrics.ts";
import { PROJECT_ROOT } from "./server-process.ts";

/**
 * The built app served from this test process (no child process, no browser): the same express
 * app, React Router build and embedded database as `npm start`, on a loopback port. Fast enough
 * for thousands of requests; the log lines are kept in memory for the test to read.
 */
export type InProcessApp = {
  url: string;
  handle: DatabaseHandle;
  logs(): string;
  /**
   * Hands a request straight to the React Router build, without HTTP and the express layer (for
   * fuzzing thousands of requests quickly; the express layer has tests of its own).
   */
  dispatch(request: Request, clientAddress: string): Promise<Response>;
  /** Runs SQL as the database owner (the test's view; the app itself works as herstel_app). */
  asOwner<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The app's metrics, when started with `metrics: true`. */
  metrics?: Metrics;
  close(): Promise<void>;
};

export async function startInProcessApp(
  options: { env?: Record<string, string>; seed?: (handle: DatabaseHandle) => Promise<void>; metrics?: boolean } = {},
): Promise<InProcessApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-inproc-"));
  // Fixed keys, installed in this process as the app installs its own (content is sealed at rest).
  const { config } = loadKeysFor(
    loadConfig({ ...fixedKeysEnv("in-process"), DATA_DIR: dataDir, DEMO_DATA: "off", ...options.env }),
  );
  let out = "";
  const sink = new Writable({
    write(chunk, _encoding, done) {
      out += chunk.toString();
      done();
    },
  });
  const logger = createLogger("info", sink);
  const handle = await openPglite(dataDir);
  await migrate(handle);
  await options.seed?.(handle);
  await switchPgliteRole(handle, APP_ROLE);
  const database = new DatabaseProvider();
  database.setReady(handle);
  const build = (await import(path.join(PROJECT_ROOT, "build/server/index.js"))) as ServerBuild;
  const services = { config, logger, database, demo: { database: false, mode: false } };
  const metrics = options.metrics ? createMetrics({ database, logger }) : undefined;
  const app = createHttpApp({
    services,
    build,
    clientDir: path.join(PROJECT_ROOT, "build/client"),
    metrics,
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  const handler = createRequestHandler(build, "production");
  const key = (build.entry.module as { appContext?: Parameters<RouterContextProvider["set"]>[0] }).appContext;
  if (!key) throw new Error("entry.server must export appContext");
  return {
    url: `http://127.0.0.1:${port}`,
    handle,
    metrics,
    logs: () => out,
    dispatch(request, clientAddress) {
      const requestId = randomUUID();
      const context = new RouterContextProvider();
      context.set(key, {
        services,
        request: {
          requestId,
          nonce: randomBytes(16).toString("base64"),
          clientAddress,
          logger: logger.child({ requestId }),
        },
      });
      return handler(request, context);
    },
    // PGlite is one session whose login is the superuser: SET LOCAL ROLE gives the owner back for
    // one transaction (ADR 0014 says why this is possible on PGlite and not on PostgreSQL).
    asOwner: <T>(sql: string, params: unknown[] = []) =>
      handle.withRawSession(async (s) => {
        await s.exec("BEGIN; SET LOCAL ROLE postgres;");
        try {
          const rows = await s.query<T>(sql, params);
          await s.exec("COMMIT");
          return rows;
        } catch (error) {
          await s.exec("ROLLBACK");
          throw error;
        }
      }),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A browser-like visitor: keeps cookies, reads the CSRF token from pages, posts forms. */
export class Visitor {
  readonly cookies = new Map<string, string>();
  token = "";
  readonly baseUrl: string;
  /** How requests travel: fetch over loopback, or straight to the app (InProcessApp.dispatch). */
  readonly send: (request: Request) => Promise<Response>;
  constructor(baseUrl: string, send: (request: Request) => Promise<Response> = (request) => fetch(request)) {
    this.baseUrl = baseUrl;
    this.send = send;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair?.indexOf("=") ?? -1;
      if (!pair || index < 0) continue;
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/Max-Age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(pathAndQuery: string): Promise<{ status: number; html: string; location: string | null }> {
    const response = await this.send(
      new Request(`${this.baseUrl}${pathAndQuery}`, { redirect: "manual", headers: { cookie: this.cookieHeader() } }),
    );
    this.keep(response);
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.token = token;
    return { status: response.status, html, location: response.headers.get("location") };
  }

  async post(
    pathAndQuery: string,
    body: URLSearchParams | FormData | string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; html: string; location: string | null }> {
    const response = await this.send(
      new Request(`${this.baseUrl}${pathAndQuery}`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: this.cookieHeader(), origin: this.baseUrl, ...headers },
        body,
      }),
    );
    this.keep(response);
    return { status: response.status, html: await response.text(), location: response.headers.get("location") };
  }
}
