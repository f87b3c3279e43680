import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Actor } from "../features/auth/roles.ts";
import { type IntentHandler, runIntent } from "../features/cases/case-section.server.ts";
import { loadConfig } from "../lib/config.server.ts";

const config = { ...loadConfig({ APP_SECRET: "t".repeat(40) }), appSecret: "t".repeat(40) };

/** Runs a section's intent as its action would, with a form of the given values (a list for a repeated field). */
export function postIntent(
  db: Kysely<Database>,
  actor: Actor,
  handler: IntentHandler,
  values: Record<string, string | string[] | File> | FormData,
  base: { caseId: number; origin?: string; now: Date },
  limits: { uploadMaxBytes?: number; uploadCaseQuotaBytes?: number } = {},
) {
  let form = values;
  if (!(form instanceof FormData)) {
    const built = new FormData();
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) built.append(key, v);
    }
    form = built;
  }
  return runIntent(
    handler,
    {
      db,
      actor,
      caseId: base.caseId,
      origin: base.origin ?? "t",
      now: base.now,
      form,
      config: { ...config, ...limits },
    },
    String(form.get("intent") ?? ""),
  );
}
