import { Writable } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import type { EntryContext, HandleErrorFunction, RouterContextProvider } from "react-router";
import { ServerRouter } from "react-router";
import { appContext } from "./lib/app-context.ts";
import { localeFromCookieHeader } from "./lib/i18n/i18n.ts";
import { LocaleProvider } from "./lib/i18n/i18n-react.tsx";
import { NonceProvider } from "./lib/nonce.tsx";

// The HTTP server (server/http.ts) reads this key from the build to hand services to routes.
export { appContext };

export const streamTimeout = 10_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: RouterContextProvider,
) {
  const { nonce } = loadContext.get(appContext).request;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // The whole document, then one answer. Every page's data is loaded before it renders (no
    // deferred parts), so streaming would send nothing sooner; and streamed, each of React's
    // small chunks became a compressed flush and a socket write of its own (React Router flushes
    // the compression after every chunk): on a case page a large share of the server's time
    // (README, "Many people at once").
    const { pipe, abort } = renderToPipeableStream(
      // The language also reaches error pages rendered before the root loader could run.
      <LocaleProvider locale={localeFromCookieHeader(request.headers.get("cookie"))}>
        <NonceProvider nonce={nonce}>
          <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
        </NonceProvider>
      </LocaleProvider>,
      {
        nonce,
        onAllReady() {
          shellRendered = true;
          const chunks: Buffer[] = [];
          const document = new Writable({
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
            final(done) {
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
              done();
            },
          });
          pipe(document);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) loadContext.get(appContext).request.logger.error({ err: error }, "render error");
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}

/** Logs unexpected errors from loaders, actions and rendering, with the request id. */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  const logger = (context as RouterContextProvider).get(appContext).request.logger;
  logger.error({ err: error }, "unexpected error in route");
};
