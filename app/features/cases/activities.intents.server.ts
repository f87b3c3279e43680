import { formInput } from "../../lib/form-schema.ts";
import { addTask, completeTask } from "../tasks/tasks.server.ts";
import { activityForm, taskAddForm, taskDoneForm } from "./activities.schema.ts";
import { recordActivity } from "./case-file.commands.server.ts";
import type { IntentHandler, IntentScope } from "./case-section.server.ts";

/** The activities section's intents: an activity or note, and the case's tasks. */
function write(scope: IntentScope) {
  return { caseId: scope.caseId, origin: scope.origin, now: scope.now };
}

export const recordActivityIntent: IntentHandler = async (scope) => {
  const input = formInput(activityForm, scope.form);
  await recordActivity(scope.db, scope.actor, { ...write(scope), ...input, sealed: input.sealed === "yes" });
  return { kind: "saved" };
};

export const addTaskIntent: IntentHandler = async (scope) => {
  const input = formInput(taskAddForm, scope.form);
  await addTask(scope.db, scope.actor, { ...write(scope), ...input });
  return { kind: "saved" };
};

export const completeTaskIntent: IntentHandler = async (scope) => {
  const input = formInput(taskDoneForm, scope.form);
  await completeTask(scope.db, scope.actor, { ...write(scope), taskId: input.taskId });
  return { kind: "saved" };
};

export const taskIntents = { "task-add": addTaskIntent, "task-done": completeTaskIntent } as const satisfies Record<
  string,
  IntentHandler
>;
export const activitiesIntents = { activity: recordActivityIntent, ...taskIntents } as const;
