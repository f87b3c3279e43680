/**
 * Which database errors mean "the database is away or too slow right now" rather than a bug.
 * Pure, so that routes, the job runner and the pool wrapper all decide the same way.
 *
 * - `connection`: the server is down, restarting, failing over, refusing connections, or the
 *   connection broke. Requests answer 503; the health tracker logs the outage once.
 * - `timeout`: a statement ran past the statement timeout (or waited too long for a lock).
 *   Requests answer 503; each one is logged, since each is a different slow query.
 * - `busy`: no pooled connection became free within the pool wait. Requests answer 503.
 */
export type DatabaseFaultKind = "connection" | "timeout" | "busy";

/** SQLSTATE codes of a lost or refused connection (class 08, and shutdown/recovery states). */
const CONNECTION_STATES = new Set([
  "57P01", // admin_shutdown: pg_terminate_backend, or a fast shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up, shutting down, in recovery
  "57P04", // database_dropped
  "57P05", // idle_session_timeout
  "53300", // too_many_connections
  "25006", // read_only_sql_transaction: connected to a standby after a failover
  "3D000", // invalid_catalog_name: the database is not there (yet)
]);
const TIMEOUT_STATES = new Set(["57014", "55P03"]); // query_canceled (statement_timeout), lock_not_available

/** Socket errors of node's net module when the server cannot be reached or drops us. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** Messages of node-postgres (pg, pg-pool) for a broken or unobtainable connection. */
const CONNECTION_MESSAGES = [
  "Connection terminated",
  "Client has encountered a connection error and is not queryable",
  "Client was closed and is not queryable",
  "Query read timeout",
  "timeout expired",
  "Connection terminated due to connection timeout",
  "Cannot use a pool after calling end on the pool",
];

export function classifyDatabaseError(error: unknown): DatabaseFaultKind | undefined {
  // A wrapped error (Kysely, our own) may carry the driver's error as its cause.
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const kind = classifyOne(e);
    if (kind) return kind;
  }
  return undefined;
}

export function isDatabaseFault(error: unknown): boolean {
  return classifyDatabaseError(error) !== undefined;
}

function classifyOne(error: unknown): DatabaseFaultKind | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string") {
    if (code.startsWith("08") && code.length === 5) return "connection";
    if (CONNECTION_STATES.has(code) || NETWORK_CODES.has(code)) return "connection";
    if (TIMEOUT_STATES.has(code)) return "timeout";
  }
  if (typeof message !== "string") return undefined;
  if (message.startsWith("timeout exceeded when trying to connect")) return "busy";
  if (CONNECTION_MESSAGES.some((m) => message.startsWith(m))) return "connection";
  return undefined;
}
