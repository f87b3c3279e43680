import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { startMetricsServer } from "../server/metrics.ts";
import { startLoad } from "./support/http-load.ts";
import { type InProcessApp, startInProcessApp } from "./support/in-process-app.ts";

/**
 * Metrics (only on their own port or with the bearer token, labelled by route id) and load
 * shedding (503 with Retry-After and the calm page; drafts carry on) on the built app.
 */
const TOKEN = "metrics-token-for-the-e2e-test-0123456789abcdef";
const apps: InProcessApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

describe("/metrics", () => {
  it("is not served on the public port without the token, and is with it, by route id", async () => {
    const app = await startInProcessApp({ metrics: true, env: { METRICS_TOKEN: TOKEN } });
    apps.push(app);
    // Some traffic: a page, a form step with a draft id in the address, an unknown case page.
    expect((await fetch(`${app.url}/`)).status).toBe(200);
    await fetch(`${app.url}/aanmelden/stap/wie`);
    await fetch(`${app.url}/medewerkers/zaken/12345`, { redirect: "manual" });

    const anonymous = await fetch(`${app.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain("herstel_http");
    const wrong = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);

    const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/herstel_http_request_duration_seconds_bucket\{[^}]*route="routes\/home"[^}]*status="200"/);
    expect(text).toContain('route="routes/registration-step"');
    expect(text).toContain('route="routes/staff-case-overview"');
    // Route ids, never the addresses with their ids in them.
    expect(text).not.toContain("12345");
    expect(text).not.toContain("/aanmelden/stap");
    expect(text).toMatch(/herstel_outbox_messages\{status="pending"\} \d+/);
    expect(text).toMatch(/herstel_outbox_oldest_pending_age_seconds \d+/);
    expect(text).toContain("nodejs_eventloop_lag_p99_seconds");
    expect(text).toContain("herstel_http_requests_in_flight");
  });
});

/** An instance without a metrics token, and tiny: two requests at once and a short line. */
async function smallInstance(): Promise<InProcessApp> {
  const app = await startInProcessApp({
    metrics: true,
    env: {
      TRUST_PROXY: "1",
      MAX_CONCURRENT_REQUESTS: "2",
      MAX_QUEUED_REQUESTS: "2",
      REQUEST_QUEUE_MS: "50",
      RATE_LIMIT_FACTOR: "100",
    },
  });
  apps.push(app);
  return app;
}

describe("an instance without a metrics token", () => {
  let app: InProcessApp | undefined;
  it("does not know /metrics on the public port; METRICS_PORT serves it", async () => {
    app ??= await smallInstance();
    await fetch(`${app.url}/`);
    const res = await fetch(`${app.url}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("herstel_http");
    const metrics = app.metrics;
    if (!metrics) throw new Error("the app was started with metrics");
    metrics.jobResult("housekeeping", "ran", 0.2);
    const server = startMetricsServer(metrics, 0, "127.0.0.1", { info() {}, error() {} } as never);
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    try {
      const port = (server.address() as AddressInfo).port;
      const own = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(own.status).toBe(200);
      const text = await own.text();
      expect(text).toContain('route="routes/home"');
      expect(text).toContain('herstel_job_runs_total{job="housekeeping",result="ran"} 1');
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it("sheds requests with 503, Retry-After and the calm page; every draft carries on and is stored once", async () => {
    app ??= await smallInstance();
    // Twelve people at once overload two slots and a line of two.
    const load = startLoad({ baseUrl: app.url, registrants: 12 });
    await new Promise((r) => setTimeout(r, 6000));
    const { answers, acknowledged, problems } = await load.stop();
    expect(problems).toEqual([]);

    const statuses = new Set(answers.map((a) => a.status));
    expect([...statuses].filter((s) => ![200, 303, 503].includes(s))).toEqual([]);
    const shed = answers.filter((a) => a.status === 503);
    expect(shed.length).toBeGreaterThan(0);
    for (const a of shed) {
      expect(a.retryAfter).toBe("30");
      expect(a.body).toContain("Het is nu erg druk");
      expect(a.body).toContain("Wat u al had opgeslagen, blijft bewaard");
      expect(a.body).toContain(`href="${a.path}"`);
    }

    // Registrations interrupted halfway finished with their earlier answers, each stored once.
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.filter((a) => a.unavailableMidway > 0).length).toBeGreaterThan(0);
    const stored = await app.asOwner<{ key: string; reference: string }>(
      "SELECT idempotency_key::text AS key, reference FROM registration",
    );
    for (const ack of acknowledged) {
      const rows = stored.filter((r) => r.key === ack.draftId);
      expect(rows, ack.draftId).toHaveLength(1);
      if (ack.reference) expect(rows[0]?.reference).toBe(ack.reference);
    }
    const text = await app.metrics?.registry.metrics();
    expect(text).toMatch(/herstel_http_shed_total\{reason="(queue-full|queue-timeout)"\} [1-9]/);
  });
});
