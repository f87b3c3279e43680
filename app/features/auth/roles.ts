/** Staff roles (docs/security.md). A person can hold several. */
export const ROLES = ["intake", "mediator", "coordinator", "administrator", "researcher", "privacy_officer"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Who is acting: what every policy decision is made about. */
export type Actor = {
  userId: number;
  roles: readonly Role[];
  regionIds: readonly number[];
};
