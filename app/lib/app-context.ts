import { createContext } from "react-router";
import type { DatabaseHandle } from "../db/database.server.ts";
import type { Config } from "./config.server.ts";
import { DomainError, ErrorCode } from "./errors.ts";
import type { Logger } from "./logger.server.ts";

/** Holds the database once it is reachable; routes get a 503 until then. */
export class DatabaseProvider {
  #handle: DatabaseHandle | undefined;
  #reports: DatabaseHandle | undefined;
  #problem = "starting";

  get ready(): boolean {
    return this.#handle !== undefined;
  }
  get problem(): string | undefined {
    return this.#handle ? undefined : this.#problem;
  }
  /** `reports`: a separate pool for long reads (figures, exports, imports); without it, the one pool. */
  setReady(handle: DatabaseHandle, reports?: DatabaseHandle): void {
    this.#handle = handle;
    this.#reports = reports;
  }
  setProblem(problem: string): void {
    this.#problem = problem;
  }
  /** The open database, or a DATABASE_UNAVAILABLE domain error (503). */
  get(): DatabaseHandle {
    if (!this.#handle) throw new DomainError(ErrorCode.DatabaseUnavailable, this.#problem);
    return this.#handle;
  }
  /** The pool for figures, exports and imports (a longer statement timeout), or a 503 domain error. */
  reports(): DatabaseHandle {
    const handle = this.get();
    return this.#reports ?? handle;
  }
  /** For shutdown: the handle if there is one, without throwing. */
  current(): DatabaseHandle | undefined {
    return this.#handle;
  }
  /** Closes every pool (shutdown). */
  async close(): Promise<void> {
    await this.#reports?.close();
    await this.#handle?.close();
  }
}

export type AppServices = {
  config: Config;
  logger: Logger;
  database: DatabaseProvider;
  /** A demo database, and demo mode: known once the database is open. */
  demo: { database: boolean; mode: boolean };
};

export type RequestMeta = {
  requestId: string;
  nonce: string;
  /** The client's address, for rate limits and the audit log; never logged with content. */
  clientAddress: string;
  logger: Logger;
};

export type AppContextValue = { services: AppServices; request: RequestMeta };

/** Set by the HTTP server for every request (see server/http.ts). */
export const appContext = createContext<AppContextValue>();
