import { type Kysely, sql } from "kysely";
import { expect, it } from "vitest";
import { withSystemTask } from "../../db/acting.server.ts";
import type { Database } from "../../db/schema.ts";
import { asAppRole } from "../../db/testing/app-role.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { DatabaseProvider } from "../../lib/app-context.ts";
import { createLogger } from "../../lib/logger.server.ts";
import { staffActor, takenUpCase, waitingRegistration } from "../../testing/case-fixtures.ts";
import { markedCase } from "../../testing/marked-case.ts";
import { statisticsDataSql } from "../../testing/statistics-data.ts";
import { verifyAuditChain } from "../audit/audit.queries.server.ts";
import { createJobRunner } from "../jobs/job-runner.server.ts";
import { retentionJob } from "../jobs/retention.job.server.ts";
import { getFiguresUnchecked } from "../statistics/figures.server.ts";
import { findDue, runRetention } from "./retention.server.ts";

type Db = Kysely<Database>;

/** A case closed at `closedAt` (with or without contact), received and taken up a month before. */
async function closedCase(db: Db, closedAt: string, contact: boolean) {
  const made = await takenUpCase(db);
  const closed = new Date(closedAt);
  const takenUp = new Date(closed.getTime() - 30 * 86_400_000);
  await db
    .updateTable("registration")
    .set({ received_at: new Date(takenUp.getTime() - 5 * 86_400_000) })
    .where("id", "=", made.registrationId)
    .execute();
  await db
    .updateTable("mediation_case")
    .set({
      step: "closed",
      taken_up_at: takenUp,
      closed_at: closed,
      closed_from: contact ? "aftercare" : "approaching_other_party",
      outcome_contact: contact,
      no_contact_reason: contact ? null : "other_party_declines",
    })
    .where("id", "=", made.caseId)
    .execute();
  return made;
}

async function placeHold(db: Db, caseId: number, until: string) {
  const coordinator = await staffActor(db, "coordinator");
  await db
    .insertInto("legal_hold")
    .values({ case_id: caseId, reason: "complaint", until, placed_by: coordinator.userId, placed_at: new Date() })
    .execute();
}

const ids = (due: { objectType: string; objectId: number }[]) => due.map((d) => `${d.objectType}:${d.objectId}`).sort();

/** The annual figures of every year, all regions together and per region. */
async function figuresOfEveryYear(db: Db, from: number, to: number) {
  const regions = await db.selectFrom("region").select("id").orderBy("id").execute();
  const all: unknown[] = [];
  for (let year = from; year <= to; year++) {
    const period = { from: `${year}-01-01`, to: `${year}-12-31` };
    all.push(await getFiguresUnchecked(db, { period }));
    for (const r of regions) all.push(await getFiguresUnchecked(db, { period, regionId: r.id }));
  }
  return all;
}

describeWithDatabase("retention schedule", (handle, kind, url) => {
  it("finds due exactly on the boundary day, in Dutch time, per rule; holds keep a case until they end", async () => {
    const db = handle().db;
    // With contact: 5 years. 2021-03-10 22:30 UTC is 23:30 on the 10th in Amsterdam.
    const withContact = await closedCase(db, "2021-03-10T22:30:00Z", true);
    // 23:30 UTC is already the 11th in Amsterdam: due a day later.
    const lateEvening = await closedCase(db, "2021-03-10T23:30:00Z", true);
    // Without contact: 2 years.
    const withoutContact = await closedCase(db, "2024-03-10T10:00:00Z", false);
    // Never taken up: 1 year after it was received.
    const waiting = await waitingRegistration(db, { receivedAt: new Date("2025-03-10T10:00:00Z") });
    const waitingLater = await waitingRegistration(db, { receivedAt: new Date("2025-03-11T10:00:00Z") });
    // Open for years: never due.
    const open = await takenUpCase(db);
    await db
      .updateTable("mediation_case")
      .set({ taken_up_at: new Date("2015-01-01T10:00:00Z") })
      .where("id", "=", open.caseId)
      .execute();
    const mine = new Set([
      `case:${withContact.caseId}`,
      `case:${lateEvening.caseId}`,
      `case:${withoutContact.caseId}`,
      `registration:${waiting.id}`,
      `registration:${waitingLater.id}`,
      `case:${open.caseId}`,
    ]);
    const dueOn = async (day: string) =>
      ids((await findDue(db, day)).filter((d) => mine.has(`${d.objectType}:${d.objectId}`)));

    expect(await dueOn("2026-03-09")).toEqual([]);
    expect(await dueOn("2026-03-10")).toEqual(
      ids([
        { objectType: "case", objectId: withContact.caseId },
        { objectType: "case", objectId: withoutContact.caseId },
        { objectType: "registration", objectId: waiting.id },
      ]),
    );
    expect(await dueOn("2026-03-11")).toEqual(
      ids([
        { objectType: "case", objectId: withContact.caseId },
        { objectType: "case", objectId: lateEvening.caseId },
        { objectType: "case", objectId: withoutContact.caseId },
        { objectType: "registration", objectId: waiting.id },
        { objectType: "registration", objectId: waitingLater.id },
      ]),
    );
    const due = await findDue(db, "2026-03-10");
    expect(due.find((d) => d.objectId === withContact.caseId && d.objectType === "case")).toMatchObject({
      kind: "case_file",
      anchorOn: "2021-03-10",
      dueOn: "2026-03-10",
      held: false,
    });
    expect(due.find((d) => d.objectId === withoutContact.caseId && d.objectType === "case")).toMatchObject({
      kind: "case_without_contact",
      dueOn: "2026-03-10",
    });

    // A hold until the end of 2026 keeps the first case; the rest due that day goes.
    await placeHold(db, withContact.caseId, "2026-12-31");
    const run = await runRetention(db, { asOf: "2026-03-10", now: new Date("2026-03-10T12:00:00Z"), apply: true });
    expect(run.due.find((d) => d.objectId === withContact.caseId && d.objectType === "case")?.held).toBe(true);
    const caseIds = async () => (await db.selectFrom("mediation_case").select("id").execute()).map((r) => r.id);
    const regIds = async () => (await db.selectFrom("registration").select("id").execute()).map((r) => r.id);
    expect(await caseIds()).toEqual(expect.arrayContaining([withContact.caseId, lateEvening.caseId, open.caseId]));
    expect(await caseIds()).not.toContain(withoutContact.caseId);
    expect(await regIds()).not.toContain(waiting.id);
    expect(await regIds()).not.toContain(withoutContact.registrationId);
    expect(await regIds()).toEqual(expect.arrayContaining([waitingLater.id, withContact.registrationId]));

    // The tombstones: reference, dates and the rule; nothing else.
    const stones = await db
      .selectFrom("erasure_tombstone")
      .selectAll()
      .where("reference", "in", [withoutContact.reference, waiting.reference])
      .orderBy("object_type")
      .execute();
    expect(stones.map((s) => [s.object_type, s.rule, s.received_on, s.closed_on])).toEqual([
      ["case", "case_without_contact", "2024-02-04", "2024-03-10"],
      ["registration", "registration_not_taken_up", "2025-03-10", null],
    ]);

    // While the hold lasts, later runs keep the case; the day after it ends, it goes.
    await runRetention(db, { asOf: "2026-12-31", now: new Date("2026-12-31T12:00:00Z"), apply: true });
    expect(await caseIds()).toContain(withContact.caseId);
    await runRetention(db, { asOf: "2027-01-01", now: new Date("2027-01-01T12:00:00Z"), apply: true });
    expect(await caseIds()).not.toContain(withContact.caseId);
    expect(await caseIds()).toContain(open.caseId);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("erases every piece of a case's content and its keys, leaves a tombstone, and the chain verifies", async () => {
    const owner = handle().db;
    const marked = await markedCase(owner);
    await owner
      .updateTable("mediation_case")
      .set({ step: "closed", closed_at: new Date("2020-01-15T10:00:00Z"), outcome_contact: true })
      .where("id", "=", marked.caseId)
      .execute();
    const keyIds = (
      await owner.selectFrom("registration").select("data_key_id").where("id", "=", marked.registrationId).execute()
    ).map((r) => r.data_key_id);
    expect(keyIds[0]).not.toBeNull();
    const tables = [
      "case_assignment",
      "case_event",
      "case_party",
      "case_consent",
      "case_activity",
      "case_risk_assessment",
      "case_task",
      "case_justice_feedback",
      "case_person",
      "case_upload",
      "case_message",
      "case_meeting",
      "case_meeting_participant",
    ] as const;
    const rowsOfCase = async () => {
      const counts: Record<string, number> = {};
      for (const t of tables) {
        const { rows } = await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM ${sql.table(t)} WHERE case_id = ${marked.caseId}`.execute(owner);
        counts[t] = rows[0]?.n ?? 0;
      }
      return counts;
    };
    const before = await rowsOfCase();
    for (const t of ["case_party", "case_activity", "case_message", "case_meeting", "case_upload", "case_person"]) {
      expect(before[t], t).toBeGreaterThan(0);
    }

    // As the app works: the daily job under the app's role and row-level security.
    const { app, release } = await asAppRole(handle(), kind, url());
    const database = new DatabaseProvider();
    database.setReady(app);
    const runner = createJobRunner({
      database,
      logger: createLogger("silent", { write: () => {} }),
      dailyPollMs: 60_000,
      now: () => new Date("2026-12-01T05:00:00Z"),
    });
    runner.register(retentionJob(() => new Date("2026-12-01T05:00:00Z")));
    expect(await runner.runNow("retention")).toBe("ran");
    expect(await runner.runNow("retention")).toBe("not-due");
    await runner.stop();
    await release();

    expect(Object.values(await rowsOfCase()).every((n) => n === 0)).toBe(true);
    expect(await owner.selectFrom("mediation_case").select("id").where("id", "=", marked.caseId).execute()).toEqual([]);
    expect(
      await owner.selectFrom("registration").select("id").where("id", "=", marked.registrationId).execute(),
    ).toEqual([]);
    // Crypto-shredding: the key is gone and in the ledger, so an older backup is unreadable too.
    expect(
      await owner
        .selectFrom("data_key")
        .select("id")
        .where("id", "in", keyIds as number[])
        .execute(),
    ).toEqual([]);
    expect(
      (
        await owner
          .selectFrom("data_key_erasure")
          .select("data_key_id")
          .where("data_key_id", "in", keyIds as number[])
          .execute()
      ).length,
    ).toBe(1);
    const stone = await owner
      .selectFrom("erasure_tombstone")
      .selectAll()
      .where("object_type", "=", "case")
      .where("object_id", "=", marked.caseId)
      .executeTakeFirstOrThrow();
    expect(stone).toMatchObject({ reference: marked.reference, rule: "case_file", closed_on: "2020-01-15" });
    const audit = await owner
      .selectFrom("audit_log")
      .select(["action", "actor_label", "reason"])
      .where("object_type", "=", "case")
      .where("object_id", "=", String(marked.caseId))
      .where("action", "=", "case.erase")
      .execute();
    expect(audit).toEqual([{ action: "case.erase", actor_label: "retention", reason: "case_file" }]);
    expect(await verifyAuditChain(owner)).toMatchObject({ ok: true });
  });

  it("is refused outside the retention task, and a hold is enforced by the database itself", async () => {
    const db = handle().db;
    const made = await closedCase(db, "2019-05-01T10:00:00Z", true);
    await expect(
      sql`SELECT erase_case(${made.caseId}, 'case_file', NULL, '2026-12-01'::date)`.execute(db),
    ).rejects.toMatchObject({
      code: "42501",
    });
    await placeHold(db, made.caseId, "2027-01-31");
    await expect(
      withSystemTask(db, "retention", (trx) =>
        sql`SELECT erase_case(${made.caseId}, 'case_file', NULL, '2026-12-01'::date)`.execute(trx),
      ),
    ).rejects.toMatchObject({ code: "HR002" });
    expect(await db.selectFrom("mediation_case").select("id").where("id", "=", made.caseId).execute()).toHaveLength(1);
  });

  it("removes e-mail 30 days after it was sent and sessions that can no longer be used, nothing sooner", async () => {
    const db = handle().db;
    const now = new Date("2026-12-01T12:00:00Z");
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const DAY = 86_400_000;
    // The bytes stand in for sealed content: retention only looks at status and dates.
    const message = (kind: string, sentAt: Date | null) => ({
      kind,
      recipient: Buffer.from("x"),
      subject: "s",
      body_text: Buffer.from("x"),
      data_key: Buffer.from("k"),
      status: sentAt ? ("sent" as const) : ("pending" as const),
      sent_at: sentAt,
    });
    await db
      .insertInto("outbox_message")
      .values([
        message("retention.old", ago(30 * DAY)),
        message("retention.recent", ago(30 * DAY - 60_000)),
        message("retention.pending", null),
      ])
      .execute();
    const user = await staffActor(db, "mediator");
    const session = (id: string, created: Date, seen: Date, ended: Date | null = null) => ({
      id_hash: id,
      user_id: user.userId,
      created_at: created,
      last_seen_at: seen,
      ended_at: ended,
    });
    await db
      .insertInto("staff_session")
      .values([
        session("retention-ended", ago(60_000), ago(60_000), ago(30_000)),
        session("retention-idle", ago(3_600_000), ago(31 * 60_000)),
        session("retention-old", ago(12 * 3_600_000), ago(60_000)),
        session("retention-live", ago(3_600_000), ago(60_000)),
      ])
      .execute();
    const dry = await runRetention(db, { asOf: "2026-12-01", now, apply: false });
    expect(dry.technical).toEqual({ messages: 1, sessions: 3 });
    expect(dry.erased).toMatchObject({ messages: 0, sessions: 0 });
    const run = await runRetention(db, { asOf: "2026-12-01", now, apply: true });
    expect(run.erased).toMatchObject({ messages: 1, sessions: 3 });
    const kinds = await db
      .selectFrom("outbox_message")
      .select("kind")
      .where("kind", "like", "retention.%")
      .orderBy("kind")
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(["retention.pending", "retention.recent"]);
    const sessions = await db
      .selectFrom("staff_session")
      .select("id_hash")
      .where("id_hash", "like", "retention-%")
      .execute();
    expect(sessions.map((r) => r.id_hash)).toEqual(["retention-live"]);
  });

  it("keeps the annual figures of every year exactly the same after erasing generated history", async () => {
    const db = handle().db;
    await handle().withRawSession((s) => s.exec(statisticsDataSql(600)));
    const before = await figuresOfEveryYear(db, 2007, 2026);
    const dry = await runRetention(db, { asOf: "2026-11-30", now: new Date("2026-11-30T12:00:00Z"), apply: false });
    expect(dry.erased).toMatchObject({ caseFiles: 0, registrations: 0 });
    const run = await runRetention(db, { asOf: "2026-11-30", now: new Date("2026-11-30T12:00:00Z"), apply: true });
    // Most of the app's history (2015 on) is old enough to go.
    expect(run.erased.caseFiles).toBeGreaterThan(100);
    expect(run.erased.registrations).toBeGreaterThan(run.erased.caseFiles);
    // Only what a hold from an earlier test keeps is still due.
    expect((await findDue(db, "2026-11-30")).filter((d) => !d.held)).toEqual([]);
    const after = await figuresOfEveryYear(db, 2007, 2026);
    expect(after).toEqual(before);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  }, 240_000);
});
