import { expect, it } from "vitest";
import { errorMessages, withDomainErrors } from "./errors.ts";

it("answers 423 CASE_RESTRICTED when the database refuses a change to a restricted case file", async () => {
  const refusal = Object.assign(new Error("the case file is restricted"), { code: "HR001" });
  const thrown = await withDomainErrors(async () => {
    throw refusal;
  }).catch((e: unknown) => e);
  expect(thrown).toMatchObject({ data: { code: "CASE_RESTRICTED" }, init: { status: 423 } });
  expect(errorMessages("CASE_RESTRICTED", 423)).toEqual({
    title: "error.restricted.title",
    body: "error.restricted.body",
  });
  // Any other database error is not mistaken for it.
  const other = Object.assign(new Error("duplicate key"), { code: "23505" });
  expect(await withDomainErrors(async () => Promise.reject(other)).catch((e: unknown) => e)).toBe(other);
});
