import fc from "fast-check";
import { expect, it } from "vitest";
import { describeWithDatabase } from "../db/testing/test-database.ts";
import { startDraft } from "../features/registration/registration.commands.server.ts";
import { stepsFor } from "../features/registration/registration.fields.ts";
import { findDraft } from "../features/registration/registration.queries.server.ts";
import { formPost, routeContext, statusOf } from "../testing/route-context.ts";
import { action as checkAction } from "./registration-check.tsx";
import { action as startAction } from "./registration-start.tsx";
import { action as stepAction } from "./registration-step.tsx";

/**
 * Property-based tests: whatever a client sends to the registration actions, the answer is a
 * clear 400 (or a redirect when the input happens to be valid), never a server error, and a
 * rejected submission stores nothing.
 */
const fieldNames = [...new Set(stepsFor("referral").flatMap((s) => s.fields.map((f) => f.name)))];

const nastyString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.constantFrom(
    "",
    " ",
    "yes",
    "victim",
    "violence",
    "2026-13-45",
    "9999-12-31",
    "1850-01-01",
    "<script>alert(1)</script>",
    "a@b",
    "\u0000",
    "\r\n",
    "x".repeat(5000),
  ),
  fc.string({ unit: fc.constantFrom("\u0001", "\u001b", "\u007f", "\u200b", "\ufffd", "é", "𝄞", "a"), maxLength: 20 }),
);
const entry = fc.tuple(fc.oneof(fc.constantFrom(...fieldNames), fc.string({ maxLength: 12 })), nastyString);
const formBody = fc.array(entry, { maxLength: 15 }).map((entries) => new URLSearchParams(entries));
const rawBody = fc.uint8Array({ maxLength: 400 });

let clientCounter = 0;
/** A different client address for each call, so that the rate limit does not hide the result. */
const nextClient = () => `10.0.${Math.floor(clientCounter / 250) % 250}.${clientCounter++ % 250}`;

async function outcome(run: () => Promise<unknown>): Promise<number | undefined> {
  try {
    return statusOf(await run());
  } catch (thrown) {
    const status = statusOf(thrown);
    if (status === undefined) throw thrown;
    return status;
  }
}

describeWithDatabase("registration actions under generated bad input", (handle) => {
  const counts = async () => {
    const db = handle().db;
    const n = async (table: "registration" | "outbox_message") =>
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;
    return { registrations: await n("registration"), mail: await n("outbox_message") };
  };

  it("every step answers 400 or a redirect, and a 400 leaves the saved answers untouched", async () => {
    const db = handle().db;
    for (const path of ["self", "referral"] as const) {
      const draftId = await startDraft(db, path, new Date());
      for (const step of stepsFor(path)) {
        await fc.assert(
          fc.asyncProperty(fc.oneof(formBody, rawBody), async (body) => {
            const before = await db
              .selectFrom("registration_draft")
              .select("answers")
              .where("id", "=", draftId)
              .executeTakeFirstOrThrow();
            const status = await outcome(() =>
              stepAction({
                request: formPost(`http://localhost/aanmelden/stap/${step.id}`, body, `herstel_aanmelding=${draftId}`),
                params: { stepId: step.id },
                context: routeContext(handle(), { clientAddress: nextClient() }),
              } as unknown as Parameters<typeof stepAction>[0]),
            );
            expect([303, 400]).toContain(status);
            if (status === 400) {
              const after = await db
                .selectFrom("registration_draft")
                .select("answers")
                .where("id", "=", draftId)
                .executeTakeFirstOrThrow();
              expect(after.answers).toEqual(before.answers);
            }
          }),
          { numRuns: 40 },
        );
      }
    }
  });

  it("a step is read, checked and saved at once: the next step, 404 for a step off the path, back to the start without a draft", async () => {
    const db = handle().db;
    const draftId = await startDraft(db, "self", new Date());
    const post = async (stepId: string, body: Record<string, string>, cookie = `herstel_aanmelding=${draftId}`) => {
      try {
        return (await stepAction({
          request: formPost(`http://localhost/aanmelden/stap/${stepId}`, new URLSearchParams(body), cookie),
          params: { stepId },
          context: routeContext(handle(), { clientAddress: nextClient() }),
        } as unknown as Parameters<typeof stepAction>[0])) as Response;
      } catch (thrown) {
        return thrown as Response;
      }
    };
    const [first, second] = stepsFor("self");
    expect(first?.id).toBe("rol");
    const saved = await post("rol", { role: "victim" });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/aanmelden/stap/${second?.id}`);
    expect((await findDraft(db, draftId, new Date()))?.answers).toMatchObject({ role: "victim" });
    // A step of the referral path does not exist on this one.
    const offPath = stepsFor("referral").find((s) => !stepsFor("self").some((t) => t.id === s.id));
    expect(statusOf(await post(offPath?.id ?? "verwijzer", {}))).toBe(404);
    const gone = await post("rol", { role: "offender" }, "herstel_aanmelding=00000000-0000-4000-8000-000000000000");
    expect(gone.status).toBe(303);
    expect(gone.headers.get("location")).toBe("/aanmelden?verlopen=1");
  });

  it("the start page answers 400 or a redirect for any input", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(formBody, rawBody), async (body) => {
        const status = await outcome(() =>
          startAction({
            request: formPost("http://localhost/aanmelden", body),
            params: {},
            context: routeContext(handle(), { clientAddress: nextClient() }),
          } as unknown as Parameters<typeof startAction>[0]),
        );
        expect([303, 400]).toContain(status);
      }),
      { numRuns: 100 },
    );
  });

  it("the final submit stores nothing for an incomplete form, whatever is sent", async () => {
    const db = handle().db;
    const draftId = await startDraft(db, "self", new Date());
    const before = await counts();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(formBody, rawBody, fc.constant(new URLSearchParams({ privacyAgreed: "yes" }))),
        async (body) => {
          const status = await outcome(() =>
            checkAction({
              request: formPost("http://localhost/aanmelden/controleren", body, `herstel_aanmelding=${draftId}`),
              params: {},
              context: routeContext(handle(), { clientAddress: nextClient() }),
            } as unknown as Parameters<typeof checkAction>[0]),
          );
          expect([303, 400]).toContain(status);
        },
      ),
      { numRuns: 100 },
    );
    expect(await counts()).toEqual(before);
  });

  it("the rate limit answers 429 with Retry-After once a client posts too often", async () => {
    const context = routeContext(handle(), { clientAddress: "192.0.2.77" });
    const statuses: (number | undefined)[] = [];
    for (let i = 0; i < 65; i++) {
      statuses.push(
        await outcome(() =>
          startAction({
            request: formPost("http://localhost/aanmelden", new URLSearchParams()),
            params: {},
            context,
          } as unknown as Parameters<typeof startAction>[0]),
        ),
      );
    }
    expect(statuses.slice(0, 60).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(60).every((s) => s === 429)).toBe(true);
  });
});
