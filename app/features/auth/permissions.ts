import { DomainError, ErrorCode } from "../../lib/errors.ts";
import type { Actor } from "./roles.ts";

/**
 * Typed permission strings and the pure policy behind them. Routes call `authorize`, which
 * throws a 403 domain error; loaders return `abilities` so pages only offer allowed actions.
 * Case-level rules (own case, region, break the glass) come with the case module.
 */
export const PERMISSIONS = [
  "staff.home",
  "session.manage-own",
  "registration.list",
  "registration.read",
  "user.list",
  "user.invite",
  "user.update",
  "statistics.read",
  "audit.read-object",
  "registration.break-glass",
  "break-glass.review",
  "case.take-up",
  "case.list",
  "case.move",
  "case.break-glass",
  "registration.enter",
  "registration.import",
  "settings.update",
  "privacy.manage",
  "privacy.overview",
  "privacy.export",
  "retention.configure",
  "referrer-organisation.manage",
  "referrer-organisation.approve",
  "questionnaire.manage",
  "privacy.sealed-review",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * A registration as far as access is concerned: the intake desk sees those not yet taken up; a
 * coordinator those without a region yet, those in their regions, and those opened by breaking
 * the glass.
 */
export type RegistrationResource = {
  kind: "registration";
  status: string;
  regionId?: number | null;
  brokenGlass?: boolean;
};

function inCoordinatorScope(actor: Actor, r: RegistrationResource): boolean {
  return r.regionId == null || actor.regionIds.includes(r.regionId) || r.brokenGlass === true;
}
/** A case as far as break the glass is concerned: only its region. */
export type CaseResource = { kind: "case"; regionId: number };
export type Resource = RegistrationResource | CaseResource;

const BY_ROLE: Record<Permission, (actor: Actor, resource?: Resource) => boolean> = {
  "staff.home": () => true,
  "session.manage-own": () => true,
  "registration.list": (a) => a.roles.includes("intake") || a.roles.includes("coordinator"),
  "registration.read": (a, r) =>
    r?.kind === "registration" &&
    ((a.roles.includes("intake") && r.status === "received") ||
      (a.roles.includes("coordinator") && inCoordinatorScope(a, r))),
  // Only a coordinator, and only for a file outside their scope: the reason is recorded.
  "registration.break-glass": (a, r) =>
    r?.kind === "registration" && a.roles.includes("coordinator") && !inCoordinatorScope(a, r),
  "break-glass.review": (a) => a.roles.includes("coordinator") || a.roles.includes("administrator"),
  "case.take-up": (a) => a.roles.includes("intake"),
  "registration.enter": (a) => a.roles.includes("intake"),
  // Which cases: row-level security and the case policy decide (own cases, own regions).
  "case.list": (a) => a.roles.includes("mediator") || a.roles.includes("coordinator"),
  // Which case: row-level security only lets the assigned mediators and the region's coordinator change it.
  "case.move": (a) => a.roles.includes("mediator") || a.roles.includes("coordinator"),
  "case.break-glass": (a, r) =>
    r?.kind === "case" && a.roles.includes("coordinator") && !a.regionIds.includes(r.regionId),
  "user.list": (a) => a.roles.includes("administrator"),
  "user.invite": (a) => a.roles.includes("administrator"),
  "user.update": (a) => a.roles.includes("administrator"),
  // Registrations from before Herstel, for the annual figures (facts only, no personal data).
  "registration.import": (a) => a.roles.includes("administrator"),
  // Site settings such as the neutral site of "exit this page".
  "settings.update": (a) => a.roles.includes("administrator"),
  // Referring organisations: staff keep the list; only a coordinator lets a new one refer.
  "referrer-organisation.manage": (a) => a.roles.includes("coordinator") || a.roles.includes("administrator"),
  "referrer-organisation.approve": (a) => a.roles.includes("coordinator"),
  "statistics.read": (a) => a.roles.includes("coordinator") || a.roles.includes("researcher"),
  // Legal holds and requests of the people in a file (ADR 0020): the coordinators of the case.
  "privacy.manage": (a) => a.roles.includes("coordinator"),
  "privacy.export": (a) => a.roles.includes("coordinator"),
  // What the schedule will erase, what it erased (counts), holds and requests: never content.
  "privacy.overview": (a) => a.roles.includes("privacy_officer"),
  "retention.configure": (a) => a.roles.includes("administrator"),
  // docs/security.md 21: a coordinator sees who opened or changed a file, and when.
  "audit.read-object": (a) => a.roles.includes("coordinator"),
  // New versions of the outcome questionnaire's questions (ADR 0021): drafted and published.
  "questionnaire.manage": (a) => a.roles.includes("administrator"),
  // Sealed notes before an access export (ADR 0020): the case's assigned mediator reviews them.
  "privacy.sealed-review": (a) => a.roles.includes("mediator"),
};

/** Whether actor may do action (on resource). Any error inside a rule denies (docs/security.md 5). */
export function can(actor: Actor | undefined, permission: Permission, resource?: Resource): boolean {
  if (!actor) return false;
  try {
    const rule = BY_ROLE[permission];
    return rule ? rule(actor, resource) === true : false;
  } catch {
    return false;
  }
}

export function authorize(actor: Actor | undefined, permission: Permission, resource?: Resource): void {
  if (!can(actor, permission, resource)) throw new DomainError(ErrorCode.Forbidden, `not allowed: ${permission}`);
}

/** The permissions without a resource that this actor holds, for showing only allowed actions. */
export function abilities(actor: Actor): Permission[] {
  return PERMISSIONS.filter((p) => can(actor, p));
}
