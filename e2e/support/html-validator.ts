import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

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
 * Checks every page with the Nu HTML Checker in one run (Java takes seconds to start, so the
 * pages are written to a temporary folder and checked together) and returns each error as
 * "page (line N): message". An empty list means every page is valid HTML.
 */
export async function htmlErrors(pages: CheckedPage[]): Promise<string[]> {
  if (pages.length === 0) return [];
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
    return messages
      .filter((m) => m.type === "error" || m.type === "non-document-error" || m.subType === "fatal")
      .map((m) => {
        const page = (m.url && names.get(m.url.slice(m.url.lastIndexOf("/") + 1))) ?? m.url ?? "?";
        const where = m.lastLine ? ` (line ${m.lastLine})` : "";
        const extract = m.extract ? `: ${m.extract.replace(/\s+/g, " ").trim().slice(0, 120)}` : "";
        return `${page}${where}: ${m.message}${extract}`;
      });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
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
