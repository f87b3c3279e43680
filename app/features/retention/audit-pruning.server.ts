import { type Kysely, sql } from "kysely";
import { withSystemTask } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { keyRing } from "../../lib/keys/key-ring.server.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { verifyAuditChain } from "../audit/audit.queries.server.ts";
import { checkpointMac } from "../audit/audit.rules.ts";

/*
 * Pruning the audit log after its period, 5 years (ADR 0020, "Added later"). The log holds no
 * content, but it names who opened which file: after 5 years it goes. Its hash chain must keep
 * verifying, so the oldest run of records is removed and where the kept chain starts (the last
 * removed record's id and hash) is written as a checkpoint signed with the audit key; `npm run
 * audit:verify` starts there. Pruning runs only when the whole log verifies first, so that no
 * tampering is hidden by removing it; the pruning itself is audited.
 */

/** The audit log's period: 5 years (60 months), not configurable; the database enforces it too. */
export const AUDIT_KEEP_YEARS = 5;

/** The instant before which records may go: `asOf` (a Dutch day) less 5 years, never later than now less 5 years. */
export function auditCutoff(asOf: string, now: Date): Date {
  const [y, m, d] = asOf.split("-").map(Number) as [number, number, number];
  const fromAsOf = new Date(Date.UTC(y - AUDIT_KEEP_YEARS, m - 1, d));
  const fromNow = new Date(now.getTime());
  fromNow.setUTCFullYear(fromNow.getUTCFullYear() - AUDIT_KEEP_YEARS);
  return fromAsOf < fromNow ? fromAsOf : fromNow;
}

export type AuditPruning = { records: number; lastId: number | null; refused?: "chain_broken" };

/** What is due (dry run) or pruned (apply). */
export async function pruneAuditLog(
  db: Kysely<Database>,
  options: { asOf: string; now: Date; apply: boolean },
): Promise<AuditPruning> {
  const cutoff = auditCutoff(options.asOf, options.now);
  const candidate = await withSystemTask(db, "retention", async (trx) => {
    const { rows } = await sql<{ last_id: number | string; last_hash: string; records: number | string }>`
      SELECT * FROM audit_prune_candidate(${cutoff.toISOString()}::timestamptz)`.execute(trx);
    return rows[0];
  });
  if (!candidate) return { records: 0, lastId: null };
  const lastId = Number(candidate.last_id);
  if (!options.apply) return { records: Number(candidate.records), lastId };
  const verified = await verifyAuditChain(db);
  if (!verified.ok) return { records: 0, lastId: null, refused: "chain_broken" };
  const { id: keyId, key } = keyRing().currentAuditKey;
  const mac = checkpointMac(key, lastId, candidate.last_hash);
  const records = await withSystemTask(db, "retention", async (trx) => {
    const { rows } = await sql<{ pruned: number | string }>`
      SELECT audit_prune(${lastId}, ${candidate.last_hash}, ${cutoff.toISOString()}::timestamptz, ${keyId}, ${mac}) AS pruned`.execute(
      trx,
    );
    const pruned = Number(rows[0]?.pruned ?? 0);
    await recordAudit(trx, {
      actorId: null,
      actorLabel: "retention",
      action: "audit.prune",
      objectType: "audit_log",
      objectId: lastId,
      result: "allowed",
      reason: "expired",
    });
    return pruned;
  });
  return { records, lastId };
}
