import type { Role } from "../auth/roles.ts";

/**
 * The work lists behind the counts of the staff homes that no other list shows: one address each
 * (`/medewerkers/werkvoorraad/<slug>`), the role that sees it, and the columns it has. The count
 * on a home and the rows of its list come from the same query (workspace.queries.server.ts).
 */
export const WORKLISTS = {
  "mogelijk-dubbel": { role: "intake", columns: ["reference", "received", "related"] },
  "telefonisch-vandaag": { role: "intake", columns: ["reference", "received"] },
  "eerste-gesprek-binnenkort": { role: "mediator", columns: ["reference", "step", "due"] },
  "brieven-te-lezen": { role: "mediator", columns: ["reference", "form", "written"] },
  "zonder-activiteit": { role: "mediator", columns: ["reference", "step", "lastActivity"] },
  "mediator-zaken": { role: "coordinator", columns: ["reference", "step", "region", "due"] },
  noodtoegang: { role: "coordinator", columns: ["who", "object", "reason", "when"] },
  bewaarplicht: { role: "coordinator", columns: ["reference", "holdReason", "until"] },
  "zonder-tweede-factor": { role: "administrator", columns: ["who", "status", "created"] },
  "uitgaande-post": { role: "administrator", columns: ["kind", "status", "attempts", "error", "created"] },
} as const satisfies Record<string, { role: Role; columns: readonly string[] }>;

export type WorklistSlug = keyof typeof WORKLISTS;
export type WorklistColumn = (typeof WORKLISTS)[WorklistSlug]["columns"][number];

export function isWorklist(slug: string): slug is WorklistSlug {
  return Object.hasOwn(WORKLISTS, slug);
}

/** A work list shows at most this many rows (and says how many there are in all). */
export const WORKLIST_LIMIT = 200;

/** Cases without a recorded change for this many days count as quiet. */
export const QUIET_DAYS = 30;
/** A first conversation due within this many days counts as "soon". */
export const DUE_SOON_DAYS = 7;
/** The open caseload per mediator when no administrator set one (app_setting workspace.caseload_norm). */
export const DEFAULT_CASELOAD_NORM = 15;
export const CASELOAD_NORM_SETTING = "workspace.caseload_norm";

/** A norm as stored (a JSON number): a whole number from 1 to 200, otherwise the default. */
export function caseloadNormFrom(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 200
    ? value
    : DEFAULT_CASELOAD_NORM;
}

/** Adds days to a calendar date (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Sunday that ends the (Monday-to-Sunday) week of this calendar date. */
export function endOfWeek(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, weekday === 0 ? 0 : 7 - weekday);
}
