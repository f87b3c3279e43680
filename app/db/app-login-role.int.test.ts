import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { enqueueMail } from "../features/outbox/outbox.commands.server.ts";
import { sealedDraftRow } from "../testing/sealed-rows.ts";
import { APP_ROLE, withFormInstance, withSystemTask } from "./acting.server.ts";
import { appRoleProblems } from "./connection-roles.server.ts";
import { newInlineKey } from "./data-keys.server.ts";
import { type DatabaseHandle, openPostgres } from "./database.server.ts";
import { adminQuery } from "./testing/global-setup.ts";
import { describeWithDatabase } from "./testing/test-database.ts";

/** A login role for the app, as a DBA makes it (README): a member of herstel_app and nothing else. */
const APP_LOGIN = "herstel_test_app_login";

/** Roles are shared by every test run on this server: create it only if missing, race-safely. */
async function ensureAppLogin(adminUrl: string): Promise<void> {
  await adminQuery(
    adminUrl,
    `DO $$ BEGIN
       CREATE ROLE ${APP_LOGIN} LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE ${APP_ROLE};
     EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
     END $$`,
  );
}

function asUser(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = "";
  return u.toString();
}

describeWithDatabase("the app's own login role", (handle, kind, testUrl) => {
  it.runIf(kind === "postgres")(
    "cannot become the owner, leave herstel_app for more, or rewrite the audit log",
    async () => {
      const url = testUrl() as string;
      await ensureAppLogin(url);
      const app: DatabaseHandle = openPostgres(asUser(url, APP_LOGIN), 1, { role: APP_ROLE });
      try {
        expect(await appRoleProblems(app)).toEqual([]);
        const [owner] = await app.withRawSession((s) =>
          s.query<{ name: string }>(
            "SELECT pg_get_userbyid(relowner) AS name FROM pg_class WHERE oid = 'public.schema_migration'::regclass",
          ),
        );
        await app.withRawSession(async (s) => {
          const [who] = await s.query<{ current_user: string }>("SELECT current_user");
          expect(who?.current_user).toBe(APP_ROLE);
          for (const statement of [
            `SET ROLE ${owner?.name}`,
            "SET ROLE postgres",
            "SET SESSION AUTHORIZATION postgres",
          ]) {
            await expect(s.exec(statement), statement).rejects.toMatchObject({ code: "42501" });
          }
          // RESET ROLE goes back to the connection's start-up role, herstel_app itself.
          await s.exec("RESET ROLE");
          expect((await s.query<{ current_user: string }>("SELECT current_user"))[0]?.current_user).toBe(APP_ROLE);
          // Leaving herstel_app gives less, not more: the login role itself holds no privileges.
          await s.exec("SET ROLE NONE");
          expect((await s.query<{ current_user: string }>("SELECT current_user"))[0]?.current_user).toBe(APP_LOGIN);
          await expect(s.query("SELECT count(*) FROM registration")).rejects.toMatchObject({ code: "42501" });
          await expect(s.query("SELECT count(*) FROM audit_log")).rejects.toMatchObject({ code: "42501" });
          await s.exec(`SET ROLE ${APP_ROLE}`);
          await expect(s.exec("UPDATE audit_log SET reason = 'x'")).rejects.toMatchObject({ code: "42501" });
          await expect(s.exec("ALTER TABLE registration DISABLE ROW LEVEL SECURITY")).rejects.toMatchObject({
            code: "42501",
          });
        });
      } finally {
        await app.close();
      }
      // The owner's (here: superuser's) connection is what the start-up check refuses in production.
      expect(await appRoleProblems(handle())).toEqual(expect.arrayContaining(["superuser", "owner"]));
    },
  );

  /** Runs fn as herstel_app in one transaction, as the app does on both backends. */
  async function asApp<T>(fn: (trx: Parameters<Parameters<typeof withSystemTask>[2]>[0]) => Promise<T>): Promise<T> {
    return handle()
      .db.transaction()
      .execute(async (trx) => {
        await sql.raw(`SET LOCAL ROLE ${APP_ROLE}`).execute(trx);
        return fn(trx);
      });
  }

  it("keeps an unfinished form to its own form instance (row-level security on drafts)", async () => {
    const mine = randomUUID();
    const theirs = randomUUID();
    const expires = new Date(Date.now() + 3600_000);
    for (const id of [mine, theirs]) {
      await asApp((trx) =>
        withFormInstance(trx, id, (t) =>
          t.insertInto("registration_draft").values(sealedDraftRow(id, expires)).execute(),
        ),
      );
    }
    const seen = await asApp((trx) =>
      withFormInstance(trx, mine, (t) => t.selectFrom("registration_draft").select("id").execute()),
    );
    expect(seen.map((r) => r.id)).toEqual([mine]);
    expect(await asApp((trx) => trx.selectFrom("registration_draft").select("id").execute())).toEqual([]);
    const changed = await asApp((trx) =>
      withFormInstance(trx, mine, (t) =>
        t.updateTable("registration_draft").set({ updated_at: new Date() }).where("id", "=", theirs).executeTakeFirst(),
      ),
    );
    expect(Number(changed.numUpdatedRows)).toBe(0);
    await expect(
      asApp((trx) =>
        withFormInstance(trx, mine, (t) =>
          t.insertInto("registration_draft").values(sealedDraftRow(randomUUID(), expires)).execute(),
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("lets every action queue mail, and only the outbox worker read it (row-level security on the outbox)", async () => {
    const mail = { kind: "test.rls", to: "iemand@example.org", subject: "Onderwerp", text: "Vertrouwelijke tekst" };
    await asApp((trx) => enqueueMail(trx, mail));
    expect(
      await asApp((trx) => trx.selectFrom("outbox_message").select("id").where("kind", "=", "test.rls").execute()),
    ).toEqual([]);
    const updated = await asApp((trx) =>
      trx.updateTable("outbox_message").set({ subject: "Anders" }).where("kind", "=", "test.rls").executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
    const asWorker = await asApp((trx) =>
      withSystemTask(trx, "outbox", (t) =>
        t.selectFrom("outbox_message").select("subject").where("kind", "=", "test.rls").execute(),
      ),
    );
    expect(asWorker).toEqual([{ subject: "Onderwerp" }]);
    // A message cannot be queued as already sent (that would skip the worker and its log).
    const { box, wrapped } = newInlineKey("outbox_message", 0);
    const sent = {
      kind: mail.kind,
      recipient: box.text("outbox_message.recipient", 0, mail.to),
      subject: mail.subject,
      body_text: box.text("outbox_message.body_text", 0, mail.text),
      data_key: wrapped,
      next_attempt_at: new Date(),
      status: "sent" as const,
      sent_at: new Date(),
    };
    await expect(asApp((trx) => trx.insertInto("outbox_message").values(sent).execute())).rejects.toThrow(
      /row-level security/,
    );
  });
});
