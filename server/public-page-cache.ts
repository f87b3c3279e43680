import { createHash } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { sessionCookieName } from "../app/features/auth/session.server.ts";
import type { Config } from "../app/lib/config.server.ts";
import { readCookie, serializeCookie } from "../app/lib/cookies.ts";
import { csrfCookieName, maskedCsrfToken, newCsrfId } from "../app/lib/csrf.server.ts";
import { localeFromCookieHeader } from "../app/lib/i18n/i18n.ts";
import { type GzipTemplate, gzipFill, gzipTemplate } from "./gzip-template.ts";

/**
 * The public information pages (home and the content pages) are the same for everyone who
 * reads them in one language: they are rendered once per build and language and then served
 * from memory. Their content is part of the build (content/pages is read at build time), so a
 * new build, which is a new process, is the only content change; the cache lives and dies with it.
 *
 * Three things in such a page belong to one response and are put in fresh on every answer: the
 * script nonce (it must match this response's Content-Security-Policy), the CSRF token of the
 * language form (for this browser's CSRF cookie, made here when it has none) and the request id.
 *
 * Browsers may keep the page and ask again (`Cache-Control: private, no-cache` with a weak ETag).
 * The ETag covers the page and the browser's CSRF cookie, so a 304 only confirms a stored copy
 * whose token still fits; a 304 sends no Content-Security-Policy, so the stored one, which
 * matches the stored page's nonce, stays in force.
 */
export type PublicPageCacheOptions = {
  config: Config;
  /** The route id of a path (server/metrics.ts: createRouteLabeler). */
  routeOf(path: string): string;
  /** Route ids whose pages are the same for everyone. */
  routes: readonly string[];
};

type Entry = { parts: string[]; slots: Slot[]; hash: string; contentType: string; gzip: GzipTemplate };
type Slot = "nonce" | "csrf" | "requestId";

const MAX_ENTRIES = 200;
const MAX_PAGE_BYTES = 512 * 1024;

export function createPublicPageCache(options: PublicPageCacheOptions) {
  const { config } = options;
  const cache = new Map<string, Entry>();
  const sessionCookie = sessionCookieName(config.secureCookies);
  const csrfCookie = csrfCookieName(config.secureCookies);
  let hits = 0;

  const middleware = (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const cookies = req.get("cookie") ?? null;
    // Signed-in staff and addresses with a query are answered by the app itself, as before.
    if (readCookie(cookies, sessionCookie) || req.originalUrl.includes("?")) return next();
    if (!options.routes.includes(options.routeOf(req.path))) return next();
    const key = `${localeFromCookieHeader(cookies)} ${req.path}`;
    const entry = cache.get(key);
    if (entry) {
      hits++;
      serve(req, res, entry, cookies);
      return;
    }
    // A request id the client chose could be any text of the page: only our own ids are templated.
    if (req.get("x-request-id")) return next();
    capture(res, (status, contentType, body) => {
      if (status !== 200 || !contentType.startsWith("text/html") || body.length > MAX_PAGE_BYTES) return;
      const made = template(body.toString("utf8"), res);
      if (!made) return;
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(key, { ...made, contentType, gzip: gzipTemplate(made.parts) });
    });
    next();
  };

  function serve(req: Request, res: Response, entry: Entry, cookies: string | null) {
    const existing = readCookie(cookies, csrfCookie);
    const csrfId = existing && /^[A-Za-z0-9_-]{24}$/.test(existing) ? existing : undefined;
    const id = csrfId ?? newCsrfId();
    const etag = `W/"${entry.hash}-${createHash("sha256").update(id).digest("base64url").slice(0, 12)}"`;
    res.set({
      "Cache-Control": "private, no-cache",
      Vary: "Cookie, Accept-Encoding",
      "X-Page-Cache": "hit",
      ETag: etag,
    });
    if (
      csrfId &&
      req
        .get("if-none-match")
        ?.split(/\s*,\s*/)
        .includes(etag)
    ) {
      res.removeHeader("Content-Security-Policy");
      res.status(304).end();
      return;
    }
    if (!csrfId)
      res.append("Set-Cookie", serializeCookie(csrfCookie, id, { secure: config.secureCookies, sameSite: "Lax" }));
    const values: Record<Slot, string> = {
      nonce: res.locals.nonce as string,
      csrf: maskedCsrfToken(config.appSecret, id),
      requestId: res.locals.requestId as string,
    };
    const filled = entry.slots.map((slot) => values[slot]);
    res.status(200).type(entry.contentType);
    // Compressed once when the page was stored: only this answer's values are added (see
    // gzip-template.ts), so no compressor runs per answer. The compression middleware leaves an
    // answer alone that already has its Content-Encoding.
    if (req.acceptsEncodings("gzip") === "gzip") {
      res.set("Content-Encoding", "gzip").send(gzipFill(entry.gzip, filled));
      return;
    }
    let html = entry.parts[0] ?? "";
    filled.forEach((value, i) => {
      html += value + (entry.parts[i + 1] ?? "");
    });
    res.send(html);
  }

  return Object.assign(middleware, { stats: () => ({ pages: cache.size, hits }) });
}

/** Splits a rendered page at its nonce, CSRF tokens and request id; undefined if one is missing. */
function template(html: string, res: Response): { parts: string[]; slots: Slot[]; hash: string } | undefined {
  const nonce = res.locals.nonce as string;
  const requestId = res.locals.requestId as string;
  const tokens = new Set([...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1] as string));
  if (tokens.size > 1 || !html.includes(nonce)) return undefined;
  const needles: [string, Slot][] = [
    [nonce, "nonce"],
    [requestId, "requestId"],
    ...[...tokens].map((t) => [t, "csrf"] as [string, Slot]),
  ];
  // One pass over the page, always taking the nearest of the three values.
  const parts: string[] = [];
  const slots: Slot[] = [];
  let from = 0;
  for (;;) {
    let best: { at: number; needle: string; slot: Slot } | undefined;
    for (const [needle, slot] of needles) {
      const at = html.indexOf(needle, from);
      if (at >= 0 && (!best || at < best.at)) best = { at, needle, slot };
    }
    if (!best) break;
    parts.push(html.slice(from, best.at));
    slots.push(best.slot);
    from = best.at + best.needle.length;
  }
  parts.push(html.slice(from));
  const hash = createHash("sha256")
    .update(parts.join("\u0000"))
    .update(slots.join(","))
    .digest("base64url")
    .slice(0, 16);
  return { parts, slots, hash };
}

/** Collects what the app writes for this response (before compression) and hands it over at the end. */
function capture(res: Response, done: (status: number, contentType: string, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function" || size > MAX_PAGE_BYTES) return;
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk)
        : Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    chunks.push(buffer);
    size += buffer.length;
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as Response["write"];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    const result = end(chunk, ...rest);
    if (size <= MAX_PAGE_BYTES)
      done(res.statusCode, String(res.getHeader("content-type") ?? ""), Buffer.concat(chunks));
    return result;
  }) as Response["end"];
}
