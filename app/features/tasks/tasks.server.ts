import type { Kysely } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { caseBox, caseBoxes, reserveIds } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode } from "../../lib/errors.ts";
import type { Actor } from "../auth/roles.ts";
import { type CaseWriteBase, caseCommand } from "../cases/case.command.server.ts";

type Db = Kysely<Database>;

/** Adds a task to a case; its owner must be one of the case's mediators. */
export async function addTask(
  db: Db,
  actor: Actor,
  input: CaseWriteBase & { title: string; dueOn: string; ownerId: number },
): Promise<void> {
  await caseCommand(db, actor, input, "case.task_added", async (trx, box) => {
    const owner = await trx
      .selectFrom("case_assignment")
      .select("user_id")
      .where("case_id", "=", input.caseId)
      .where("user_id", "=", input.ownerId)
      .executeTakeFirst();
    if (!owner) throw new DomainError(ErrorCode.NotFound);
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
  });
}

export async function completeTask(db: Db, actor: Actor, input: CaseWriteBase & { taskId: number }): Promise<void> {
  await caseCommand(db, actor, input, "case.task_done", async (trx) => {
    const done = await trx
      .updateTable("case_task")
      .set({ done_at: input.now })
      .where("id", "=", input.taskId)
      .where("case_id", "=", input.caseId)
      .where("done_at", "is", null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new DomainError(ErrorCode.NotFound);
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
