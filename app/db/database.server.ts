import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Kysely, PGliteDialect, PostgresDialect, type PostgresPool, type PostgresPoolClient } from "kysely";
import pg from "pg";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock.server.ts";
import { classifyDatabaseError, isDatabaseFault } from "./database-faults.ts";
import type { Database } from "./schema.ts";
import { typeParsers } from "./type-parsers.ts";

export type BackendKind = "pglite" | "postgres";

/** Extensions the migrations use (0018: pg_trgm); every PGlite instance must load them. */
export const PGLITE_EXTENSIONS = { pg_trgm };

/** A connection for work that must run outside Kysely: migrations, locks, multi-statement SQL. */
export type RawSession = {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
};

export type DatabaseHandle = {
  kind: BackendKind;
  db: Kysely<Database>;
  /** Runs fn on one dedicated connection. */
  withRawSession<T>(fn: (session: RawSession) => Promise<T>): Promise<T>;
  /** Throws when the database cannot answer within the timeout. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  /**
   * The embedded database only: its data folder as a gzip'd tar, taken between transactions
   * after a checkpoint, so it is consistent (backups, app/db/backup/).
   */
  snapshot?(): Promise<Blob>;
  /** PostgreSQL only: the pool's connections (for /metrics). */
  poolStats?(): { max: number; total: number; idle: number; waiting: number };
};

/** A start-up problem with a message written for the person running Herstel. */
export class DatabaseStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseStartError";
  }
}

export async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.R_OK | fs.constants.W_OK);
  } catch (error) {
    throw new DatabaseStartError(
      `Cannot use the data folder ${dataDir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. ` +
        "Check that it exists and that this user may read and write it, or set DATA_DIR to another folder.",
      { cause: error },
    );
  }
  const lock: DataDirLock = acquireDataDirLock(dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir: path.join(dataDir, "pgdata"),
      parsers: typeParsers,
      extensions: PGLITE_EXTENSIONS,
    });
    await pglite.exec("SET TIME ZONE 'UTC'");
  } catch (error) {
    lock.release();
    throw new DatabaseStartError(
      `The embedded database in ${dataDir} could not be opened (${describe(error)}). ` +
        "If the folder was copied or damaged, restore it from a backup or start with an empty DATA_DIR.",
      { cause: error },
    );
  }
  return fromPglite(pglite, async () => lock.release());
}

/** Wraps an open PGlite instance; used by the app and by tests with an in-memory copy. */
export function fromPglite(pglite: PGlite, afterClose: () => Promise<void> = async () => {}): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  let closed = false;
  const session: RawSession = {
    async exec(sql) {
      await pglite.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pglite.query<T>(sql, params)).rows;
    },
  };
  return {
    kind: "pglite",
    db,
    // PGlite is one connection; each statement already runs exclusively.
    withRawSession: (fn) => fn(session),
    async ping() {
      if (pglite.closed) throw new Error("database closed");
      await pglite.query("SELECT 1");
    },
    // Inside PGlite's exclusive transaction no other transaction is open, so the folder holds
    // only committed work; the checkpoint (as the session's own user: the app may have switched
    // to its role) writes it out, which keeps the restore's recovery short.
    snapshot: () =>
      pglite.transaction(async (tx) => {
        await tx.exec("SET LOCAL ROLE NONE; CHECKPOINT");
        return pglite.dumpDataDir("gzip");
      }),
    async close() {
      if (closed) return;
      closed = true;
      // Closing PGlite shuts PostgreSQL down cleanly, writing everything to the folder.
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      await afterClose();
    },
  };
}

/** Bounds and error reporting of a PostgreSQL pool; see the README's "When the database goes away". */
export type PostgresOptions = {
  /** Every connection works as this role from the start (the application role of migration 0007). */
  role?: string;
  /** The server stops a statement after this long (statement_timeout); absent: no limit (migrations, tools). */
  statementTimeoutMs?: number;
  /** How long a caller waits for a free pooled connection, and for a new connection to be made. */
  poolWaitMs?: number;
  /** Told about every error of the pool's connections and queries, for the health tracker. */
  onFault?: (error: unknown, source: "client" | "connect" | "query" | "ping") => void;
};

/**
 * A query that gets no answer this long after the statement timeout has lost its server (a
 * failover that leaves the socket open): the client stops waiting and the connection is dropped.
 */
const QUERY_TIMEOUT_MARGIN_MS = 2000;

/**
 * A node-postgres pool. With `role`, every connection works as that role from the start; without
 * it, as the connecting user (migrations, tools).
 */
export function openPostgres(connectionString: string, poolSize = 10, options: PostgresOptions = {}): DatabaseHandle {
  if (options.role && !/^[a-z_][a-z0-9_]*$/.test(options.role)) throw new Error("invalid role name");
  const report = options.onFault ?? (() => {});
  const statementTimeout = options.statementTimeoutMs || undefined;
  /*
   * pg-pool listens for 'error' only on idle clients; a client that is checked out (inside a
   * transaction, a migration, a lock) and loses its server emits 'error' with no listener, which
   * ends the process. Every client gets a listener from birth; its pending query fails, and the
   * pool drops the dead client when it is released.
   */
  class FaultAwareClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super(config);
      this.on("error", (error) => report(error, "client"));
    }
  }
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: options.poolWaitMs ?? 5000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    statement_timeout: statementTimeout,
    query_timeout: statementTimeout && statementTimeout + QUERY_TIMEOUT_MARGIN_MS,
    options: options.role ? `-c TimeZone=UTC -c role=${options.role}` : "-c TimeZone=UTC",
    Client: FaultAwareClient,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        format !== "binary" && typeParsers[oid]
          ? typeParsers[oid]
          : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client's error is also re-emitted by the pool, which removes the client.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: faultReportingPool(pool, report) }) });
  let closed = false;
  return {
    kind: "postgres",
    db,
    async withRawSession(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        return await fn({
          async exec(sql) {
            await client.query(sql);
          },
          async query<T>(sql: string, params: unknown[] = []) {
            return (await client.query(sql, params)).rows as T[];
          },
        });
      } catch (error) {
        broken = isDatabaseFault(error);
        throw error;
      } finally {
        client.release(broken);
      }
    },
    poolStats: () => ({ max: poolSize, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async ping(timeoutMs = 2000) {
      try {
        await withTimeout(pool.query("SELECT 1"), timeoutMs);
      } catch (error) {
        report(error, "ping");
        throw error;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // Kysely only ends a pool it has used; raw sessions may have used it without Kysely.
      await db.destroy();
      if (!pool.ended) await pool.end();
    },
  };
}

type QueryablePoolClient = pg.PoolClient & { processID?: number };

/**
 * The pool as Kysely sees it: reports failed connects and queries, and discards a client whose
 * connection failed (also after a client-side query timeout, which pg would otherwise reuse).
 */
function faultReportingPool(pool: pg.Pool, report: NonNullable<PostgresOptions["onFault"]>): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: QueryablePoolClient): PostgresPoolClient => {
    let broken = false;
    let beginDeferred = false;
    const send = (...args: unknown[]) => {
      const result = (client.query as (...a: unknown[]) => unknown)(...args);
      if (!(result instanceof Promise)) return result;
      return result.catch((error: unknown) => {
        if (classifyDatabaseError(error) === "connection") broken = true;
        report(error, "query");
        throw error;
      });
    };
    /*
     * Kysely opens a transaction with a statement of its own, `begin`: one round trip to the
     * server that returns nothing. It is held back and sent in front of the transaction's first
     * statement: in the same message when that statement has no parameters (the actor's
     * settings, `inTransaction`), so that a transaction costs one round trip fewer; otherwise
     * just before it (pg sends a client's queries one after the other, in order). A transaction
     * that ends before any statement ran never reaches the server.
     */
    const query = (...args: unknown[]) => {
      const [text, values] = args;
      if (text === "begin" && !beginDeferred) {
        beginDeferred = true;
        return Promise.resolve(emptyResult("BEGIN"));
      }
      if (!beginDeferred) return send(...args);
      beginDeferred = false;
      if (text === "commit" || text === "rollback") return Promise.resolve(emptyResult(text.toUpperCase()));
      if (typeof text === "string" && (!Array.isArray(values) || values.length === 0) && args.length <= 2) {
        const both = send(`begin;${text}`) as Promise<pg.QueryResult[]>;
        return both.then((results) => results[results.length - 1]);
      }
      (send("begin") as Promise<unknown>).catch(() => {});
      return send(...args);
    };
    return {
      query,
      release: (discard?: boolean) => {
        // A transaction never started: nothing was sent, the connection is as it was.
        beginDeferred = false;
        client.release(Boolean(discard) || broken);
      },
      // Kysely reads the backend pid to cancel a query.
      get processID() {
        return client.processID;
      },
    } as unknown as PostgresPoolClient;
  };
  return {
    async connect() {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        report(error, "connect");
        throw error;
      }
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
    options: pool.options,
  };
}

function emptyResult(command: string): pg.QueryResult {
  return { command, rowCount: null, rows: [], fields: [], oid: 0 };
}

/** Switches the embedded database's single session to the application role (after migrating). */
export async function switchPgliteRole(handle: DatabaseHandle, role: string): Promise<void> {
  if (handle.kind !== "pglite") throw new Error("only for the embedded database");
  if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error("invalid role name");
  await handle.withRawSession((session) => session.exec(`SET ROLE ${role}`));
}

/** Turns a driver error at connection time into a sentence an operator can act on. */
export function explainPostgresError(error: unknown, connectionString: string): string {
  const url = safeUrl(connectionString);
  const where = url ? `${url.hostname}:${url.port || 5432}` : "the configured server";
  const dbName = url?.pathname.slice(1) || "(default)";
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case "ECONNREFUSED":
      return `Cannot connect to PostgreSQL at ${where}: connection refused. Is the server running, and is DATABASE_URL right?`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Cannot connect to PostgreSQL: the host name in DATABASE_URL (${url?.hostname}) is not known.`;
    case "ETIMEDOUT":
      return `Cannot connect to PostgreSQL at ${where}: no answer in time.`;
    case "28P01":
    case "28000":
      return `PostgreSQL at ${where} refused the user name or password in DATABASE_URL.`;
    case "3D000":
      return `PostgreSQL at ${where} has no database "${dbName}". Create it first (createdb ${dbName}).`;
    default:
      if (e.message?.includes("timeout")) return `Cannot connect to PostgreSQL at ${where}: no answer in time.`;
      return `Cannot use PostgreSQL at ${where}: ${describe(error)}`;
  }
}

function safeUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
