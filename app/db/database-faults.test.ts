import { describe, expect, it } from "vitest";
import { classifyDatabaseError, isDatabaseFault } from "./database-faults.ts";

const pgError = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("classifyDatabaseError", () => {
  it("calls a lost, refused or shut-down connection a connection fault", () => {
    for (const error of [
      pgError("57P01", "terminating connection due to administrator command"),
      pgError("57P02"),
      pgError("57P03", "the database system is starting up"),
      pgError("08006"),
      pgError("08001"),
      pgError("25006", "cannot execute INSERT in a read-only transaction"),
      pgError("53300"),
      pgError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"),
      pgError("ECONNRESET"),
      new Error("Connection terminated unexpectedly"),
      new Error("Client has encountered a connection error and is not queryable"),
      new Error("Query read timeout"),
      new Error("Connection terminated due to connection timeout"),
    ]) {
      expect(classifyDatabaseError(error), error.message).toBe("connection");
    }
  });

  it("calls a statement or lock timeout a timeout, and an exhausted pool busy", () => {
    expect(classifyDatabaseError(pgError("57014", "canceling statement due to statement timeout"))).toBe("timeout");
    expect(classifyDatabaseError(pgError("55P03"))).toBe("timeout");
    expect(classifyDatabaseError(new Error("timeout exceeded when trying to connect"))).toBe("busy");
  });

  it("finds the driver's error behind a wrapping error", () => {
    const wrapped = new Error("outer", { cause: new Error("inner", { cause: pgError("57P01") }) });
    expect(classifyDatabaseError(wrapped)).toBe("connection");
  });

  it("leaves bugs and bad data alone: they are not the database being away", () => {
    for (const error of [
      pgError("23505", "duplicate key value violates unique constraint"),
      pgError("42P01", 'relation "nope" does not exist'),
      pgError("40001"),
      new Error("Cannot read properties of undefined"),
      new TypeError("x is not a function"),
      "Connection terminated",
      undefined,
      null,
      { code: 57014 },
    ]) {
      expect(isDatabaseFault(error)).toBe(false);
    }
  });

  it("stops following causes after a few levels (a cycle cannot hang it)", () => {
    const a: { cause?: unknown; message: string } = { message: "a" };
    a.cause = a;
    expect(classifyDatabaseError(a)).toBeUndefined();
  });
});
