import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { asAppRole } from "../../db/testing/app-role.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { FIXED_NOW, staffActor, waitingRegistration } from "../../testing/case-fixtures.ts";
import type { Actor } from "../auth/roles.ts";
import { takeUpRegistration } from "../cases/take-up.commands.server.ts";
import { endOfWeek } from "./workspace.lists.ts";
import {
  administratorHome,
  coordinatorHome,
  databaseStatus,
  intakeHome,
  mediatorHome,
  type WorkContext,
  worklist,
} from "./workspace.queries.server.ts";

/**
 * The counts of the staff homes on a known set of rows, read as the application (row-level
 * security in force), and the work list behind each count showing exactly that many rows.
 * FIXED_NOW is Friday 27 November 2026, 11:00 in Amsterdam.
 */
describeWithDatabase("the staff homes' counts", (handle, kind, url) => {
  it("count what each role has to do, within what that person may see, and the lists agree", async () => {
    const owner = handle().db;
    const now = FIXED_NOW;
    const today = "2026-11-27";
    const day = (d: string, time = "09:00:00") => new Date(`${d}T${time}Z`);

    const intake = await staffActor(owner, "intake");
    const mediator = await staffActor(owner, "mediator", { region: "midden" });
    const otherMediator = await staffActor(owner, "mediator", { region: "west" });
    const coordinator = await staffActor(owner, "coordinator", { region: "midden" });
    const otherCoordinator = await staffActor(owner, "coordinator", { region: "west" });
    const admin = await staffActor(owner, "administrator");

    // The intake queue: two alike (same name and date of birth), two by phone (one today).
    const alike = { name: "Fenna de Wit", dateOfBirth: "1980-02-03" };
    const oldest = await waitingRegistration(owner, { receivedAt: day("2026-11-17"), answers: alike });
    await waitingRegistration(owner, { receivedAt: day("2026-11-20"), answers: alike });
    const phoned = await waitingRegistration(owner, { receivedAt: day(today, "08:00:00"), answers: { name: "A" } });
    const phonedBefore = await waitingRegistration(owner, { receivedAt: day("2026-11-26"), answers: { name: "B" } });
    await owner
      .updateTable("registration")
      .set({ channel: "phone" })
      .where("id", "in", [phoned.id, phonedBefore.id])
      .execute();

    const regionId = async (code: string) =>
      (await owner.selectFrom("region").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
    const makeCase = async (lead: Actor, region: string, step: string, due: string) => {
      const registration = await waitingRegistration(owner, { receivedAt: day("2026-10-01"), answers: { name: "C" } });
      const made = await takeUpRegistration(owner, intake, {
        registrationId: registration.id,
        regionId: await regionId(region),
        leadMediatorId: lead.userId,
        noConflictDeclared: true,
        origin: "t",
        now,
      });
      if (!made.ok) throw new Error(made.problem);
      await owner
        .updateTable("mediation_case")
        .set({ step, first_conversation_due: due })
        .where("id", "=", made.caseId)
        .execute();
      return { id: made.caseId, reference: made.reference };
    };
    const overdue = await makeCase(mediator, "midden", "taken_up", "2026-11-20");
    const soon = await makeCase(mediator, "midden", "taken_up", "2026-12-02");
    const inContact = await makeCase(mediator, "midden", "contact", "2026-10-15");
    const quiet = await makeCase(mediator, "midden", "preparing", "2026-09-15");
    await makeCase(mediator, "midden", "closed", "2026-09-15");
    const elsewhere = await makeCase(otherMediator, "west", "taken_up", "2026-11-01");
    // Quiet: taken up and last changed more than 30 days ago.
    await owner
      .updateTable("mediation_case")
      .set({ taken_up_at: day("2026-09-01") })
      .where("id", "=", quiet.id)
      .execute();
    await owner
      .updateTable("case_event")
      .set({ occurred_at: day("2026-09-01") })
      .where("case_id", "=", quiet.id)
      .execute();

    // A letter not yet read, and one read, in the contact step.
    const parties = await owner
      .selectFrom("case_party")
      .select("id")
      .where("case_id", "=", inContact.id)
      .orderBy("id")
      .execute();
    let partyIds = parties.map((p) => p.id);
    if (partyIds.length < 2) {
      const other = await owner
        .insertInto("case_party")
        .values({
          case_id: inContact.id,
          side: "offender",
          role: "other_party",
          display_name: "D",
          contact: null,
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      partyIds = [...partyIds, other.id];
    }
    const [from, to] = partyIds as [number, number];
    const letter = (reviewed: string | null) => ({
      case_id: inContact.id,
      form: "letter_exchange" as const,
      from_party_id: from,
      to_party_id: to,
      source: "typed_by_party" as const,
      body: null,
      written_on: "2026-11-25",
      reviewed_on: reviewed,
      recorded_by: mediator.userId,
      recorded_at: now,
    });
    await owner
      .insertInto("case_message")
      .values([letter(null), letter("2026-11-26")])
      .execute();

    // Tasks: one past its date, one on Sunday (this week), one next week, one done.
    const task = (due: string, done: Date | null) => ({
      case_id: overdue.id,
      title: new Uint8Array(randomBytes(8)),
      due_on: due,
      owner_id: mediator.userId,
      done_at: done,
      created_by: mediator.userId,
      created_at: now,
    });
    await owner
      .insertInto("case_task")
      .values([task("2026-11-25", null), task("2026-11-29", null), task("2026-12-02", null), task("2026-11-20", now)])
      .execute();

    // Legal holds: one in force, one lifted; break the glass: recent in my region, old, elsewhere.
    await owner
      .insertInto("legal_hold")
      .values([
        {
          case_id: inContact.id,
          reason: "complaint",
          until: "2027-01-31",
          placed_by: coordinator.userId,
          placed_at: now,
        },
        {
          case_id: quiet.id,
          reason: "other",
          until: "2027-01-31",
          placed_by: coordinator.userId,
          placed_at: now,
          lifted_by: coordinator.userId,
          lifted_at: now,
        },
      ])
      .execute();
    const glass = (objectId: number, at: string) => ({
      user_id: otherCoordinator.userId,
      object_type: "case" as const,
      object_id: objectId,
      reason: "Vervanging tijdens verlof van de collega",
      created_at: day(at),
      expires_at: day(at, "17:00:00"),
    });
    await owner
      .insertInto("break_glass_grant")
      .values([glass(overdue.id, "2026-11-20"), glass(soon.id, "2026-09-01"), glass(elsewhere.id, "2026-11-20")])
      .execute();

    // Accounts: every one has a second factor except two; one of those is deactivated.
    await owner.updateTable("staff_user").set({ totp_confirmed_at: now }).execute();
    await owner
      .updateTable("staff_user")
      .set({ totp_confirmed_at: null })
      .where("id", "in", [intake.userId, admin.userId])
      .execute();
    await owner.updateTable("staff_user").set({ status: "deactivated" }).where("id", "=", intake.userId).execute();
    // The outbox: waiting, waiting after a failed attempt, failed, sent.
    const mail = (status: "pending" | "failed" | "sent", attempts: number) => ({
      kind: "test",
      recipient: new Uint8Array(randomBytes(8)),
      subject: "s",
      body_text: new Uint8Array(randomBytes(8)),
      data_key: new Uint8Array(randomBytes(8)),
      status,
      attempts,
      sent_at: status === "sent" ? now : null,
    });
    await owner.deleteFrom("outbox_message").execute();
    await owner
      .insertInto("outbox_message")
      .values([mail("pending", 0), mail("pending", 2), mail("failed", 48), mail("sent", 1)])
      .execute();

    const { app, release } = await asAppRole(handle(), kind, url());
    try {
      const db = app.db;
      const as = (actor: Actor): WorkContext => ({ actor, now, today });
      const rowsOf = async (actor: Actor, slug: Parameters<typeof worklist>[2], param?: number) => {
        const list = await worklist(db, as(actor), slug, param);
        expect(list.rows).toHaveLength(list.total);
        return list.rows.map((r) => r.reference);
      };

      // The intake desk sees every waiting registration (the cases' registrations are taken up).
      const desk = await intakeHome(db, as(intake));
      expect(desk).toMatchObject({ waiting: 4, oldestWaitingDays: 10, duplicates: 2, phoneToday: 1 });
      expect(desk.oldestReceived).toBe(day("2026-11-17").toISOString());
      expect((await rowsOf(intake, "mogelijk-dubbel"))[0]).toBe(oldest.reference);
      expect(await rowsOf(intake, "telefonisch-vandaag")).toEqual([phoned.reference]);

      // The mediator: only their own cases.
      const mine = await mediatorHome(db, as(mediator), endOfWeek(today));
      expect(mine).toEqual({
        byStep: { taken_up: 2, contact: 1, preparing: 1 },
        firstOverdue: 1,
        firstDueSoon: 1,
        tasksOverdue: 1,
        tasksThisWeek: 1,
        lettersToRead: 1,
        quiet: 1,
      });
      expect(await rowsOf(mediator, "eerste-gesprek-binnenkort")).toEqual([soon.reference]);
      expect(await rowsOf(mediator, "brieven-te-lezen")).toEqual([inContact.reference]);
      expect(await rowsOf(mediator, "zonder-activiteit")).toEqual([quiet.reference]);
      // Another mediator's lists are their own: nothing of these cases.
      expect((await mediatorHome(db, as(otherMediator), endOfWeek(today))).byStep).toEqual({ taken_up: 1 });
      expect(await rowsOf(otherMediator, "brieven-te-lezen")).toEqual([]);

      // The coordinator of midden: the queue, midden's overdue case, caseloads, break the glass, holds.
      const regions = await coordinatorHome(db, as(coordinator));
      expect(regions).toMatchObject({ firstOverdue: 1, breakGlass: 1, onHold: 1, norm: 15 });
      expect(regions.waiting).toBe(4);
      expect(regions.caseload).toEqual([{ id: mediator.userId, name: expect.any(String), open: 4 }]);
      expect(await rowsOf(coordinator, "mediator-zaken", mediator.userId)).toHaveLength(4);
      expect(await rowsOf(coordinator, "mediator-zaken", otherMediator.userId)).toEqual([]);
      expect(await rowsOf(coordinator, "noodtoegang")).toEqual([overdue.reference]);
      expect(await rowsOf(coordinator, "bewaarplicht")).toEqual([inContact.reference]);
      // West's coordinator sees none of midden's holds, and broke the glass themselves (not to review).
      expect(await coordinatorHome(db, as(otherCoordinator))).toMatchObject({
        onHold: 0,
        breakGlass: 0,
        firstOverdue: 1,
      });

      // A norm set by an administrator replaces the default.
      await owner
        .insertInto("app_setting")
        .values({ key: "workspace.caseload_norm", value: "3" })
        .onConflict((oc) => oc.column("key").doUpdateSet({ value: "3" }))
        .execute();
      expect((await coordinatorHome(db, as(coordinator))).norm).toBe(3);

      // The administrator: one active account without a second factor (the deactivated one is not counted).
      const beheer = await administratorHome(db, as(admin));
      expect(beheer.withoutSecondFactor).toBe(1);
      expect(beheer.deactivated).toBe(1);
      expect(beheer.outbox).toEqual({ waiting: 2, retrying: 1, failed: 1, attention: 3 });
      expect(await worklist(db, as(admin), "uitgaande-post")).toMatchObject({ total: 3 });
      expect((await worklist(db, as(admin), "zonder-tweede-factor")).rows.map((r) => r.key)).toEqual([
        String(admin.userId),
      ]);
      // The database answers; where the app may read the migrations, the newest is the highest number.
      const status = await databaseStatus(db);
      expect(status.answers).toBe(true);
      if (status.migrations !== null) {
        const files = fs.readdirSync(path.resolve(import.meta.dirname, "../../db/migrations")).sort();
        expect(status.migrations).toBe(files.length);
        expect(status.lastMigration).toBe(files.at(-1)?.replace(/^\d+_|\.sql$/g, ""));
      }
    } finally {
      await release();
    }
  });
});
