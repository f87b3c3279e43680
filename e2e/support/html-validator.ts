import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { freePort } from "./server-process.ts";

/** The Nu HTML Checker (vnu), from the `vnu-jar` package; it needs Java 11 or newer. */
export const VNU_JAR = path.join(
  path.dirname(createRequire(import.meta.url).resolve("vnu-jar/package.json")),
  "build/dist/vnu.jar",
);
export const JAVA = process.env.JAVA || "java";

export type CheckedPage = { name: string; html: string };

type VnuMessage = {
  type: string;
  subType?: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
};

/**
 * Checks every page with the Nu HTML Checker and returns each error as "page (line N): message".
 * An empty list means every page is valid HTML. With `serviceUrl` (a checker started by
 * startVnuService, as the e2e suite does once for all its files) each page is posted to it;
 * without, one run of the command-line checker checks them all (Java takes seconds to start, so
 * the pages are written to a temporary folder and checked together).
 */
export async function htmlErrors(pages: CheckedPage[], options: { serviceUrl?: string } = {}): Promise<string[]> {
  if (pages.length === 0) return [];
  if (options.serviceUrl) return htmlErrorsFromService(pages, options.serviceUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-vnu-"));
  try {
    const names = new Map<string, string>();
    const files = pages.map((page, i) => {
      const file = path.join(dir, `page-${i}.html`);
      fs.writeFileSync(file, page.html);
      names.set(path.basename(file), page.name);
      return file;
    });
    const output = await runVnu(["--errors-only", "--exit-zero-always", "--format", "json", ...files]);
    const messages = (JSON.parse(output) as { messages: VnuMessage[] }).messages;
    return errorsOf(messages, (m) => (m.url && names.get(m.url.slice(m.url.lastIndexOf("/") + 1))) ?? m.url ?? "?");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function errorsOf(messages: VnuMessage[], pageOf: (m: VnuMessage) => string): string[] {
  return messages
    .filter((m) => m.type === "error" || m.type === "non-document-error" || m.subType === "fatal")
    .map((m) => {
      const where = m.lastLine ? ` (line ${m.lastLine})` : "";
      const extract = m.extract ? `: ${m.extract.replace(/\s+/g, " ").trim().slice(0, 120)}` : "";
      return `${pageOf(m)}${where}: ${m.message}${extract}`;
    });
}

async function htmlErrorsFromService(pages: CheckedPage[], serviceUrl: string): Promise<string[]> {
  const found: string[] = [];
  for (const page of pages) {
    const response = await fetch(new URL("/?out=json&level=error", serviceUrl), {
      method: "POST",
      headers: { "content-type": "text/html; charset=utf-8" },
      body: page.html,
      signal: AbortSignal.timeout(60_000),
    });
    if (!response.ok) throw new Error(`The Nu HTML Checker answered ${response.status} for ${page.name}`);
    const { messages } = (await response.json()) as { messages: VnuMessage[] };
    found.push(...errorsOf(messages, () => page.name));
  }
  return found;
}

export type VnuService = { url: string; stop(): Promise<void> };

/**
 * The Nu HTML Checker as a web service on 127.0.0.1 (vnu's own Jetty server), so that Java starts
 * once for the whole e2e suite instead of once per file. Ready when it answers.
 */
export async function startVnuService(timeoutMs = 60_000): Promise<VnuService> {
  const port = await freePort();
  const proc = spawn(
    JAVA,
    [
      "-Xss1024k",
      "-Dnu.validator.servlet.bind-address=127.0.0.1",
      "-cp",
      VNU_JAR,
      "nu.validator.servlet.Main",
      String(port),
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let output = "";
  proc.stderr?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const spawnError = new Promise<never>((_, reject) => proc.once("error", reject));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`The Nu HTML Checker service stopped: ${output}`);
    const up = await Promise.race([
      fetch(url, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      ),
      spawnError,
    ]).catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        error.code === "ENOENT"
          ? `Java is needed for the Nu HTML Checker but "${JAVA}" was not found (apt-get install default-jre-headless)`
          : `The Nu HTML Checker service did not start: ${error.message}`,
      );
    });
    if (up) return { url, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`The Nu HTML Checker service was not ready within ${timeoutMs} ms: ${output}`);
}

function runVnu(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      JAVA,
      ["-Xss1024k", "-jar", VNU_JAR, ...args],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // vnu writes its JSON report to stderr; with --exit-zero-always a failure is Java's own.
        if (error) {
          const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
          reject(
            new Error(
              missing
                ? `Java is needed for the Nu HTML Checker but "${JAVA}" was not found (apt-get install default-jre-headless)`
                : `The Nu HTML Checker failed: ${stderr || error.message}`,
            ),
          );
          return;
        }
        resolve(stderr.trim() || stdout.trim());
      },
    );
  });
}
