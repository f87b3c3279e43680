import { describe, expect, it } from "vitest";
import { mayApprove, needsApproval, planAccessChange } from "./access-grants.rules.ts";

describe("planAccessChange", () => {
  it("removes at once, gives the researcher role at once, and holds case access for approval", () => {
    const change = planAccessChange(
      { roles: ["mediator", "researcher"], regionIds: [1, 2] },
      { roles: ["coordinator", "researcher", "administrator"], regionIds: [2, 3] },
    );
    expect(change).toEqual({
      removeRoles: ["mediator"],
      removeRegionIds: [1],
      addRoles: [],
      requestRoles: ["coordinator", "administrator"],
      requestRegionIds: [3],
    });
    expect(needsApproval(change)).toBe(true);
  });

  it("needs no approval for less access or for figures only", () => {
    expect(
      needsApproval(planAccessChange({ roles: ["coordinator"], regionIds: [1] }, { roles: [], regionIds: [] })),
    ).toBe(false);
    const researcher = planAccessChange({ roles: [], regionIds: [] }, { roles: ["researcher"], regionIds: [] });
    expect(researcher.addRoles).toEqual(["researcher"]);
    expect(needsApproval(researcher)).toBe(false);
  });

  it("treats every case-reading role and every region as needing a second administrator", () => {
    for (const role of ["intake", "mediator", "coordinator", "administrator"] as const) {
      expect(needsApproval(planAccessChange({ roles: [], regionIds: [] }, { roles: [role], regionIds: [] }))).toBe(
        true,
      );
    }
    expect(needsApproval(planAccessChange({ roles: [], regionIds: [] }, { roles: [], regionIds: [7] }))).toBe(true);
  });
});

describe("mayApprove", () => {
  it("refuses the one who asked and the one who receives", () => {
    expect(mayApprove(1, { userId: 2, requestedBy: 1 })).toBe(false);
    expect(mayApprove(2, { userId: 2, requestedBy: 1 })).toBe(false);
    expect(mayApprove(3, { userId: 2, requestedBy: 1 })).toBe(true);
  });
});
