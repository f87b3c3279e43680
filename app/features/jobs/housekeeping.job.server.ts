import { purgeOldRateLimitWindows } from "../rate-limit/rate-limit.server.ts";
import { purgeExpiredDrafts } from "../registration/registration.commands.server.ts";
import type { JobDefinition } from "./job-runner.server.ts";

/**
 * Daily clean-up of technical leftovers: registration drafts past their 24 hours (they hold
 * personal data; otherwise removed only when a new form starts) and rate-limit windows older
 * than a day. Retention of case data is not this job's business (docs/security.md 22).
 */
export function housekeepingJob(now: () => Date = () => new Date()): JobDefinition {
  return {
    name: "housekeeping",
    schedule: { dailyAt: "03:30" },
    async run({ db, log }) {
      const at = now();
      const drafts = await purgeExpiredDrafts(db, at);
      const rateLimitWindows = await purgeOldRateLimitWindows(db, at);
      log.info({ drafts, rateLimitWindows }, "housekeeping removed expired drafts and old rate-limit windows");
    },
  };
}
