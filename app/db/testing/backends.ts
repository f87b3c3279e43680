/** Values the integration global setup hands to each test file (see global-setup.ts). */
export type ProvidedBackends = {
  /** A migrated PGlite data folder as a tar file; each test file loads its own copy. */
  pgliteTemplate: string;
  /** Admin connection string of the PostgreSQL server, when one is reachable. */
  postgresAdminUrl: string | null;
  /** Name of the migrated template database on that server. */
  postgresTemplate: string | null;
};

declare module "vitest" {
  export interface ProvidedContext {
    backends: ProvidedBackends;
  }
}

export const DEFAULT_TEST_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** Replaces the database name in a connection string. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
