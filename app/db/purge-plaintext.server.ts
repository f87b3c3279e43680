import type { DatabaseHandle } from "./database.server.ts";
import type { MigrationResult } from "./migrate.server.ts";

/**
 * After an upgrade sealed existing rows (migrations encryption_at_rest*), their earlier plain
 * versions still sit in the tables' files as dead rows. VACUUM FULL rewrites those tables, so
 * the old versions leave the data files; a new database never held plain text and is left
 * alone. Write-ahead log segments written before the upgrade keep their content until
 * PostgreSQL reuses them (README: encryption at rest). Runs as the tables' owner.
 */
const TABLES = [
  "registration",
  "registration_draft",
  "outbox_message",
  "mediation_case",
  "case_party",
  "case_person",
  "case_activity",
  "case_risk_assessment",
  "case_justice_feedback",
  "case_message",
  "case_meeting",
  "case_meeting_participant",
  "case_upload",
  "case_task",
  "case_event",
];

export async function purgeRemovedPlaintext(handle: DatabaseHandle, result: MigrationResult): Promise<boolean> {
  if (result.alreadyApplied === 0 || !result.applied.some((m) => m.name === "encryption_at_rest_columns")) return false;
  await handle.withRawSession(async (session) => {
    for (const table of TABLES) await session.exec(`VACUUM FULL ${table}`);
    // Writes the rewritten tables out now; needs more rights on a PostgreSQL server, where the
    // next regular checkpoint does the same.
    await session.exec("CHECKPOINT").catch(() => {});
  });
  return true;
}
