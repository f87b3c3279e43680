import { spawnSync } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "./server-process.ts";

const READER = path.join(PROJECT_ROOT, "e2e/support/registration-reader.ts");

export type StoredRegistration = {
  id: number;
  reference: string;
  idempotency_key: string;
  /** ISO timestamp (JSON). */
  received_at: string;
  channel: string;
  submitted_by: string;
  registrant_role: string;
  registrant_side: string;
  offence_category: string;
  referrer_type: string | null;
  locale: string;
  status: string;
  form_version: number;
  answers: Record<string, unknown>;
};

export type StoredOutboxMessage = {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  status: "pending" | "sent" | "failed";
  attempts: number;
  related_type: string | null;
  related_id: string | null;
  last_error: string | null;
};

export type RegistrationDbSnapshot = {
  registrations: StoredRegistration[];
  outbox: StoredOutboxMessage[];
  drafts: { id: string; path: string }[];
};

/**
 * Reads the registrations and the outbox of a stopped app's PGlite data folder, in a child
 * process of its own (PGlite allows one process per folder; the app must have stopped).
 */
export function readRegistrationDb(dataDir: string, timeoutMs = 60_000): RegistrationDbSnapshot {
  const result = spawnSync(process.execPath, [READER, dataDir], { encoding: "utf8", timeout: timeoutMs });
  if (result.status !== 0) {
    throw new Error(`registration-reader failed (${result.status ?? result.signal}):\n${result.stderr}`);
  }
  return JSON.parse(result.stdout) as RegistrationDbSnapshot;
}
