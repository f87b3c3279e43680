import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import type { Actor } from "../auth/roles.ts";
import { takeUpRegistration } from "./take-up.commands.server.ts";
import { addTask, caseTasks, completeTask, myOpenTasks } from "./tasks.server.ts";

describeWithDatabase("case tasks", (handle) => {
  it("belong to a case mediator, show up under 'my tasks' until done", async () => {
    const db = handle().db;
    const now = new Date("2026-11-27T10:00:00Z");
    const id = randomUUID().slice(0, 8);
    const user = async (role: "intake" | "mediator") => {
      const u = await db
        .insertInto("staff_user")
        .values({ email: `${role}-${id}@t.example`, display_name: `${role}-${id}`, status: "active", created_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db.insertInto("staff_role").values({ user_id: u.id, role }).execute();
      return u.id;
    };
    const intake: Actor = { userId: await user("intake"), roles: ["intake"], regionIds: [] };
    const mediator: Actor = { userId: await user("mediator"), roles: ["mediator"], regionIds: [] };
    const reg = await db
      .insertInto("registration")
      .values({
        reference: `HB-2026-1${Math.floor(Math.random() * 90000 + 10000)}`,
        idempotency_key: randomUUID(),
        channel: "web",
        submitted_by: "self",
        registrant_role: "victim",
        registrant_side: "victim",
        offence_category: "violence",
        referrer_type: null,
        locale: "nl",
        form_version: 1,
        answers: "{}",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const region = await db.selectFrom("region").select("id").limit(1).executeTakeFirstOrThrow();
    const made = await takeUpRegistration(db, intake, {
      registrationId: reg.id,
      regionId: region.id,
      leadMediatorId: mediator.userId,
      noConflictDeclared: true,
      origin: "t",
      now,
    });
    if (!made.ok) throw new Error(made.problem);
    const base = { caseId: made.caseId, origin: "t", now };
    await addTask(db, mediator, {
      ...base,
      title: "Andere partij bellen",
      dueOn: "2026-11-30",
      ownerId: mediator.userId,
    });
    await expect(
      addTask(db, mediator, { ...base, title: "x", dueOn: "2026-11-30", ownerId: intake.userId }),
    ).rejects.toThrow();
    const mine = await myOpenTasks(db, mediator);
    expect(mine.map((t) => [t.title, t.due_on])).toEqual([["Andere partij bellen", "2026-11-30"]]);
    const [task] = await caseTasks(db, mediator, made.caseId);
    await completeTask(db, mediator, { ...base, taskId: task?.id ?? 0 });
    expect(await myOpenTasks(db, mediator)).toEqual([]);
    await expect(completeTask(db, mediator, { ...base, taskId: task?.id ?? 0 })).rejects.toThrow();
  });
});
