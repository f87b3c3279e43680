import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { CHROMIUM_PATH } from "./browser.ts";
import { PROJECT_ROOT, startServer } from "./server-process.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** One app server for the browser journeys, started from the fresh build on an empty data folder. */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(PROJECT_ROOT, "build/server/index.js"))) {
    throw new Error("No build found: run the e2e tests with `npm run test:e2e`, which builds first.");
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  }
  const server = await startServer();
  // Start-up can take more than 30 s on a machine shared with other test runs.
  await server.waitReady(90_000);
  project.provide("baseUrl", server.url);
  return async () => {
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  };
}
