import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { CHROMIUM_PATH } from "./browser.ts";
import { startVnuService } from "./html-validator.ts";
import { PROJECT_ROOT, startServer } from "./server-process.ts";
import { startSharedDemoServer } from "./shared-demo.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** The Nu HTML Checker's web service, started once for all files (html-validator.ts). */
    vnuUrl: string;
  }
}

/**
 * One app server for the browser journeys, started from the fresh build on an empty data folder,
 * and one with the demo data for the journeys that share it (shared-demo.ts). Each lane of the
 * e2e projects (vitest.config.ts) runs this for itself.
 */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(PROJECT_ROOT, "build/server/index.js"))) {
    throw new Error("No build found: run the e2e tests with `npm run test:e2e`, which builds first.");
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  }
  const server = await startServer();
  // Java starts while the app gets ready; the checker then answers each file's pages in milliseconds.
  const vnu = startVnuService();
  vnu.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
  // The demo server seeds while the first files run; its journeys wait for it (shared-demo.ts).
  const named = process.argv.filter((arg) => arg.endsWith(".e2e.ts"));
  const { testFiles } = await project.globTestFiles(named.length > 0 ? named : undefined);
  const demo = await startSharedDemoServer(testFiles);
  const stopAll = async (signal?: NodeJS.Signals) => {
    await vnu.then(
      (service) => service.stop(),
      () => undefined,
    );
    for (const started of [server, demo?.server]) {
      if (!started) continue;
      await started.stop(signal);
      fs.rmSync(started.dataDir, { recursive: true, force: true });
    }
  };
  try {
    await server.waitReady();
  } catch (error) {
    // A server that did not get ready in time would otherwise keep running after the failed run.
    await stopAll("SIGKILL");
    throw error;
  }
  let vnuUrl: string;
  try {
    vnuUrl = (await vnu).url;
  } catch (error) {
    await stopAll("SIGKILL");
    throw error;
  }
  project.provide("baseUrl", server.url);
  project.provide("vnuUrl", vnuUrl);
  project.provide(
    "demoServer",
    demo && { url: demo.server.url, dataDir: demo.server.dataDir, outputFile: demo.outputFile },
  );
  return () => stopAll();
}
