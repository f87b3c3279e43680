import { expect, it } from "vitest";
import { APP_ROLE } from "../../db/acting.server.ts";
import { type DatabaseHandle, openPostgres } from "../../db/database.server.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { staffActor, takenUpCase } from "../../testing/case-fixtures.ts";
import { postIntent } from "../../testing/case-intents.ts";
import { storedCaseBox } from "../../testing/sealed-reads.ts";
import { recordConsent } from "../cases/case-file.commands.server.ts";
import { advanceCase } from "../cases/case-journey.server.ts";
import { addPerson, getPeople, updatePartyContact } from "../parties/people.server.ts";
import { recordLetter } from "./contact.intents.server.ts";
import {
  getContactRecords,
  passOnMessage,
  recordMeeting,
  recordMessage,
  reviewLetter,
} from "./contact-forms.server.ts";
import { readUpload } from "./uploads.server.ts";

const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
  0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0a, 0x49,
  0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00,
  0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
]);
const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);
/** An HTML page with a script, dressed up as a PDF by its name and its declared type. */
const DISGUISED = new TextEncoder().encode("<!doctype html><html><body><script>alert(1)</script></body></html>");

/**
 * The forms of contact as workflows, the people around the parties and uploads, as the
 * application role on PostgreSQL (row-level security in force) and on PGlite.
 */
describeWithDatabase("forms of contact", (handle, kind, testUrl) => {
  const appHandle = (): DatabaseHandle => {
    const url = testUrl();
    return kind === "postgres" && url ? openPostgres(url, 2, { role: APP_ROLE }) : handle();
  };
  const closeApp = async (app: DatabaseHandle) => {
    if (app !== handle()) await app.close();
  };

  async function caseAt(
    app: DatabaseHandle,
    until: "preparing" | "contact",
    forms: Parameters<typeof advanceCase>[1]["forms"],
  ) {
    const made = await takenUpCase(handle().db, app.db, {
      answers: { name: "Lina de Boer", phone: "0611111111", contactChannels: ["phone"] },
    });
    await advanceCase(app.db, {
      caseId: made.caseId,
      mediator: made.mediator,
      until,
      forms,
      otherPartyName: "Tom Smit",
      startOn: new Date(made.now.getTime() - 60 * 86_400_000),
    });
    const { parties } = await getPeople(app.db, made.mediator, made.caseId);
    const registrant = parties.find((p) => p.role === "registrant")?.id ?? 0;
    const other = parties.find((p) => p.role === "other_party")?.id ?? 0;
    return { ...made, registrant, other, base: { caseId: made.caseId, origin: "t", now: made.now } };
  }

  const contactMoments = (caseId: number) =>
    handle()
      .db.selectFrom("case_activity")
      .select(["contact_form", "occurred_on"])
      .where("case_id", "=", caseId)
      .where("kind", "=", "contact_moment")
      .orderBy("id")
      .execute();

  it("a letter is read before it is passed on, passes only with both consents, and replies thread", async () => {
    const app = appHandle();
    try {
      const c = await caseAt(app, "contact", ["letter_exchange"]);
      const letter = { ...c.base, form: "letter_exchange" as const, quotaBytes: 1_000_000 };
      expect(
        await recordMessage(app.db, c.mediator, {
          ...letter,
          fromPartyId: c.registrant,
          source: "typed_by_party",
          body: " ",
          writtenOn: "2026-11-20",
        }),
      ).toEqual({ ok: false, problem: "text_or_scan_needed" });
      expect(
        await recordMessage(app.db, c.mediator, {
          ...letter,
          fromPartyId: c.registrant,
          source: "typed_by_party",
          body: "Beste Tom, ik wil u iets vertellen.",
          writtenOn: "2026-11-20",
        }),
      ).toEqual({ ok: true });
      const first = (await getContactRecords(app.db, c.mediator, c.caseId)).messages[0];
      expect(first).toMatchObject({ from_party_id: c.registrant, to_party_id: c.other, passed_on_on: null });
      const firstId = first?.id ?? 0;

      expect(
        await passOnMessage(app.db, c.mediator, { ...c.base, messageId: firstId, passedOnOn: "2026-11-21" }),
      ).toEqual({
        ok: false,
        problem: "not_reviewed",
      });
      // Read before it was written: refused.
      expect(
        await reviewLetter(app.db, c.mediator, {
          ...c.base,
          messageId: firstId,
          reviewedOn: "2026-11-19",
          agreedChanges: "",
        }),
      ).toEqual({ ok: false, problem: "date_order" });
      expect(
        await reviewLetter(app.db, c.mediator, {
          ...c.base,
          messageId: firstId,
          reviewedOn: "2026-11-21",
          agreedChanges: "Eén zin over de rechtszaak weggelaten.",
        }),
      ).toEqual({ ok: true });
      expect(await contactMoments(c.caseId)).toEqual([]);
      // Passed on before it was read: refused, and no contact moment.
      expect(
        await passOnMessage(app.db, c.mediator, { ...c.base, messageId: firstId, passedOnOn: "2026-11-20" }),
      ).toEqual({ ok: false, problem: "date_order" });
      expect(await contactMoments(c.caseId)).toEqual([]);
      expect(
        await passOnMessage(app.db, c.mediator, { ...c.base, messageId: firstId, passedOnOn: "2026-11-22" }),
      ).toEqual({
        ok: true,
      });
      expect(await contactMoments(c.caseId)).toEqual([{ contact_form: "letter_exchange", occurred_on: "2026-11-22" }]);
      expect(
        await passOnMessage(app.db, c.mediator, { ...c.base, messageId: firstId, passedOnOn: "2026-11-23" }),
      ).toEqual({
        ok: false,
        problem: "already_passed_on",
      });

      // A reply forms a thread; a reply to something that is not a letter of this case is refused.
      expect(
        await recordMessage(app.db, c.mediator, {
          ...letter,
          fromPartyId: c.other,
          source: "transcribed",
          body: "Ik heb uw brief gelezen.",
          writtenOn: "2026-11-24",
          replyToId: 999_999,
        }),
      ).toEqual({ ok: false, problem: "reply_unknown" });
      expect(
        await recordMessage(app.db, c.mediator, {
          ...letter,
          fromPartyId: c.other,
          source: "transcribed",
          body: "Ik heb uw brief gelezen.",
          writtenOn: "2026-11-24",
          replyToId: firstId,
        }),
      ).toEqual({ ok: true });
      const reply = (await getContactRecords(app.db, c.mediator, c.caseId)).messages[1];
      expect(reply).toMatchObject({ reply_to_id: firstId, from_party_id: c.other, to_party_id: c.registrant });
      await reviewLetter(app.db, c.mediator, {
        ...c.base,
        messageId: reply?.id ?? 0,
        reviewedOn: "2026-11-25",
        agreedChanges: "",
      });

      // The writer of the first letter withdraws consent to the letter exchange: nothing more passes.
      await recordConsent(app.db, c.mediator, {
        ...c.base,
        partyId: c.registrant,
        purpose: "contact_form",
        contactForm: "letter_exchange",
        given: false,
        method: "verbal",
      });
      expect(
        await passOnMessage(app.db, c.mediator, { ...c.base, messageId: reply?.id ?? 0, passedOnOn: "2026-11-26" }),
      ).toEqual({ ok: false, problem: "consent_missing" });
      expect(await contactMoments(c.caseId)).toHaveLength(1);
    } finally {
      await closeApp(app);
    }
  });

  it("nothing reaches the other party before the step contact", async () => {
    const app = appHandle();
    try {
      const c = await caseAt(app, "preparing", []);
      const shuttle = {
        ...c.base,
        form: "shuttle" as const,
        fromPartyId: c.other,
        source: "told_to_mediator" as const,
        body: "Het spijt hem.",
        writtenOn: "2026-11-20",
        passedOnOn: "2026-11-21",
        quotaBytes: 0,
      };
      expect(await recordMessage(app.db, c.mediator, shuttle)).toEqual({ ok: false, problem: "not_in_contact_step" });
      // Carried before it was said: refused before anything else.
      expect(await recordMessage(app.db, c.mediator, { ...shuttle, passedOnOn: "2026-11-19" })).toEqual({
        ok: false,
        problem: "date_order",
      });
      expect((await getContactRecords(app.db, c.mediator, c.caseId)).messages).toEqual([]);
      // A letter may be written and read in preparation; only passing it on waits.
      expect(
        await recordMessage(app.db, c.mediator, {
          ...c.base,
          form: "letter_exchange",
          fromPartyId: c.registrant,
          source: "typed_by_party",
          body: "Concept.",
          writtenOn: "2026-11-20",
          quotaBytes: 0,
        }),
      ).toEqual({ ok: true });
      const id = (await getContactRecords(app.db, c.mediator, c.caseId)).messages[0]?.id ?? 0;
      await reviewLetter(app.db, c.mediator, { ...c.base, messageId: id, reviewedOn: "2026-11-21", agreedChanges: "" });
      expect(await passOnMessage(app.db, c.mediator, { ...c.base, messageId: id, passedOnOn: "2026-11-22" })).toEqual({
        ok: false,
        problem: "not_in_contact_step",
      });
    } finally {
      await closeApp(app);
    }
  });

  it("shuttle messages, video messages and meetings record their own details and a contact moment", async () => {
    const app = appHandle();
    try {
      const c = await caseAt(app, "contact", ["shuttle", "video_message", "conversation", "group_conference"]);
      const common = { ...c.base, quotaBytes: 0 };
      expect(
        await recordMessage(app.db, c.mediator, {
          ...common,
          form: "shuttle",
          fromPartyId: c.other,
          source: "told_to_mediator",
          body: "Hij wil weten hoe het met haar gaat.",
          writtenOn: "2026-11-20",
          passedOnOn: "2026-11-21",
        }),
      ).toEqual({ ok: true });
      expect(
        await recordMessage(app.db, c.mediator, {
          ...common,
          form: "video_message",
          fromPartyId: c.registrant,
          source: "recorded_with_mediator",
          body: "",
          writtenOn: "2026-11-22",
        }),
      ).toEqual({ ok: false, problem: "file_or_reference_needed" });
      expect(
        await recordMessage(app.db, c.mediator, {
          ...common,
          form: "video_message",
          fromPartyId: c.registrant,
          source: "recorded_with_mediator",
          body: "",
          reference: "Kluis regiokantoor, stick 4",
          writtenOn: "2026-11-22",
        }),
      ).toEqual({ ok: true });
      const video = (await getContactRecords(app.db, c.mediator, c.caseId)).messages.find(
        (m) => m.form === "video_message",
      );
      expect(video).toMatchObject({ reference: "Kluis regiokantoor, stick 4", passed_on_on: null });
      await passOnMessage(app.db, c.mediator, { ...c.base, messageId: video?.id ?? 0, passedOnOn: "2026-11-23" });

      const meeting = {
        ...c.base,
        place: "Buurthuis",
        summary: "",
        partyIds: [] as number[],
        personIds: [] as number[],
        others: [] as Parameters<typeof recordMeeting>[2]["others"],
      };
      expect(
        await recordMeeting(app.db, c.mediator, {
          ...meeting,
          form: "conversation",
          heldOn: "2026-11-24",
          partyIds: [c.registrant],
        }),
      ).toEqual({ ok: false, problem: "both_sides_needed" });
      // A meeting dated before the registration came in is refused, and nothing is stored.
      expect(
        await recordMeeting(app.db, c.mediator, {
          ...meeting,
          form: "conversation",
          heldOn: "2019-11-24",
          partyIds: [c.registrant, c.other],
        }),
      ).toEqual({ ok: false, problem: "before_registration" });
      expect((await getContactRecords(app.db, c.mediator, c.caseId)).meetings).toEqual([]);
      expect(
        await recordMeeting(app.db, c.mediator, {
          ...meeting,
          form: "conversation",
          heldOn: "2026-11-24",
          partyIds: [c.registrant, c.other],
          minutes: 90,
        }),
      ).toEqual({ ok: true });
      await addPerson(app.db, c.mediator, {
        ...c.base,
        partyId: c.other,
        relation: "relative",
        name: "Moeder van Tom",
        contact: { phone: "0622222222" },
      });
      const { persons } = await getPeople(app.db, c.mediator, c.caseId);
      expect(
        await recordMeeting(app.db, c.mediator, {
          ...meeting,
          form: "group_conference",
          heldOn: "2026-11-25",
          partyIds: [c.registrant],
          personIds: persons.map((p) => p.id),
          others: [{ name: "Wijkagent", side: "neither", relation: "professional" }],
        }),
      ).toEqual({ ok: true });
      const { meetings } = await getContactRecords(app.db, c.mediator, c.caseId);
      expect(meetings.map((m) => [m.form, m.participants.map((p) => [p.display_name, p.side, p.relation])])).toEqual([
        [
          "conversation",
          [
            ["Lina de Boer", "victim", "party"],
            ["Tom Smit", "offender", "party"],
          ],
        ],
        [
          "group_conference",
          [
            ["Lina de Boer", "victim", "party"],
            ["Moeder van Tom", "offender", "relative"],
            ["Wijkagent", "neither", "professional"],
          ],
        ],
      ]);
      expect((await contactMoments(c.caseId)).map((m) => m.contact_form)).toEqual([
        "shuttle",
        "video_message",
        "conversation",
        "group_conference",
      ]);
    } finally {
      await closeApp(app);
    }
  });

  it("uploads: the type is checked by content, a disguised file is refused and nothing is stored", async () => {
    const app = appHandle();
    try {
      const c = await caseAt(app, "contact", ["letter_exchange"]);
      const post = (file: File, limits = { uploadMaxBytes: 100_000, quotaBytes: 1_000_000 }) => {
        const form = new FormData();
        form.set("intent", "letter");
        form.set("fromPartyId", String(c.registrant));
        form.set("source", "scan");
        form.set("writtenOn", "2026-11-20");
        form.set("scan", file);
        return postIntent(app.db, c.mediator, recordLetter, form, c.base, {
          uploadMaxBytes: limits.uploadMaxBytes,
          uploadCaseQuotaBytes: limits.quotaBytes,
        }).then((answer) =>
          answer.kind === "problem" ? { ok: false, problem: answer.problem } : { ok: answer.kind === "saved" },
        );
      };
      const stored = async () => ({
        uploads: Number(
          (
            await handle()
              .db.selectFrom("case_upload")
              .select((eb) => eb.fn.countAll().as("n"))
              .where("case_id", "=", c.caseId)
              .executeTakeFirstOrThrow()
          ).n,
        ),
        messages: (await getContactRecords(app.db, c.mediator, c.caseId)).messages.length,
      });

      expect(await post(new File([DISGUISED], "brief.pdf", { type: "application/pdf" }))).toEqual({
        ok: false,
        problem: "type_not_allowed",
      });
      expect(await post(new File([PNG], "scan.png", { type: "image/png" }))).toEqual({ ok: true });
      // A program and a GIF are recognised by their content and refused, whatever their names.
      const exe = new Uint8Array(512);
      exe.set([0x4d, 0x5a, 0x90, 0x00]);
      expect(await post(new File([exe], "brief.pdf", { type: "application/pdf" }))).toEqual({
        ok: false,
        problem: "type_not_allowed",
      });
      const gif = new TextEncoder().encode("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;");
      expect(await post(new File([gif], "scan.jpg", { type: "image/jpeg" }))).toEqual({
        ok: false,
        problem: "type_not_allowed",
      });
      expect(await post(new File([new Uint8Array(0)], "leeg.pdf"))).toEqual({ ok: false, problem: "empty" });
      expect(await post(new File([PDF], "groot.pdf"), { uploadMaxBytes: 20, quotaBytes: 1_000_000 })).toEqual({
        ok: false,
        problem: "too_large",
      });
      expect(await stored()).toEqual({ uploads: 1, messages: 1 });

      expect(await post(new File([PDF], "../../etc/brief\u0000 van Lina.pdf"))).toEqual({ ok: true });
      expect(
        await post(new File([PNG], "scan.png"), {
          uploadMaxBytes: 100_000,
          quotaBytes: PNG.byteLength + PDF.byteLength + 20,
        }),
      ).toEqual({
        ok: false,
        problem: "quota",
      });
      expect(await stored()).toEqual({ uploads: 2, messages: 2 });

      const pdf = (await getContactRecords(app.db, c.mediator, c.caseId)).messages[1]?.upload;
      expect(pdf).toMatchObject({
        file_name: "brief van Lina.pdf",
        media_type: "application/pdf",
        size_bytes: PDF.byteLength,
      });
      const read = await readUpload(app.db, c.mediator, c.caseId, pdf?.id ?? 0);
      expect(Buffer.from(read?.content ?? []).equals(Buffer.from(PDF))).toBe(true);
      // Another mediator, not assigned to this case, cannot read it (row-level security).
      if (kind === "postgres") {
        const stranger = await staffActor(handle().db, "mediator");
        expect(await readUpload(app.db, stranger, c.caseId, pdf?.id ?? 0)).toBeUndefined();
      }
    } finally {
      await closeApp(app);
    }
  });

  it("two people editing the same contact details: the second save is refused and shows what is there now", async () => {
    const app = appHandle();
    try {
      const c = await caseAt(app, "preparing", []);
      const colleague = await staffActor(handle().db, "mediator", { name: "Karin Collega" });
      await handle()
        .db.insertInto("case_assignment")
        .values({
          case_id: c.caseId,
          user_id: colleague.userId,
          role: "co_mediator",
          no_conflict_declared_at: c.now,
          assigned_at: c.now,
        })
        .execute();
      const before = (await getPeople(app.db, c.mediator, c.caseId)).parties.find((p) => p.id === c.registrant);
      expect(before?.contact.phone).toBe("0611111111");
      const save = (actor: typeof c.mediator, phone: string) =>
        updatePartyContact(app.db, actor, {
          ...c.base,
          partyId: c.registrant,
          expectedVersion: before?.version ?? 0,
          contact: { phone, notes: "Niet bellen na 18 uur." },
        });
      expect(await save(colleague, "0633333333")).toEqual({ ok: true });
      const changes = () =>
        handle()
          .db.selectFrom("case_event")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("case_id", "=", c.caseId)
          .where("kind", "=", "case.party_contact_changed")
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n));
      expect(await changes()).toBe(1);
      const second = await save(c.mediator, "0644444444");
      // The refused save changed nothing, so the timeline and the audit trail do not say it did.
      expect(await changes()).toBe(1);
      expect(second).toMatchObject({
        ok: false,
        conflict: {
          contact: { phone: "0633333333", notes: "Niet bellen na 18 uur." },
          version: 2,
          by: "Karin Collega",
        },
      });
      const after = (await getPeople(app.db, c.mediator, c.caseId)).parties.find((p) => p.id === c.registrant);
      expect(after?.contact.phone).toBe("0633333333");
      // What the form does not edit (the channels chosen at registration) is kept.
      const raw = await handle()
        .db.selectFrom("case_party")
        .select("contact")
        .where("id", "=", c.registrant)
        .executeTakeFirstOrThrow();
      const box = await storedCaseBox(handle().db, c.caseId);
      expect(box.openJson("case_party.contact", c.registrant, raw.contact as Uint8Array)).toEqual({
        channels: ["phone"],
        phone: "0633333333",
        notes: "Niet bellen na 18 uur.",
      });
    } finally {
      await closeApp(app);
    }
  });
});
