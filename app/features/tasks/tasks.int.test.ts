import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { takenUpCase } from "../../testing/case-fixtures.ts";
import { addTask, caseTasks, completeTask, myOpenTasks } from "./tasks.server.ts";

describeWithDatabase("case tasks", (handle) => {
  it("belong to a case mediator, show up under 'my tasks' until done", async () => {
    const db = handle().db;
    const { caseId, intake, mediator, now } = await takenUpCase(db);
    const base = { caseId, origin: "t", now };
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
    const [task] = await caseTasks(db, mediator, caseId);
    await completeTask(db, mediator, { ...base, taskId: task?.id ?? 0 });
    expect(await myOpenTasks(db, mediator)).toEqual([]);
    await expect(completeTask(db, mediator, { ...base, taskId: task?.id ?? 0 })).rejects.toThrow();
  });
});
