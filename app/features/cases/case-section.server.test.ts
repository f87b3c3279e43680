import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "../auth/roles.ts";

const getCase = vi.fn(async (_db: unknown, _actor: unknown, id: number) => ({ id }));
const caseMoves = vi.fn(async (_db: unknown, _actor: unknown, _id: number) => ({ version: 1, moves: [] }));
vi.mock("./case.queries.server.ts", () => ({ getCase, caseAccessInfo: vi.fn() }));
vi.mock("./case-move.commands.server.ts", () => ({ caseMoves }));
const { caseMovesForLoaders, getCaseForLoaders } = await import("./case-section.server.ts");

describe("what the loaders of one request read once", () => {
  const db = {} as never;
  const mediator = { userId: 1 } as unknown as Actor;
  const coordinator = { userId: 2 } as unknown as Actor;
  beforeEach(() => {
    getCase.mockClear();
    caseMoves.mockClear();
  });

  it("reads a case and its moves once for the loaders of one request", async () => {
    const request = {};
    const [layout, section] = await Promise.all([
      getCaseForLoaders(request, db, mediator, 7),
      getCaseForLoaders(request, db, mediator, 7),
    ]);
    expect(layout).toBe(section);
    expect(getCase).toHaveBeenCalledTimes(1);
    await Promise.all([caseMovesForLoaders(request, db, mediator, 7), caseMovesForLoaders(request, db, mediator, 7)]);
    expect(caseMoves).toHaveBeenCalledTimes(1);
  });

  it("reads again for another request, another case or another person", async () => {
    const request = {};
    await getCaseForLoaders(request, db, mediator, 7);
    await getCaseForLoaders({}, db, mediator, 7);
    await getCaseForLoaders(request, db, mediator, 8);
    await getCaseForLoaders(request, db, coordinator, 7);
    expect(getCase).toHaveBeenCalledTimes(4);
    await caseMovesForLoaders(request, db, mediator, 7);
    await caseMovesForLoaders({}, db, mediator, 7);
    expect(caseMoves).toHaveBeenCalledTimes(2);
  });
});
