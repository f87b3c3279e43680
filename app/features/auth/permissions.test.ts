import { describe, expect, it } from "vitest";
import { DomainError } from "../../lib/errors.ts";
import { abilities, authorize, can, PERMISSIONS } from "./permissions.ts";
import { type Actor, ROLES } from "./roles.ts";

/** docs/security.md 5: the permission check fails closed. */
describe("permissions", () => {
  const everyRole: Actor = { userId: 1, roles: ROLES, regionIds: [1] };

  it("deny everything to nobody", () => {
    for (const permission of PERMISSIONS) expect(can(undefined, permission), permission).toBe(false);
  });

  it("deny when the check itself fails, instead of throwing or allowing", () => {
    const broken = {
      userId: 1,
      get roles(): readonly never[] {
        throw new Error("roles could not be read");
      },
      regionIds: [],
    } as unknown as Actor;
    // Only what every signed-in person may do (their own sessions, the start page) needs no roles.
    const noRoles: Actor = { userId: 1, roles: [], regionIds: [] };
    for (const permission of PERMISSIONS) {
      if (can(noRoles, permission)) continue;
      expect(can(broken, permission), permission).toBe(false);
    }
    expect(PERMISSIONS.filter((p) => can(noRoles, p))).toEqual(["staff.home", "session.manage-own"]);
    const brokenResource = {
      kind: "registration",
      get status(): string {
        throw new Error("status could not be read");
      },
    } as never;
    expect(can(everyRole, "registration.read", brokenResource)).toBe(false);
  });

  it("turn a refusal into a 403 domain error", () => {
    expect(() => authorize({ userId: 2, roles: ["researcher"], regionIds: [] }, "user.update")).toThrow(DomainError);
    expect(() => authorize(everyRole, "user.update")).not.toThrow();
  });

  it("give a researcher the figures and nothing else", () => {
    expect(abilities({ userId: 3, roles: ["researcher"], regionIds: [] })).toEqual([
      "staff.home",
      "session.manage-own",
      "statistics.read",
    ]);
  });

  it("let only administrators draft and publish versions of the questionnaire", () => {
    for (const role of ROLES)
      expect(can({ userId: 4, roles: [role], regionIds: [1] }, "questionnaire.manage"), role).toBe(
        role === "administrator",
      );
  });
});
