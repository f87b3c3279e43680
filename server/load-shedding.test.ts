import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { createLoadShedder } from "./load-shedding.ts";

/** An express app whose only page waits until the test opens the gate. */
async function gatedApp(options: { maxConcurrent: number; queueMs: number; maxQueued: number }) {
  const gates: Array<() => void> = [];
  const shedReasons: string[] = [];
  const shedder = createLoadShedder({
    ...options,
    shed(_req, res, reason) {
      shedReasons.push(reason);
      res.status(503).set("Retry-After", "30").send("busy");
    },
  });
  const app = express();
  app.use(shedder);
  app.get("/slow", async (_req, res) => {
    await new Promise<void>((resolve) => gates.push(resolve));
    res.send("done");
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
  return {
    url,
    shedder,
    shedReasons,
    gates,
    async waitFor(condition: () => boolean) {
      while (!condition()) await new Promise((r) => setTimeout(r, 5));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("load shedding", () => {
  it("answers 503 with Retry-After at once when every slot and the whole queue are taken", async () => {
    const app = await gatedApp({ maxConcurrent: 2, queueMs: 60_000, maxQueued: 1 });
    close = app.close;
    const running = [fetch(app.url), fetch(app.url)];
    await app.waitFor(() => app.shedder.stats().running === 2);
    const queued = fetch(app.url);
    await app.waitFor(() => app.shedder.stats().waiting === 1);
    const refused = await fetch(app.url);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(app.shedReasons).toEqual(["queue-full"]);
    // The queued request gets the first free slot and is served in full.
    app.gates.shift()?.();
    await app.waitFor(() => app.gates.length === 2);
    for (const open of app.gates.splice(0)) open();
    const answers = await Promise.all([...running, queued]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(app.shedder.stats()).toEqual({ running: 0, waiting: 0 });
  });

  it("sheds a queued request that waited longer than the queue time, and frees its place", async () => {
    const app = await gatedApp({ maxConcurrent: 1, queueMs: 50, maxQueued: 10 });
    close = app.close;
    const first = fetch(app.url);
    await app.waitFor(() => app.shedder.stats().running === 1);
    const waited = await fetch(app.url);
    expect(waited.status).toBe(503);
    expect(app.shedReasons).toEqual(["queue-timeout"]);
    expect(app.shedder.stats().waiting).toBe(0);
    app.gates.shift()?.();
    expect((await first).status).toBe(200);
    await app.waitFor(() => app.shedder.stats().running === 0);
  });

  it("gives a slot back when the client goes away before the answer", async () => {
    const app = await gatedApp({ maxConcurrent: 1, queueMs: 0, maxQueued: 0 });
    close = app.close;
    const controller = new AbortController();
    const gone = fetch(app.url, { signal: controller.signal }).catch(() => undefined);
    await app.waitFor(() => app.shedder.stats().running === 1);
    controller.abort();
    await gone;
    await app.waitFor(() => app.shedder.stats().running === 0);
    const next = fetch(app.url);
    await app.waitFor(() => app.gates.length === 2);
    for (const open of app.gates.splice(0)) open();
    expect((await next).status).toBe(200);
  });
});
