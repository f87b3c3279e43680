import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import type { DemoServer } from "./case-journey.ts";
import { PROJECT_ROOT, type ServerProcess, startServer } from "./server-process.ts";

declare module "vitest" {
  export interface ProvidedContext {
    demoServer: { url: string; dataDir: string; outputFile: string } | null;
  }
}

/**
 * One server with the demo data for all the journeys that only read it or add their own cases
 * to it (global-setup.ts starts it next to the empty one): seeding the demo takes most of a
 * minute, which each of those files would otherwise spend on its own. Files that need another
 * set-up (an SMTP catcher, a restart, a fault) start their own server.
 */
export async function sharedDemoServer(): Promise<DemoServer> {
  const shared = inject("demoServer");
  if (!shared) throw new Error("The shared demo server was not started (see e2e/support/global-setup.ts).");
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      if ((await fetch(`${shared.url}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The shared demo server is not ready:\n${output(shared.outputFile)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url: shared.url, dataDir: shared.dataDir, output: () => output(shared.outputFile) };
}

function output(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

/**
 * Starts the shared demo server, unless none of the files this lane runs uses it (a run of one
 * other file, or the lane without those journeys, then does not pay for the seeding).
 */
export async function startSharedDemoServer(
  files: string[],
): Promise<{ server: ServerProcess; outputFile: string } | null> {
  const needed = files.some((file) => {
    const full = path.resolve(PROJECT_ROOT, file);
    return fs.existsSync(full) && fs.readFileSync(full, "utf8").includes("sharedDemoServer(");
  });
  if (!needed) return null;
  const server = await startServer({ env: { DEMO_DATA: "on" } });
  const outputFile = path.join(server.dataDir, "e2e-server-output.log");
  fs.writeFileSync(outputFile, "");
  const append = (chunk: Buffer) => fs.appendFileSync(outputFile, chunk);
  server.proc.stdout?.on("data", append);
  server.proc.stderr?.on("data", append);
  return { server, outputFile };
}
