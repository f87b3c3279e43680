import type { Kysely, Transaction } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { visibleCaseBox } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import type { SealBox } from "../../db/sealed.server.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize, type Permission } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";

/** What every write to a case carries: which case, from where, when. */
export type CaseWriteBase = { caseId: number; origin: string; now: Date };

/** A line on the case's timeline; the audit record of the write has the same name. */
export type CaseEventKind = `case.${string}`;

/**
 * The one way to write to a case: authorise, open one transaction under row-level security in
 * which the case must be visible (its sealing key comes with it), do the change, then add the
 * timeline event and the audit record, under one name. A refusal is a DomainError thrown from
 * `change`; the transaction then rolls back and nothing is stored.
 */
export async function caseCommand<T>(
  db: Kysely<Database>,
  actor: Actor,
  input: CaseWriteBase,
  event: CaseEventKind | ((result: T) => CaseEventKind),
  change: (trx: Transaction<Database>, box: SealBox) => Promise<T>,
  options: {
    permission?: Permission;
    detail?: (result: T) => Record<string, unknown>;
    /** A result that changed nothing (a save refused as stale): no event, no audit record. */
    unchanged?: (result: T) => boolean;
  } = {},
): Promise<T> {
  authorize(actor, options.permission ?? "case.move");
  return withStaffActor(db, actor, async (trx) => {
    // Not found unless visible (row-level security).
    const box = await visibleCaseBox(trx, input.caseId);
    const result = await change(trx, box);
    if (options.unchanged?.(result)) return result;
    const kind = typeof event === "function" ? event(result) : event;
    await trx
      .insertInto("case_event")
      .values({
        case_id: input.caseId,
        occurred_at: input.now,
        actor_id: actor.userId,
        kind,
        detail: JSON.stringify(options.detail?.(result) ?? {}),
      })
      .execute();
    await recordAudit(trx, {
      actorId: actor.userId,
      action: kind,
      objectType: "case",
      objectId: input.caseId,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
    return result;
  });
}
