import { createHash, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { NextFunction, Request, Response } from "express";
import { sql } from "kysely";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { matchRoutes, type RouteObject, type ServerBuild } from "react-router";
import { withSystemTask } from "../app/db/acting.server.ts";
import type { DatabaseProvider } from "../app/lib/app-context.ts";
import type { Logger } from "../app/lib/logger.server.ts";

/**
 * Prometheus metrics (prom-client) for one app instance: request durations per route id (never
 * the address, which carries case numbers and tokens), status codes, the database pool, the
 * outbox, job runs and the event-loop delay. Served on METRICS_PORT and/or, with METRICS_TOKEN,
 * as /metrics on the public port; never to anyone else.
 */
export type Metrics = {
  registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  jobResult(job: string, result: string, seconds: number): void;
  shed(reason: string): void;
  setInFlight(inFlight: number, queued: number): void;
};

/** How long the outbox figures are kept between scrapes (one query, not one per scrape burst). */
const OUTBOX_CACHE_MS = 5000;

export function createMetrics(options: { database: DatabaseProvider; logger?: Logger }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const duration = new Histogram({
    name: "herstel_http_request_duration_seconds",
    help: "Time from receiving a request to finishing its answer, by route id, method and status code",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: "herstel_job_runs_total",
    help: "Checks of a background job by outcome (ran, failed, not-due, held-elsewhere, database-unavailable, ...)",
    labelNames: ["job", "result"] as const,
    registers: [registry],
  });
  const jobSeconds = new Histogram({
    name: "herstel_job_run_duration_seconds",
    help: "How long a check or run of a background job took",
    labelNames: ["job"] as const,
    buckets: [0.01, 0.1, 1, 10, 60, 600],
    registers: [registry],
  });
  const shed = new Counter({
    name: "herstel_http_shed_total",
    help: "Requests answered 503 at once because the instance was at its limit",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: "herstel_http_requests_in_flight",
    help: "Requests being handled now",
    registers: [registry],
  });
  const queued = new Gauge({
    name: "herstel_http_requests_queued",
    help: "Requests waiting for a free slot",
    registers: [registry],
  });
  new Gauge({
    name: "herstel_database_pool_connections",
    help: "PostgreSQL request pool: connections by state (max, total, idle) and requests waiting for one",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const stats = options.database.current()?.poolStats?.();
      this.reset();
      if (!stats) return;
      for (const [state, value] of Object.entries(stats)) this.set({ state }, value);
    },
  });

  let outbox: { at: number; rows: OutboxFigures } | undefined;
  const outboxFigures = async (): Promise<OutboxFigures | undefined> => {
    if (outbox && Date.now() - outbox.at < OUTBOX_CACHE_MS) return outbox.rows;
    const handle = options.database.current();
    if (!handle) return undefined;
    try {
      const rows = await readOutboxFigures(handle.db);
      outbox = { at: Date.now(), rows };
      return rows;
    } catch (error) {
      options.logger?.warn({ err: error }, "metrics could not read the outbox");
      return undefined;
    }
  };
  new Gauge({
    name: "herstel_outbox_messages",
    help: "E-mail in the outbox: waiting to be sent (pending), being retried after a failure (retrying), given up (failed)",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      const figures = await outboxFigures();
      this.reset();
      if (!figures) return;
      this.set({ status: "pending" }, figures.pending);
      this.set({ status: "retrying" }, figures.retrying);
      this.set({ status: "failed" }, figures.failed);
    },
  });
  new Gauge({
    name: "herstel_outbox_oldest_pending_age_seconds",
    help: "Age of the oldest message waiting to be sent (0 when none waits)",
    registers: [registry],
    async collect() {
      const figures = await outboxFigures();
      this.reset();
      if (figures) this.set(figures.oldestPendingSeconds);
    },
  });

  return {
    registry,
    observeRequest(method, route, status, seconds) {
      duration.observe({ method, route, status: String(status) }, seconds);
    },
    jobResult(job, result, seconds) {
      jobRuns.inc({ job, result });
      if (result === "ran" || result === "failed" || result === "lease-lost") jobSeconds.observe({ job }, seconds);
    },
    shed(reason) {
      shed.inc({ reason });
    },
    setInFlight(running, waiting) {
      inFlight.set(running);
      queued.set(waiting);
    },
  };
}

type OutboxFigures = { pending: number; retrying: number; failed: number; oldestPendingSeconds: number };

async function readOutboxFigures(db: Parameters<typeof withSystemTask>[0]): Promise<OutboxFigures> {
  // Row-level security: only the outbox's own task reads the messages (no content is read here).
  const row = await withSystemTask(db, "outbox", async (trx) => {
    const result = await sql<{
      pending: number | string;
      retrying: number | string;
      failed: number | string;
      oldest: number | string | null;
    }>`
      SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
             count(*) FILTER (WHERE status = 'pending' AND attempts > 0) AS retrying,
             count(*) FILTER (WHERE status = 'failed') AS failed,
             extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')) AS oldest
        FROM outbox_message WHERE status IN ('pending', 'failed')`.execute(trx);
    return result.rows[0];
  });
  return {
    pending: Number(row?.pending ?? 0),
    retrying: Number(row?.retrying ?? 0),
    failed: Number(row?.failed ?? 0),
    oldestPendingSeconds: row?.oldest == null ? 0 : Math.max(0, Number(row.oldest)),
  };
}

/**
 * The route id a request reached ("routes/case-page", "routes/registration-step"), found from the
 * path the way React Router matches it; data requests (`/x.data`) count as their page.
 * Paths outside the app are named by kind, so the label set stays small whatever is requested.
 */
export function createRouteLabeler(getBuild: () => ServerBuild | undefined): (path: string) => string {
  let tree: RouteObject[] | undefined;
  let treeOf: ServerBuild | undefined;
  // Matching compiles a pattern per route: remember the answers for the paths seen most recently.
  const seen = new Map<string, string>();
  return (rawPath) => {
    const known = seen.get(rawPath);
    if (known !== undefined) return known;
    const label = labelOf(rawPath);
    if (label === "other") return label; // no build yet (development): ask again next time
    if (seen.size >= 2000) seen.clear();
    seen.set(rawPath, label);
    return label;
  };
  function labelOf(rawPath: string): string {
    if (rawPath === "/healthz" || rawPath === "/readyz" || rawPath === "/metrics") return rawPath.slice(1);
    if (rawPath.startsWith("/assets/")) return "assets";
    const build = getBuild();
    if (!build) return "other";
    if (build !== treeOf) {
      tree = routeTree(build.routes as Record<string, ManifestRoute>, undefined);
      treeOf = build;
    }
    let path = rawPath;
    if (path.endsWith(".data")) path = path === "/_root.data" ? "/" : path.slice(0, -".data".length);
    const matches = matchRoutes(tree ?? [], path);
    const last = matches?.[matches.length - 1];
    return last?.route.id ?? (/\.[a-z0-9]{1,5}$/i.test(path) ? "static" : "not-found");
  }
}

type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean };

function routeTree(manifest: Record<string, ManifestRoute>, parentId: string | undefined): RouteObject[] {
  return Object.values(manifest)
    .filter((route) => route.parentId === parentId)
    .map((route) =>
      route.index
        ? { id: route.id, index: true as const, path: route.path }
        : {
            id: route.id,
            path: route.path,
            caseSensitive: route.caseSensitive,
            children: routeTree(manifest, route.id),
          },
    );
}

/** /metrics on the public port, only with `Authorization: Bearer <METRICS_TOKEN>`. */
export function metricsWithToken(metrics: Metrics, token: string) {
  const expected = createHash("sha256").update(token).digest();
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get("authorization") ?? "";
    const given = /^Bearer (.+)$/i.exec(header)?.[1] ?? "";
    const hash = createHash("sha256").update(given).digest();
    if (!given || !timingSafeEqual(hash, expected)) {
      res.status(401).set({ "Cache-Control": "no-store", "WWW-Authenticate": 'Bearer realm="metrics"' }).end();
      return;
    }
    try {
      res
        .set("Cache-Control", "no-store")
        .type(metrics.registry.contentType)
        .send(await metrics.registry.metrics());
    } catch (error) {
      next(error);
    }
  };
}

/** A plain HTTP server with only GET /metrics, for METRICS_PORT (keep it off the public network). */
export function startMetricsServer(metrics: Metrics, port: number, host: string, logger: Logger): http.Server {
  const server = http.createServer(async (req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found\n");
      return;
    }
    try {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" }).end(body);
    } catch (error) {
      logger.error({ err: error }, "metrics could not be collected");
      res.writeHead(500, { "Content-Type": "text/plain" }).end("Metrics could not be collected\n");
    }
  });
  server.listen(port, host);
  server.on("listening", () => logger.info({ port, host }, "metrics listening"));
  server.on("error", (error) => logger.error({ err: error, port }, "metrics server could not start"));
  return server;
}
