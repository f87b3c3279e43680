/**
 * Measures what a browser downloads for a page: the HTML and every stylesheet and script it
 * links (module preloads and script elements), raw and gzip-compressed. Run against a running Herstel:
 *   npm run page-weight -- http://localhost:3000 / /aanmelden
 */
import { gzipSync } from "node:zlib";

const [base = "http://localhost:3000", ...paths] = process.argv.slice(2);
const targets = paths.length > 0 ? paths : ["/aanmelden"];

type Part = { kind: "HTML" | "CSS" | "JS"; raw: number; gzip: number };

async function size(url: string, kind: Part["kind"]): Promise<Part> {
  const body = Buffer.from(await (await fetch(url)).arrayBuffer());
  return { kind, raw: body.length, gzip: gzipSync(body).length };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
process.stdout.write("| page | HTML | CSS | JS | total |\n|---|---|---|---|---|\n");
for (const path of targets) {
  const html = await (await fetch(new URL(path, base))).text();
  const links = [...html.matchAll(/<link[^>]+>/g)].map((m) => m[0]);
  const css = links.filter((l) => l.includes('rel="stylesheet"')).map((l) => /href="([^"]+)"/.exec(l)?.[1]);
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
  const preloads = links.filter((l) => l.includes('rel="modulepreload"')).map((l) => /href="([^"]+)"/.exec(l)?.[1]);
  const js = [...new Set([...preloads, ...scripts])];
  const parts: Part[] = [{ kind: "HTML", raw: Buffer.byteLength(html), gzip: gzipSync(html).length }];
  for (const href of css) if (href) parts.push(await size(new URL(href, base).toString(), "CSS"));
  for (const href of js) if (href) parts.push(await size(new URL(href, base).toString(), "JS"));
  const sum = (kind?: Part["kind"]) => {
    const chosen = parts.filter((p) => !kind || p.kind === kind);
    return `${kb(chosen.reduce((a, p) => a + p.raw, 0))} (${kb(chosen.reduce((a, p) => a + p.gzip, 0))} gzip)`;
  };
  process.stdout.write(`| ${path} | ${sum("HTML")} | ${sum("CSS")} | ${sum("JS")} | ${sum()} |\n`);
}
