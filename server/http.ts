import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequestHandler } from "@react-router/express";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { RouterContextProvider, type ServerBuild } from "react-router";
import type { AppContextValue, AppServices } from "../app/lib/app-context.ts";
import { RETRY_AFTER_SECONDS } from "../app/lib/errors.ts";
import { runInRequestScope } from "../app/lib/request-scope.server.ts";
import { createLoadShedder } from "./load-shedding.ts";
import { loggedPath } from "./log-path.ts";
import { createRouteLabeler, type Metrics, metricsWithToken } from "./metrics.ts";
import { createPublicPageCache } from "./public-page-cache.ts";
import { hasStaffSession, requireHttps } from "./request-guards.ts";
import { securityHeaders } from "./security-headers.ts";
import { renderStaticErrorPage } from "./static-error-page.ts";

type AppContextKey = Parameters<RouterContextProvider["set"]>[0];

export type HttpAppOptions = {
  services: AppServices;
  /** The React Router server build, or a loader of it (development). */
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** Folder with the browser assets (build/client); absent in development. */
  clientDir?: string;
  /** Vite's dev middleware, in development only. */
  devMiddleware?: express.RequestHandler;
  /** Request durations per route and the shedding counts go here (server/metrics.ts). */
  metrics?: Metrics;
};

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,64}$/;
/**
 * Largest request body accepted: above any form (the longest text field, 20,000 characters, is at
 * most 180 kB percent-encoded). Uploads have their own limit, and only with a session (below).
 */
export const MAX_BODY_BYTES = 256 * 1024;
/** The pages that take uploaded files: the case page (a scanned letter, a video message), the import (a CSV file). */
const UPLOAD_PATH = /^\/medewerkers\/(zaken\/\d{1,15}|beheer\/import)$/;

export function createHttpApp({ services, build, clientDir, devMiddleware, metrics }: HttpAppOptions) {
  const { config, logger } = services;
  let resolvedBuild = typeof build === "function" ? undefined : build;
  const routeOf = createRouteLabeler(() => resolvedBuild);
  const dev = devMiddleware !== undefined;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);

  // Request id, security headers and one access-log line per request (path only: no query).
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get("x-request-id");
    const requestId = incoming && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    const nonce = randomBytes(16).toString("base64");
    res.locals.requestId = requestId;
    res.locals.nonce = nonce;
    res.set("X-Request-Id", requestId);
    res.set(securityHeaders(nonce, { dev, https: config.secureCookies }));
    const started = process.hrtime.bigint();
    retryAfterOn503(res);
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics?.observeRequest(req.method, routeOf(req.path), res.statusCode, seconds);
      logger.info(
        {
          requestId,
          method: req.method,
          // Never the path as sent: set-up and reset links carry their token in it.
          path: loggedPath(req.path),
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        },
        "request",
      );
    });
    // Log lines far from the request (database faults, a crash) can still name it.
    runInRequestScope(requestId, next);
  });

  app.get("/healthz", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    res.set("Cache-Control", "no-store");
    const handle = services.database.current();
    if (!handle) {
      res.status(503).json({ status: "unavailable", database: "not connected" });
      return;
    }
    try {
      await handle.ping(2000);
      res.json({ status: "ready", database: handle.kind });
    } catch {
      res.status(503).json({ status: "unavailable", database: "not reachable" });
    }
  });

  app.use(requireHttps(config));
  // /metrics on the public port only with the bearer token; otherwise it is an unknown page (404).
  if (metrics && config.metricsToken) app.get("/metrics", metricsWithToken(metrics, config.metricsToken));
  app.use(compression());
  // Source maps hold every route's server code: never served, even if a build made them.
  app.get(/\.map$/, (_req, res) => {
    res.status(404).set("Cache-Control", "no-store").end();
  });
  if (devMiddleware) {
    app.use(devMiddleware);
  } else if (clientDir) {
    // Fingerprinted files never change: cache them for a year.
    app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y", index: false }));
    // The other files of the build (favicon, robots.txt…) are known at start; asking the file
    // system on every page request would cost a system call each.
    const clientFiles = listFiles(clientDir);
    const serveClientFile = express.static(clientDir, { maxAge: "1h", index: false });
    app.use((req, res, next) => (clientFiles.has(req.path) ? serveClientFile(req, res, next) : next()));
  }

  // Under more load than it can serve, the instance answers 503 at once instead of timing out.
  app.use(
    createLoadShedder({
      maxConcurrent: config.maxConcurrentRequests,
      queueMs: config.requestQueueMs,
      maxQueued: config.maxQueuedRequests,
      onChange: (running, waiting) => metrics?.setInFlight(running, waiting),
      shed(req, res, reason) {
        metrics?.shed(reason);
        res
          .status(503)
          .set({ "Cache-Control": "no-store", "Retry-After": String(RETRY_AFTER_SECONDS) })
          .type("html")
          .send(renderStaticErrorPage(res.locals.requestId, res.locals.nonce, "busy", req.path));
      },
    }),
  );

  // Form posts are read whole into memory, so their size is bounded before anything reads them.
  app.use(async (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const length = req.get("content-length");
    if (length === undefined && req.get("transfer-encoding")) {
      res
        .status(411)
        .set("Cache-Control", "no-store")
        .type("html")
        .send(renderStaticErrorPage(res.locals.requestId, res.locals.nonce, "length"));
      return;
    }
    const upload = UPLOAD_PATH.test(req.path) && req.is("multipart/form-data") === "multipart/form-data";
    // An upload may carry one file of at most UPLOAD_MAX_MB plus the form's other fields, and
    // only from a signed-in staff member: nobody else makes the server read megabytes.
    const limit =
      upload && (await hasStaffSession(services, req)) ? config.uploadMaxBytes + MAX_BODY_BYTES : MAX_BODY_BYTES;
    if (Number(length) > limit) {
      res
        .status(413)
        .set({ "Cache-Control": "no-store", Connection: "close" })
        .type("html")
        .send(renderStaticErrorPage(res.locals.requestId, res.locals.nonce, "too-large"));
      return;
    }
    next();
  });

  // Pages: never stored by browsers or proxies (they may show personal data once signed in).
  app.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });
  // Except the public information pages, the same for everyone: rendered once, then from memory.
  if (!dev) {
    app.use(createPublicPageCache({ config, routeOf, routes: ["routes/home", "routes/content-page"] }));
  }

  app.all(
    "/{*splat}",
    createRequestHandler({
      build,
      mode: dev ? "development" : "production",
      async getLoadContext(req, res) {
        const resolved = typeof build === "function" ? await build() : build;
        resolvedBuild = resolved;
        const key = (resolved.entry.module as { appContext?: AppContextKey }).appContext;
        if (!key) throw new Error("entry.server must export appContext");
        const value: AppContextValue = {
          services,
          request: {
            requestId: res.locals.requestId as string,
            nonce: res.locals.nonce as string,
            clientAddress: req.ip ?? "unknown",
            logger: logger.child({ requestId: res.locals.requestId }),
          },
        };
        const context = new RouterContextProvider();
        context.set(key, value);
        return context;
      },
    }),
  );

  // Last resort for errors outside React Router: a plain page, never a stack trace.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // Express marks what the client got wrong (a path that is not valid percent-encoding: 400).
    const status = (error as { status?: unknown }).status;
    const clientError = typeof status === "number" && status >= 400 && status < 500;
    if (clientError) logger.warn({ requestId: res.locals.requestId, status }, "bad request");
    else logger.error({ requestId: res.locals.requestId, err: error }, "unhandled error");
    if (res.headersSent) {
      res.end();
      return;
    }
    res
      .status(clientError ? status : 500)
      .set("Cache-Control", "no-store")
      .type("html")
      .send(renderStaticErrorPage(res.locals.requestId, res.locals.nonce, clientError ? "bad-request" : "server"));
  });

  return app;
}

/**
 * Every 503 (the database is away, or too slow) tells clients and proxies when to try again,
 * whichever part of the app produced it: React Router pages, data requests, /readyz.
 */
function retryAfterOn503(res: Response): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
    const status = typeof args[0] === "number" ? args[0] : this.statusCode;
    if (status === 503 && !this.hasHeader("retry-after")) this.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
    return writeHead.apply(this, args);
  } as Response["writeHead"];
}

/** Every file under dir (not under assets/, which is served on its own), as URL paths. */
function listFiles(dir: string): Set<string> {
  const files = new Set<string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const relative = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
    if (!relative.startsWith("assets/")) files.add(`/${relative}`);
  }
  return files;
}
