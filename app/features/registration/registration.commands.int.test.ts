import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { storedAnswers, storedMail } from "../../testing/sealed-reads.ts";
import { saveDraftAnswers, startDraft, submitRegistration, updateDraft } from "./registration.commands.server.ts";
import { findDraft, loadLists } from "./registration.queries.server.ts";
import type { Answers } from "./registration.schema.ts";

const now = new Date("2026-11-28T10:00:00Z");
const today = "2026-11-28";

export const completeSelf: Answers = {
  role: "victim",
  offenceCategory: "sexual_offence",
  incidentDate: "2024-03-15",
  policeReport: "no",
  otherPartyKnown: "yes",
  otherPartyName: "P. de Vries",
  name: "Anna Jansen",
  ageGroup: "25_44",
  email: "anna@example.org",
  contactChannels: ["email", "phone"],
  phone: "06 12345678",
  voicemailAllowed: "no",
  senderNameAllowed: "yes",
  hopes: "Ik wil weten waarom.",
  language: "nl",
  interpreterNeeded: "no",
};

const completeReferral: Answers = {
  ...completeSelf,
  role: "offender",
  referrerType: "probation",
  organisationName: "Reclassering Utrecht",
  referrerName: "Karin de Boer",
  referrerEmail: "k.deboer@example.org",
  clientConsent: true,
  statusUpdates: "yes",
  senderNameAllowed: "no",
};

describeWithDatabase("submitting a registration", (handle) => {
  async function draftWith(path: "self" | "referral", answers: Answers) {
    const db = handle().db;
    const id = await startDraft(db, path, now);
    await saveDraftAnswers(db, id, answers, now);
    return id;
  }
  const submit = async (draftId: string) =>
    submitRegistration(handle().db, { draftId, locale: "nl", lists: await loadLists(handle().db), today, now });

  it("stores every answer with its received date, channel and derived fields, and queues the acknowledgement", async () => {
    const id = await draftWith("self", completeSelf);
    const result = await submit(id);
    expect(result).toEqual({ status: "created", reference: "HB-2026-000001" });
    const row = await handle()
      .db.selectFrom("registration")
      .selectAll()
      .where("idempotency_key", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: "web",
      submitted_by: "self",
      registrant_role: "victim",
      registrant_side: "victim",
      offence_category: "sexual_offence",
      referrer_type: null,
      status: "received",
    });
    expect(row.received_at.toISOString()).toBe(now.toISOString());
    expect(await storedAnswers(handle().db, row.id)).toMatchObject({ path: "self", ...completeSelf });
    const mail = (await storedMail(handle().db)).filter((m) => m.related_id === "HB-2026-000001");
    expect(mail.map((m) => [m.kind, m.recipient, m.status])).toEqual([
      ["registration.ack.registrant", "anna@example.org", "pending"],
    ]);
    expect(mail[0]?.body_text).not.toContain("zeden");
    expect(await findDraft(handle().db, id, now)).toBeUndefined();
  });

  it("mails the referrer, and not a client who does not want our name shown", async () => {
    const id = await draftWith("referral", completeReferral);
    const result = await submit(id);
    expect(result.status).toBe("created");
    const reference = result.status === "created" ? result.reference : "";
    const mail = (await storedMail(handle().db)).filter((m) => m.related_id === reference);
    expect(mail.map((m) => ({ kind: m.kind, recipient: m.recipient }))).toEqual([
      { kind: "registration.ack.referrer", recipient: "k.deboer@example.org" },
    ]);
    const row = await handle()
      .db.selectFrom("registration")
      .selectAll()
      .where("reference", "=", reference)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ submitted_by: "referrer", referrer_type: "probation", registrant_side: "offender" });
  });

  it("makes one registration from a double submit, even when both arrive at once", async () => {
    const id = await draftWith("self", completeSelf);
    const results = await Promise.all([submit(id), submit(id), submit(id)]);
    const created = results.filter((r) => r.status === "created");
    const duplicates = results.filter((r) => r.status === "duplicate");
    expect(created).toHaveLength(1);
    expect(duplicates).toHaveLength(2);
    const references = new Set(results.map((r) => ("reference" in r ? r.reference : "")));
    expect(references.size).toBe(1);
    const count = await handle()
      .db.selectFrom("registration")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("idempotency_key", "=", id)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
    expect(await submit(id)).toEqual({
      status: "duplicate",
      reference: created[0] && "reference" in created[0] ? created[0].reference : "",
    });
  });

  it("numbers concurrent registrations without duplicates", async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => draftWith("self", completeSelf)));
    const results = await Promise.all(ids.map((id) => submit(id)));
    const references = results.map((r) => (r.status === "created" ? r.reference : "?"));
    expect(new Set(references).size).toBe(8);
    for (const ref of references) expect(ref).toMatch(/^HB-2026-\d{6}$/);
  });

  it("sends back to the first incomplete step, storing nothing", async () => {
    const id = await draftWith("self", { role: "victim" });
    const before = await handle()
      .db.selectFrom("registration")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(await submit(id)).toEqual({ status: "incomplete", stepId: "gebeurtenis" });
    const after = await handle()
      .db.selectFrom("registration")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await findDraft(handle().db, id, now)).toBeDefined();
  });

  it("stores nothing at all when the last write of the transaction fails", async () => {
    const id = await draftWith("referral", completeReferral);
    const count = async (table: "registration" | "outbox_message") =>
      (
        await handle()
          .db.selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;
    const sequence = async () =>
      (
        await handle()
          .db.selectFrom("registration_sequence")
          .select("last_value")
          .where("year", "=", 2026)
          .executeTakeFirst()
      )?.last_value;
    const before = {
      registrations: await count("registration"),
      mail: await count("outbox_message"),
      seq: await sequence(),
    };
    // Make the outbox insert, which comes after the registration insert, fail inside the database.
    await handle().withRawSession((s) =>
      s.exec(`CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;
              CREATE TRIGGER test_refuse BEFORE INSERT ON outbox_message FOR EACH ROW EXECUTE FUNCTION test_refuse();`),
    );
    try {
      await expect(submit(id)).rejects.toThrow(/refused/);
    } finally {
      await handle().withRawSession((s) =>
        s.exec("DROP TRIGGER test_refuse ON outbox_message; DROP FUNCTION test_refuse();"),
      );
    }
    expect({
      registrations: await count("registration"),
      mail: await count("outbox_message"),
      seq: await sequence(),
    }).toEqual(before);
    expect(await findDraft(handle().db, id, now)).toBeDefined();
    // And the same form can still be sent afterwards.
    expect((await submit(id)).status).toBe("created");
  });

  it("treats an expired or unknown form as missing", async () => {
    const id = await draftWith("self", completeSelf);
    await handle()
      .db.updateTable("registration_draft")
      .set({ expires_at: new Date(now.getTime() - 1000) })
      .where("id", "=", id)
      .execute();
    expect(await submit(id)).toEqual({ status: "missing" });
    expect(await submit("00000000-0000-4000-8000-000000000000")).toEqual({ status: "missing" });
  });

  it("updates a draft step by step under a row lock: steps sent at once are all kept, a refused step saves nothing", async () => {
    const db = handle().db;
    const id = await startDraft(db, "self", now);
    const save = (answers: Answers) => updateDraft(db, id, now, () => ({ save: answers, result: "saved" }));
    expect(
      await Promise.all([save({ role: "victim" }), save({ otherPartyName: "P. de Vries" }), save({ hopes: "rust" })]),
    ).toEqual(["saved", "saved", "saved"]);
    expect((await findDraft(db, id, now))?.answers).toEqual({
      role: "victim",
      otherPartyName: "P. de Vries",
      hopes: "rust",
    });
    const seen: Answers[] = [];
    const refuse = (draft: { answers: Answers }) => {
      seen.push(draft.answers);
      return { result: "refused" };
    };
    expect(await updateDraft(db, id, now, refuse)).toBe("refused");
    expect(seen).toEqual([{ role: "victim", otherPartyName: "P. de Vries", hopes: "rust" }]);
    expect((await findDraft(db, id, now))?.answers).toEqual(seen[0]);
    // Expired, unknown or not an id at all: nothing is decided.
    const later = new Date(now.getTime() + 25 * 3600 * 1000);
    const never = () => ({ result: "decided" });
    expect(await updateDraft(db, id, later, never)).toBeUndefined();
    expect(await updateDraft(db, "00000000-0000-4000-8000-000000000000", now, never)).toBeUndefined();
    expect(await updateDraft(db, "not-an-id", now, never)).toBeUndefined();
    expect(await updateDraft(db, undefined, now, never)).toBeUndefined();
  });
});
