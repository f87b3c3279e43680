import { describe, expect, it } from "vitest";
import { createLogger } from "../app/lib/logger.server.ts";
import { runInRequestScope } from "../app/lib/request-scope.server.ts";
import { describeCrash, fatalHandler } from "./process-faults.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger("info", { write: (line: string) => void lines.push(JSON.parse(line)) });
  const exits: number[] = [];
  return { lines, logger, exits, exit: (code: number) => void exits.push(code) };
}

describe("the last-resort handlers", () => {
  it("log the crash with the request it happened in, then exit with 1", async () => {
    const { lines, logger, exits, exit } = capture();
    const handler = fatalHandler(logger, "uncaught exception", exit);
    // As in a timer started by a request: the request id travels with the async work.
    await new Promise<void>((resolve) =>
      runInRequestScope("req-crash-01", () =>
        setTimeout(() => {
          handler(new TypeError("Cannot read properties of undefined (reading 'id')"));
          resolve();
        }, 1),
      ),
    );
    expect(exits).toEqual([1]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 60,
      requestId: "req-crash-01",
      msg: "uncaught exception: Herstel stops so that its supervisor starts it again",
      crash: { type: "TypeError", message: "Cannot read properties of undefined (reading 'id')" },
    });
    expect(JSON.stringify(lines[0]?.crash)).toMatch(/process-faults\.test\.ts/);
  });

  it("leave out the message of a database error, which can quote row values", () => {
    const error = Object.assign(new Error("duplicate key value: Key (email)=(jan@example.org) exists"), {
      code: "23505",
    });
    const crash = describeCrash(error);
    expect(crash).toMatchObject({ type: "Error", code: "23505", message: undefined });
    expect(JSON.stringify(crash)).not.toContain("jan@example.org");
  });

  it("describe a thrown non-error by its type only", () => {
    expect(describeCrash("secret text")).toEqual({ type: "string" });
  });
});
