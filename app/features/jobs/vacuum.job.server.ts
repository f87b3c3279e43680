import { vacuumTables } from "../../db/vacuum.server.ts";
import type { JobDefinition } from "./job-runner.server.ts";

/**
 * The embedded database's own autovacuum, which PGlite does not have: once a day, after the
 * housekeeping job has removed expired drafts and rate-limit windows, every table is vacuumed
 * and analysed, so that dead rows leave the tables' files and scans stop reading them (the
 * figures' check for changed registrations read 16,000 pages of dead rows after a large import,
 * README "Annual figures"). Registered only on the embedded database; PostgreSQL's autovacuum
 * does this on a server.
 */
export function vacuumJob(): JobDefinition {
  return {
    name: "vacuum",
    schedule: { dailyAt: "03:45" },
    // A large embedded database takes a while the first time; the lease is renewed meanwhile.
    leaseMs: 5 * 60 * 1000,
    async run({ db, log }) {
      const started = performance.now();
      const tables = await vacuumTables(db);
      log.info(
        { tables: tables.length, seconds: Math.round((performance.now() - started) / 100) / 10 },
        "vacuum job vacuumed and analysed the embedded database's tables",
      );
    },
  };
}
