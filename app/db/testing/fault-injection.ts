import type { KyselyPlugin, RootOperationNode } from "kysely";
import type { DatabaseHandle } from "../database.server.ts";

/**
 * Makes chosen statements fail as if PostgreSQL had ended the connection (57P01), on either
 * backend, for tests of what the app does while the database is away. PGlite cannot lose a
 * connection; real connection loss is tested on PostgreSQL itself (database-faults.int.test.ts,
 * e2e/database-faults.e2e.ts).
 */
export type FaultInjector = {
  /** The handle with the faults applied (same database, same pool). */
  wrap(handle: DatabaseHandle): DatabaseHandle;
  /** Fails the next `count` statements of this kind ("UpdateQueryNode", "RawNode", …). */
  failNext(kind: RootOperationNode["kind"], count: number): void;
  /** Fails every statement until called with false. */
  failAll(on: boolean): void;
  /** Statements failed so far. */
  readonly failed: number;
};

export function terminatedConnectionError(): Error {
  return Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
}

export function createFaultInjector(): FaultInjector {
  let next: { kind: RootOperationNode["kind"]; remaining: number } | undefined;
  let all = false;
  let failed = 0;
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      if (all || (next && next.remaining > 0 && node.kind === next.kind)) {
        if (!all && next) next.remaining--;
        failed++;
        throw terminatedConnectionError();
      }
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };
  return {
    wrap: (handle) => ({ ...handle, db: handle.db.withPlugin(plugin) }),
    failNext(kind, count) {
      next = { kind, remaining: count };
    },
    failAll(on) {
      all = on;
    },
    get failed() {
      return failed;
    },
  };
}
