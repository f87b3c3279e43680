import { afterAll, beforeAll, expect, it } from "vitest";
import { APP_ROLE } from "../../db/acting.server.ts";
import { type DatabaseHandle, openPostgres } from "../../db/database.server.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { referrerOrganisation, referrerWithSession } from "../../testing/referrer-fixtures.ts";
import { authenticateApiKey } from "../partner-api/api-keys.server.ts";
import { createContactApiKey, listContactApiKeys, revokeContactApiKey } from "../partner-api/contact-keys.server.ts";
import { createWebhook, listWebhooks } from "../partner-api/webhooks.server.ts";
import { inviteColleague } from "./referrer-invitations.server.ts";
import { endReferrerSessionById, listReferrerSessions, loadReferrerSession } from "./referrer-session.server.ts";

const PUBLIC_URL = new URL("http://localhost:3000");
const SECRET = "contact-person-test-secret-0123456789";

/**
 * What an organisation's contact person does for it (ADR 0029): invite colleagues of its own
 * domains, make and revoke its API keys, register webhook endpoints; and what a colleague who is
 * not the contact person cannot do. Also a referrer's own sessions. Run as the application role.
 */
describeWithDatabase("the organisation's contact person", (handle, kind, testUrl) => {
  let app: DatabaseHandle;
  let organisation = 0;
  let other = 0;
  let contact = { referrerId: 0, token: "" };
  let colleague = { referrerId: 0, token: "" };

  beforeAll(async () => {
    const url = testUrl();
    app = kind === "postgres" && url ? openPostgres(url, 2, { role: APP_ROLE }) : handle();
    organisation = await referrerOrganisation(handle(), { name: "Contact Org", domain: "contact.test" });
    other = await referrerOrganisation(handle(), { name: "Andere Org", domain: "andere.test" });
    contact = await referrerWithSession(handle(), { email: "baas@contact.test", organisationId: organisation });
    await handle()
      .db.updateTable("referrer_user")
      .set({ is_contact_person: true })
      .where("id", "=", contact.referrerId)
      .execute();
    colleague = await referrerWithSession(handle(), { email: "collega@contact.test", organisationId: organisation });
  });
  afterAll(async () => {
    if (app !== handle()) await app.close();
  });

  const common = { origin: "t", now: new Date(), locale: "nl" as const, publicUrl: PUBLIC_URL };

  it("invites colleagues of the organisation's own domains only, with a sign-in link", async () => {
    const invite = (by: number, email: string) =>
      inviteColleague(app.db, by, { ...common, email, displayName: "Nieuwe Collega" });
    expect(await invite(contact.referrerId, "nieuw@contact.test")).toBe("invited");
    expect(await invite(contact.referrerId, "iemand@andere.test")).toBe("wrong_domain");
    expect(await invite(contact.referrerId, "collega@contact.test")).toBe("exists");
    expect(await invite(colleague.referrerId, "nog-een@contact.test")).toBe("not_contact_person");
    const made = await handle()
      .db.selectFrom("referrer_user")
      .select(["id", "organisation_id", "is_contact_person"])
      .where("email", "=", "nieuw@contact.test")
      .executeTakeFirstOrThrow();
    expect(made).toMatchObject({ organisation_id: organisation, is_contact_person: false });
    const links = await handle()
      .db.selectFrom("referrer_login_link")
      .select("user_id")
      .where("user_id", "=", made.id)
      .execute();
    expect(links).toHaveLength(1);
    expect(
      await handle().db.selectFrom("referrer_user").select("id").where("email", "=", "nog-een@contact.test").execute(),
    ).toEqual([]);
    const audit = await handle()
      .db.selectFrom("audit_log")
      .select(["result", "reason"])
      .where("action", "=", "referrer.invite")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.reason ?? a.result)).toEqual(["allowed", "wrong_domain", "exists", "not_contact_person"]);
  });

  it("makes and revokes the organisation's API keys; a colleague reaches none", async () => {
    const made = await createContactApiKey(app.db, contact.referrerId, {
      organisationId: organisation,
      label: "Zaaksysteem",
      scopes: ["referrals:write"],
      origin: "t",
      now: new Date(),
    });
    expect(made.key).toMatch(/^herstel_pk_[a-z0-9]{12}_/);
    const auth = () =>
      authenticateApiKey(app.db, { authorization: `Bearer ${made.key}`, origin: "t", now: new Date() });
    expect(await auth()).toMatchObject({ organisationId: organisation, scopes: ["referrals:write"] });
    // Another organisation's keys cannot be made, nor seen, by this contact person or a colleague.
    await expect(
      createContactApiKey(app.db, contact.referrerId, {
        organisationId: other,
        label: "Vreemd",
        scopes: ["referrals:write"],
        origin: "t",
        now: new Date(),
      }),
    ).rejects.toThrow();
    await expect(
      createContactApiKey(app.db, colleague.referrerId, {
        organisationId: organisation,
        label: "Collega",
        scopes: ["referrals:write"],
        origin: "t",
        now: new Date(),
      }),
    ).rejects.toThrow();
    expect(await listContactApiKeys(app.db, colleague.referrerId)).toEqual([]);
    expect((await listContactApiKeys(app.db, contact.referrerId)).map((k) => k.label)).toEqual(["Zaaksysteem"]);
    expect(await revokeContactApiKey(app.db, colleague.referrerId, { id: made.id, origin: "t", now: new Date() })).toBe(
      false,
    );
    expect(await revokeContactApiKey(app.db, contact.referrerId, { id: made.id, origin: "t", now: new Date() })).toBe(
      true,
    );
    expect(await auth()).toBeUndefined();
  });

  it("registers https webhook endpoints for the own organisation only", async () => {
    const input = { url: "https://partner.example/herstel", origin: "t", now: new Date(), appSecret: SECRET };
    const made = await createWebhook(
      app.db,
      { referrerId: contact.referrerId },
      { ...input, organisationId: organisation },
    );
    expect(made.ok).toBe(true);
    await expect(
      createWebhook(app.db, { referrerId: contact.referrerId }, { ...input, organisationId: other }),
    ).rejects.toThrow();
    await expect(
      createWebhook(app.db, { referrerId: colleague.referrerId }, { ...input, organisationId: organisation }),
    ).rejects.toThrow();
    expect(await listWebhooks(app.db, { referrerId: colleague.referrerId }, organisation)).toEqual([]);
    const stored = await handle().db.selectFrom("partner_webhook").select(["url", "secret_enc"]).execute();
    expect(stored).toHaveLength(1);
    // The secret is kept sealed, never as given.
    expect(made.ok && stored[0]?.secret_enc.includes(made.secret)).toBe(false);
  });

  it("a referrer sees and ends their own sessions, and no one else's", async () => {
    const now = new Date();
    const mine = await listReferrerSessions(app.db, colleague.referrerId, now);
    expect(mine).toHaveLength(1);
    const theirs = mine[0]?.id_hash ?? "";
    // The contact person cannot end the colleague's session.
    expect(await endReferrerSessionById(app.db, contact.referrerId, theirs, now)).toBe(false);
    expect(await loadReferrerSession(app.db, colleague.token, now)).toBeDefined();
    expect(await endReferrerSessionById(app.db, colleague.referrerId, theirs, now)).toBe(true);
    expect(await loadReferrerSession(app.db, colleague.token, now)).toBeUndefined();
  });
});
