import { type Kysely, sql, type Transaction } from "kysely";
import { withSystemTask } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { keyRing } from "../../lib/keys/key-ring.server.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { type AuditPruning, pruneAuditLog } from "./audit-pruning.server.ts";
import { type DueItem, NOTHING, type RetentionSummary } from "./retention.rules.ts";

/*
 * The retention schedule at work (ADR 0020): what is due on a day, and erasing it. Erasure runs
 * in the database as the owner (erase_case / erase_registration, migration 0030) and only inside
 * a transaction of the retention task: it keeps the figures' facts, leaves a tombstone, deletes
 * the rows and shreds the data keys, so copies in older backups can no longer be read either.
 * Each erasure is one transaction with its audit record.
 */

type Db = Kysely<Database> | Transaction<Database>;

/** A legal hold was placed between finding the file due and erasing it. */
const LEGAL_HOLD = "HR002";

type DueRow = {
  kind: DueItem["kind"];
  object_type: DueItem["objectType"];
  object_id: number | string;
  reference: string;
  region_id: number | null;
  anchor_on: string;
  due_on: string;
  held: boolean;
};

/** What the schedule finds due on `asOf` (a Dutch calendar day), held files included. */
export async function findDue(db: Db, asOf: string): Promise<DueItem[]> {
  return withSystemTask(db, "retention", async (trx) => {
    const { rows } = await sql<DueRow>`SELECT * FROM retention_due(${asOf}::date)`.execute(trx);
    return rows.map(toDueItem);
  });
}

/** The same for the privacy officer's page: their role lets them call retention_due. */
export async function findDueAs(trx: Transaction<Database>, asOf: string): Promise<DueItem[]> {
  const { rows } = await sql<DueRow>`SELECT * FROM retention_due(${asOf}::date)`.execute(trx);
  return rows.map(toDueItem);
}

function toDueItem(r: DueRow): DueItem {
  return {
    kind: r.kind,
    objectType: r.object_type,
    objectId: Number(r.object_id),
    reference: r.reference,
    regionId: r.region_id,
    anchorOn: r.anchor_on,
    dueOn: r.due_on,
    held: r.held,
  };
}

export type RetentionRun = {
  due: DueItem[];
  /** E-mail and sessions due (dry run) or removed (apply). */
  technical: { messages: number; sessions: number };
  /** Audit records older than 5 years: due (dry run) or pruned from a signed checkpoint (apply). */
  audit: AuditPruning;
  erased: RetentionSummary;
};

export type RetentionOptions = {
  /** The day the schedule counts to (Dutch time). */
  asOf: string;
  /** The instant e-mail and sessions are compared with. */
  now: Date;
  apply: boolean;
  /** Stops before the next erasure (the job's lease was lost). */
  signal?: AbortSignal;
  /** Runs inside each erasure's transaction (the job checks its lease there). */
  inTransaction?: (trx: Transaction<Database>) => Promise<void>;
};

/** Finds what is due and, with `apply`, erases it: each file in a transaction of its own. */
export async function runRetention(db: Kysely<Database>, options: RetentionOptions): Promise<RetentionRun> {
  const due = await findDue(db, options.asOf);
  const erased: RetentionSummary = { ...NOTHING, held: due.filter((d) => d.held).length };
  let technical = { messages: 0, sessions: 0 };
  let audit: AuditPruning = { records: 0, lastId: null };
  if (options.apply) {
    for (const item of due) {
      if (item.held) continue;
      if (options.signal?.aborted) break;
      const result = await eraseDueItem(db, item, options);
      if (result === "held") erased.held++;
      else if (item.objectType === "case") {
        erased.caseFiles++;
        erased.registrations += result;
      } else erased.registrations += result;
    }
  }
  if (!options.signal?.aborted) {
    technical = await withSystemTask(db, "retention", async (trx) => {
      await options.inTransaction?.(trx);
      const { rows } = await sql<{ messages: number; sessions: number }>`
        SELECT messages, sessions FROM retention_purge_technical(${options.now.toISOString()}::timestamptz, ${options.apply})`.execute(
        trx,
      );
      const row = rows[0] ?? { messages: 0, sessions: 0 };
      if (options.apply && (row.messages > 0 || row.sessions > 0)) {
        await recordAudit(trx, {
          actorId: null,
          actorLabel: "retention",
          action: "retention.purge",
          result: "allowed",
          reason: "expired",
        });
      }
      return { messages: Number(row.messages), sessions: Number(row.sessions) };
    });
    if (options.apply) {
      erased.messages = technical.messages;
      erased.sessions = technical.sessions;
    }
    audit = await pruneAuditLog(db, options);
    if (options.apply) erased.auditRecords = audit.records;
  }
  if (options.apply) keyRing().forgetCaseKeys();
  return { due, technical, audit, erased };
}

/** Erases one due file; answers how many registrations went, or "held" when a hold came first. */
async function eraseDueItem(db: Kysely<Database>, item: DueItem, options: RetentionOptions): Promise<number | "held"> {
  try {
    return await withSystemTask(db, "retention", async (trx) => {
      await options.inTransaction?.(trx);
      if (item.objectType === "case") {
        return eraseCaseIn(trx, { caseId: item.objectId, rule: item.kind, asOf: options.asOf, actorId: null });
      }
      const { rows } = await sql<{ erased: boolean }>`
        SELECT erase_registration(${item.objectId}, ${item.kind}, ${options.asOf}::date) AS erased`.execute(trx);
      if (!rows[0]?.erased) return 0;
      await recordAudit(trx, {
        actorId: null,
        actorLabel: "retention",
        action: "registration.erase",
        objectType: "registration",
        objectId: item.objectId,
        result: "allowed",
        reason: item.kind,
      });
      return 1;
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === LEGAL_HOLD) return "held";
    throw error;
  }
}

/**
 * Erases a case with its registrations inside the caller's transaction, which must be the
 * retention task's (withSystemTask "retention"), with its audit record. By the schedule
 * (actorId null) or on an approved request (the approving coordinator). Answers how many
 * registrations went (0 when the case was already gone).
 */
export async function eraseCaseIn(
  trx: Transaction<Database>,
  input: {
    caseId: number;
    rule: DueItem["kind"] | "request";
    asOf: string;
    actorId: number | null;
    requestId?: number;
  },
): Promise<number> {
  const { rows } = await sql<{ registrations: number | null }>`
    SELECT erase_case(${input.caseId}, ${input.rule}, ${input.requestId ?? null}::bigint, ${input.asOf}::date) AS registrations`.execute(
    trx,
  );
  const registrations = rows[0]?.registrations;
  if (registrations === null || registrations === undefined) return 0;
  await recordAudit(trx, {
    actorId: input.actorId,
    actorLabel: input.actorId === null ? "retention" : undefined,
    action: "case.erase",
    objectType: "case",
    objectId: input.caseId,
    result: "allowed",
    reason: input.rule,
  });
  return Number(registrations);
}

/** Whether a legal hold or a database refusal of erasure is what an error says. */
export function isLegalHoldError(error: unknown): boolean {
  return (error as { code?: unknown })?.code === LEGAL_HOLD;
}
