import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The request id of the HTTP request whose work is running, for log lines written far from the
 * request (the database layer, the process-level error handlers). Set by server/http.ts around
 * each request. Server-side modules only: the Vite bundle would get its own, empty copy.
 */
const scope = new AsyncLocalStorage<{ requestId: string }>();

export function runInRequestScope<T>(requestId: string, fn: () => T): T {
  return scope.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}
