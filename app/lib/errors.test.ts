import { describe, expect, it } from "vitest";
import { DomainError, ErrorCode, withDomainErrors } from "./errors.ts";

/** What withDomainErrors threw, as React Router sees it: a data() response or the error itself. */
async function thrown(error: unknown): Promise<unknown> {
  try {
    await withDomainErrors(async () => {
      throw error;
    });
  } catch (e) {
    return e;
  }
  throw new Error("nothing thrown");
}

describe("withDomainErrors", () => {
  it("answers 503 DATABASE_UNAVAILABLE when the database is away or too slow", async () => {
    for (const error of [
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }),
      new Error("timeout exceeded when trying to connect"),
      new DomainError(ErrorCode.DatabaseUnavailable, "starting"),
    ]) {
      expect(await thrown(error)).toMatchObject({
        type: "DataWithResponseInit",
        data: { code: "DATABASE_UNAVAILABLE" },
        init: { status: 503 },
      });
    }
  });

  it("maps other domain errors to their own status, and leaves bugs to the 500 page", async () => {
    expect(await thrown(new DomainError(ErrorCode.NotFound))).toMatchObject({ init: { status: 404 } });
    const bug = Object.assign(new Error("duplicate key"), { code: "23505" });
    expect(await thrown(bug)).toBe(bug);
  });
});
