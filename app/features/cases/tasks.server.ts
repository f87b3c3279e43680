import type { Kysely } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { caseBox, caseBoxes, reserveIds } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import { recordAudit } from "../audit/audit.commands.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";

type Db = Kysely<Database>;

/** Adds a task to a case; its owner must be one of the case's mediators. */
export async function addTask(
  db: Db,
  actor: Actor,
  input: { caseId: number; title: string; dueOn: string; ownerId: number; origin: string; now: Date },
): Promise<void> {
  authorize(actor, "case.move");
  await withStaffActor(db, actor, async (trx) => {
    const owner = await trx
      .selectFrom("case_assignment")
      .select("user_id")
      .where("case_id", "=", input.caseId)
      .where("user_id", "=", input.ownerId)
      .executeTakeFirst();
    if (!owner) throw new DomainError(ErrorCode.NotFound);
    const box = await caseBox(trx, input.caseId);
    const [id] = (await reserveIds(trx, "case_task", 1)) as [number];
    await trx
      .insertInto("case_task")
      .values({
        id,
        case_id: input.caseId,
        title: box.text("case_task.title", id, input.title),
        due_on: input.dueOn,
        owner_id: input.ownerId,
        created_by: actor.userId,
        created_at: input.now,
      })
      .execute();
    await trx
      .insertInto("case_event")
      .values({
        case_id: input.caseId,
        occurred_at: input.now,
        actor_id: actor.userId,
        kind: "case.task_added",
        detail: "{}",
      })
      .execute();
    await recordAudit(trx, {
      actorId: actor.userId,
      action: "case.task_add",
      objectType: "case",
      objectId: input.caseId,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
  });
}

export async function completeTask(
  db: Db,
  actor: Actor,
  input: { caseId: number; taskId: number; origin: string; now: Date },
): Promise<void> {
  authorize(actor, "case.move");
  await withStaffActor(db, actor, async (trx) => {
    const done = await trx
      .updateTable("case_task")
      .set({ done_at: input.now })
      .where("id", "=", input.taskId)
      .where("case_id", "=", input.caseId)
      .where("done_at", "is", null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new DomainError(ErrorCode.NotFound);
    await trx
      .insertInto("case_event")
      .values({
        case_id: input.caseId,
        occurred_at: input.now,
        actor_id: actor.userId,
        kind: "case.task_done",
        detail: "{}",
      })
      .execute();
    await recordAudit(trx, {
      actorId: actor.userId,
      action: "case.task_done",
      objectType: "case",
      objectId: input.caseId,
      result: "allowed",
      origin: input.origin,
      at: input.now,
    });
  });
}

/** The tasks of one case, open ones first. */
export async function caseTasks(db: Db, actor: Actor, caseId: number) {
  return withStaffActor(db, actor, async (trx) => {
    const rows = await trx
      .selectFrom("case_task as t")
      .innerJoin("staff_user as u", "u.id", "t.owner_id")
      .select(["t.id", "t.title", "t.due_on", "t.done_at", "u.display_name as owner"])
      .where("t.case_id", "=", caseId)
      .orderBy("t.done_at", (ob) => ob.nullsFirst())
      .orderBy("t.due_on")
      .execute();
    if (rows.length === 0) return [];
    const box = await caseBox(trx, caseId);
    return rows.map((t) => ({ ...t, title: box.openText("case_task.title", t.id, t.title) }));
  });
}

/** My open tasks across the cases I may see, soonest first. */
export async function myOpenTasks(db: Db, actor: Actor) {
  return withStaffActor(db, actor, async (trx) => {
    const rows = await trx
      .selectFrom("case_task as t")
      .innerJoin("mediation_case as c", "c.id", "t.case_id")
      .select(["t.id", "t.title", "t.due_on", "t.case_id", "c.reference"])
      .where("t.owner_id", "=", actor.userId)
      .where("t.done_at", "is", null)
      .orderBy("t.due_on")
      .execute();
    const boxes = await caseBoxes(
      trx,
      rows.map((t) => t.case_id),
    );
    // A task of an erased case keeps its date and case, not its title.
    return rows.map((t) => {
      const box = boxes.get(t.case_id);
      return { ...t, title: box && !box.erased ? box.openText("case_task.title", t.id, t.title) : "" };
    });
  });
}
