import pino from "pino";
import { RouterContextProvider } from "react-router";
import type { DatabaseHandle } from "../db/database.server.ts";
import { type AppServices, appContext, DatabaseProvider } from "../lib/app-context.ts";
import { loadConfig } from "../lib/config.server.ts";
import type { Locale } from "../lib/i18n/i18n.ts";
import { requestStateContext } from "../lib/request-state.server.ts";

/**
 * The context a route's loader or action gets from the server and the root middleware, for
 * calling route modules directly in integration tests.
 */
export function routeContext(
  handle: DatabaseHandle,
  options: { clientAddress?: string; locale?: Locale; demo?: AppServices["demo"] } = {},
) {
  const logger = pino({ level: "silent" });
  const database = new DatabaseProvider();
  database.setReady(handle);
  const services: AppServices = {
    config: { ...loadConfig({ APP_SECRET: "t".repeat(40) }), appSecret: "t".repeat(40) },
    logger,
    database,
    demo: options.demo ?? { database: false, mode: false },
  };
  const context = new RouterContextProvider();
  context.set(appContext, {
    services,
    request: { requestId: "test", nonce: "n", clientAddress: options.clientAddress ?? "127.0.0.1", logger },
  });
  context.set(requestStateContext, { locale: options.locale ?? "nl", csrfToken: "t" });
  return context;
}

/** A form POST as the browser sends it (the CSRF middleware is not part of these tests). */
export function formPost(url: string, body: URLSearchParams | Uint8Array | FormData, cookie?: string): Request {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (body instanceof Uint8Array) headers["content-type"] = "application/x-www-form-urlencoded";
  return new Request(url, { method: "POST", body: body as BodyInit, headers });
}

/** Status of whatever a loader or action returned or threw: a Response, or data() with init. */
export function statusOf(value: unknown): number | undefined {
  if (value instanceof Response) return value.status;
  if (value && typeof value === "object" && "init" in value) {
    const init = (value as { init?: ResponseInit | null }).init;
    return init?.status ?? 200;
  }
  return undefined;
}
