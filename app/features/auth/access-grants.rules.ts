import type { Role } from "./roles.ts";

/**
 * Roles that read case data (intake: registrations; mediator and coordinator: cases) or that
 * approve such access (administrator), and the privacy officer (references and dates of files in
 * every region). Giving one of these, or a region, waits for a second administrator. The
 * researcher sees only suppressed figures: given at once.
 */
export const FOUR_EYES_ROLES: readonly Role[] = [
  "intake",
  "mediator",
  "coordinator",
  "administrator",
  "privacy_officer",
];

export type Access = { roles: readonly Role[]; regionIds: readonly number[] };

export type AccessChange = {
  removeRoles: Role[];
  removeRegionIds: number[];
  /** Given at once. */
  addRoles: Role[];
  /** Waiting for a second administrator. */
  requestRoles: Role[];
  requestRegionIds: number[];
};

/** How a change from `current` to `desired` access is carried out. Pure. */
export function planAccessChange(current: Access, desired: Access): AccessChange {
  const added = desired.roles.filter((r) => !current.roles.includes(r));
  return {
    removeRoles: current.roles.filter((r) => !desired.roles.includes(r)),
    removeRegionIds: current.regionIds.filter((r) => !desired.regionIds.includes(r)),
    addRoles: added.filter((r) => !FOUR_EYES_ROLES.includes(r)),
    requestRoles: added.filter((r) => FOUR_EYES_ROLES.includes(r)),
    requestRegionIds: desired.regionIds.filter((r) => !current.regionIds.includes(r)),
  };
}

export function needsApproval(change: AccessChange): boolean {
  return change.requestRoles.length > 0 || change.requestRegionIds.length > 0;
}

/** Who may approve a request: an administrator who neither asked for it nor receives it. */
export function mayApprove(approverId: number, request: { userId: number; requestedBy: number }): boolean {
  return approverId !== request.userId && approverId !== request.requestedBy;
}
