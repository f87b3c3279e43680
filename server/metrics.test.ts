import type { ServerBuild } from "react-router";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../app/lib/config.server.ts";
import { createRouteLabeler } from "./metrics.ts";

const routes = {
  root: { id: "root", path: "" },
  "routes/home": { id: "routes/home", parentId: "root", index: true },
  "routes/staff-layout": { id: "routes/staff-layout", parentId: "root", path: "medewerkers" },
  "routes/staff-case": { id: "routes/staff-case", parentId: "routes/staff-layout", path: "zaken/:id" },
  "routes/content-page": { id: "routes/content-page", parentId: "root", path: ":slug" },
  "routes/not-found": { id: "routes/not-found", parentId: "root", path: "*" },
};
const build = { routes } as unknown as ServerBuild;

describe("route labels for metrics", () => {
  const label = createRouteLabeler(() => build);

  it("name the route id, never the address with its ids", () => {
    expect(label("/")).toBe("routes/home");
    expect(label("/medewerkers/zaken/48213")).toBe("routes/staff-case");
    expect(label("/medewerkers/zaken/48213.data")).toBe("routes/staff-case");
    expect(label("/_root.data")).toBe("routes/home");
    expect(label("/privacy")).toBe("routes/content-page");
    expect(label("/a/b/c/d")).toBe("routes/not-found");
  });

  it("name paths outside the app by kind", () => {
    expect(label("/healthz")).toBe("healthz");
    expect(label("/metrics")).toBe("metrics");
    expect(label("/assets/entry-abc123.js")).toBe("assets");
    expect(createRouteLabeler(() => undefined)("/medewerkers/zaken/1")).toBe("other");
  });
});

describe("metrics settings", () => {
  it("refuse a short token without showing it, and read the port", () => {
    expect(() => loadConfig({ METRICS_TOKEN: "short-secret" })).toThrow(/METRICS_TOKEN must be at least 32/);
    expect(() => loadConfig({ METRICS_TOKEN: "short-secret" })).not.toThrow(/short-secret/);
    const config = loadConfig({ METRICS_PORT: "9464", RATE_LIMIT_FACTOR: "50" });
    expect(config.metricsPort).toBe(9464);
    expect(config.metricsHost).toBe("127.0.0.1");
    expect(config.rateLimitFactor).toBe(50);
    expect(config.maxConcurrentRequests).toBe(32);
  });
});
