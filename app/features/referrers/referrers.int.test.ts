import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { APP_ROLE } from "../../db/acting.server.ts";
import { type DatabaseHandle, openPostgres } from "../../db/database.server.ts";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { referrerOrganisation, referrerWithSession } from "../../testing/referrer-fixtures.ts";
import { storedAnswers, storedMail } from "../../testing/sealed-reads.ts";
import type { Actor } from "../auth/roles.ts";
import { currentTotpCode } from "../auth/totp.server.ts";
import { loadLists } from "../registration/registration.queries.server.ts";
import {
  checkReferrerTotp,
  pendingReferrerTotp,
  redeemLoginLink,
  requestLoginLink,
  signUpReferrer,
} from "./referrer-accounts.commands.server.ts";
import { createOrganisation, decideOrganisation, listOrganisations } from "./referrer-organisations.server.ts";
import {
  listReferrals,
  parseReferral,
  type ReferrerDetails,
  referClient,
  setColleaguesSeeReferrals,
} from "./referrer-referrals.server.ts";
import { loadReferrerSession } from "./referrer-session.server.ts";

const SECRET = "s".repeat(40);
const PUBLIC_URL = new URL("http://localhost:3000");
const coordinator: Actor = { userId: 0, roles: ["coordinator"], regionIds: [] };

/** The client's part of a referral: what the professional types on the referral page. */
function clientEntries(statusUpdates: "yes" | "no"): [string, string][] {
  return [
    ["role", "victim"],
    ["offenceCategory", "violence"],
    ["policeReport", "yes"],
    ["otherPartyKnown", "no"],
    ["name", "Client Geheim"],
    ["ageGroup", "25_44"],
    ["phone", "0612345678"],
    ["contactChannels", "phone"],
    ["voicemailAllowed", "no"],
    ["senderNameAllowed", "no"],
    ["language", "nl"],
    ["interpreterNeeded", "no"],
    ["clientConsent", "yes"],
    ["statusUpdates", statusUpdates],
    ["context", "Vertrouwelijke toelichting"],
  ];
}

/**
 * Referrers as partners: organisations, sign-up and sign-in by e-mail link plus TOTP, referring
 * through the registration code, and seeing only the status of their own referrals. On
 * PostgreSQL everything runs as the application role, so row-level security is in play.
 */
describeWithDatabase("referrer accounts and referrals", (handle, kind, testUrl) => {
  let app: DatabaseHandle;
  beforeAll(async () => {
    const url = testUrl();
    app = kind === "postgres" && url ? openPostgres(url, 2, { role: APP_ROLE }) : handle();
    const staff = await handle()
      .db.insertInto("staff_user")
      .values({ email: "coord@test.example", display_name: "Coördinator", status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    coordinator.userId = staff.id;
  });
  afterAll(async () => {
    if (app !== handle()) await app.close();
  });

  async function details(referrerId: number): Promise<ReferrerDetails> {
    const token = (
      await handle()
        .db.selectFrom("referrer_session")
        .select("id_hash")
        .where("user_id", "=", referrerId)
        .executeTakeFirstOrThrow()
    ).id_hash;
    expect(token).toBeTruthy();
    const row = await handle()
      .db.selectFrom("referrer_user as u")
      .innerJoin("referrer_organisation as o", "o.id", "u.organisation_id")
      .select(["u.id", "u.organisation_id", "u.email", "u.display_name", "o.name", "o.referrer_type"])
      .where("u.id", "=", referrerId)
      .executeTakeFirstOrThrow();
    return {
      referrerId: row.id,
      organisationId: row.organisation_id,
      organisationName: row.name,
      referrerType: row.referrer_type,
      displayName: row.display_name,
      email: row.email,
      jobTitle: null,
      phone: null,
    };
  }

  async function refer(referrerId: number, statusUpdates: "yes" | "no") {
    const lists = await loadLists(app.db);
    const parsed = parseReferral(clientEntries(statusUpdates), await details(referrerId), lists, "2026-12-01");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return referClient(app.db, await details(referrerId), {
      answers: parsed.answers,
      locale: "nl",
      origin: "t",
      now: new Date(),
    });
  }

  it("staff add an organisation; a professional of its domain signs up, by link and TOTP", async () => {
    const made = await createOrganisation(app.db, coordinator, {
      name: "Reclassering Midden",
      referrerType: "probation",
      domains: ["reclassering.test"],
      origin: "t",
      now: new Date(),
    });
    expect(made.ok).toBe(true);
    // The same domain cannot belong to a second organisation.
    expect(
      await createOrganisation(app.db, coordinator, {
        name: "Dubbel",
        referrerType: "probation",
        domains: ["reclassering.test"],
        origin: "t",
        now: new Date(),
      }),
    ).toEqual({ ok: false, domainsInUse: ["reclassering.test"] });
    const base = { origin: "t", locale: "nl" as const, publicUrl: PUBLIC_URL, appSecret: SECRET };
    expect(await signUpReferrer(app.db, { ...base, email: "x@gmail.com", displayName: "X", now: new Date() })).toEqual({
      status: "shared_domain",
    });
    expect(
      await signUpReferrer(app.db, { ...base, email: "Anna@Reclassering.test", displayName: "Anna", now: new Date() }),
    ).toEqual({ status: "link_sent" });
    const mail = (await storedMail(handle().db)).filter((m) => m.kind === "referrer.login_link");
    expect(mail).toHaveLength(1);
    expect(mail[0]?.recipient).toBe("anna@reclassering.test");
    const token = /\/verwijzers\/inloggen\/link\/([A-Za-z0-9_-]{43})/.exec(mail[0]?.body_text ?? "")?.[1] ?? "";
    const used = await redeemLoginLink(app.db, { token, origin: "t", now: new Date() });
    expect(used).toMatchObject({ ok: true, hasTotp: false });
    // A link works once.
    expect(await redeemLoginLink(app.db, { token, origin: "t", now: new Date() })).toEqual({ ok: false });
    if (!used.ok) throw new Error("unreachable");
    const secret = await pendingReferrerTotp(app.db, used.referrerId, SECRET);
    expect(secret).toBeTruthy();
    const now = new Date();
    expect(
      await checkReferrerTotp(app.db, {
        referrerId: used.referrerId,
        code: "000000" === currentTotpCode(secret ?? "", now) ? "111111" : "000000",
        origin: "t",
        now,
        appSecret: SECRET,
        confirm: true,
      }),
    ).toEqual({ ok: false, reason: "invalid" });
    const code = currentTotpCode(secret ?? "", now);
    const input = { referrerId: used.referrerId, code, origin: "t", now, appSecret: SECRET, confirm: true };
    expect(await checkReferrerTotp(app.db, input)).toEqual({ ok: true });
    // A code works once.
    expect(await checkReferrerTotp(app.db, { ...input, confirm: false })).toEqual({ ok: false, reason: "reused" });
    // A known account gets a link; an unknown address gets the same answer and no mail.
    await requestLoginLink(app.db, { ...base, email: "anna@reclassering.test", now: new Date() });
    await requestLoginLink(app.db, { ...base, email: "nobody@reclassering.test", now: new Date() });
    const links = (await storedMail(handle().db)).filter((m) => m.kind === "referrer.login_link");
    expect(links.map((m) => m.recipient)).toEqual(["anna@reclassering.test", "anna@reclassering.test"]);
    // An expired link does not work.
    const late = /\/link\/([A-Za-z0-9_-]{43})/.exec(links[1]?.body_text ?? "")?.[1] ?? "";
    expect(
      await redeemLoginLink(app.db, { token: late, origin: "t", now: new Date(Date.now() + 16 * 60 * 1000) }),
    ).toEqual({ ok: false });
  });

  it("a new organisation waits for a coordinator; until approved its people cannot sign in", async () => {
    const base = { origin: "t", locale: "nl" as const, publicUrl: PUBLIC_URL, appSecret: SECRET };
    const first = await signUpReferrer(app.db, {
      ...base,
      email: "bo@slachtofferhulp.test",
      displayName: "Bo",
      now: new Date(),
    });
    expect(first).toEqual({ status: "needs_organisation", domain: "slachtofferhulp.test" });
    expect(
      await signUpReferrer(app.db, {
        ...base,
        email: "bo@slachtofferhulp.test",
        displayName: "Bo",
        organisationName: "Slachtofferhulp Test",
        referrerType: "victim_support",
        now: new Date(),
      }),
    ).toEqual({ status: "awaiting_approval" });
    const before = (await storedMail(handle().db)).length;
    await requestLoginLink(app.db, { ...base, email: "bo@slachtofferhulp.test", now: new Date() });
    expect((await storedMail(handle().db)).length).toBe(before);
    const pending = (await listOrganisations(app.db, coordinator)).find((o) => o.name === "Slachtofferhulp Test");
    expect(pending).toMatchObject({ status: "pending", email_domains: ["slachtofferhulp.test"], people: 1 });
    const approval = { id: pending?.id ?? 0, decision: "approve" as const, origin: "t", now: new Date() };
    // Only a coordinator approves; an administrator manages the list but does not decide.
    await expect(
      decideOrganisation(
        app.db,
        { ...coordinator, roles: ["administrator"] },
        { ...approval, locale: "nl", publicUrl: PUBLIC_URL },
      ),
    ).rejects.toThrow();
    await decideOrganisation(app.db, coordinator, { ...approval, locale: "nl", publicUrl: PUBLIC_URL });
    const mails = await storedMail(handle().db);
    expect(mails.filter((m) => m.kind === "referrer.organisation_approved").map((m) => m.recipient)).toEqual([
      "bo@slachtofferhulp.test",
    ]);
    await requestLoginLink(app.db, { ...base, email: "bo@slachtofferhulp.test", now: new Date() });
    expect((await storedMail(handle().db)).length).toBe(mails.length + 1);
  });

  it("a referral goes through the registration code and shows its status only, to its referrer only", async () => {
    const orgA = await referrerOrganisation(handle(), { name: "Org A", domain: "a.test" });
    const orgB = await referrerOrganisation(handle(), { name: "Org B", domain: "b.test" });
    const anna = await referrerWithSession(handle(), { email: "anna@a.test", organisationId: orgA });
    const colleague = await referrerWithSession(handle(), { email: "cas@a.test", organisationId: orgA });
    const other = await referrerWithSession(handle(), { email: "ben@b.test", organisationId: orgB });

    const lists = await loadLists(app.db);
    // The same rules as the public form: consent and status choice are required.
    const withoutConsent = parseReferral(
      clientEntries("yes").filter(([n]) => n !== "clientConsent" && n !== "statusUpdates"),
      await details(anna.referrerId),
      lists,
      "2026-12-01",
    );
    expect(!withoutConsent.ok && Object.keys(withoutConsent.errors).sort()).toEqual(["clientConsent", "statusUpdates"]);
    // The referrer's own details come from the account, not from the form.
    const spoofed = parseReferral(
      [...clientEntries("yes"), ["organisationName", "Iets anders"]],
      await details(anna.referrerId),
      lists,
      "2026-12-01",
    );
    expect(!spoofed.ok && spoofed.errors._form).toBe("validation.unexpectedField");

    const shared = await refer(anna.referrerId, "yes");
    const hidden = await refer(anna.referrerId, "no");
    const row = await handle()
      .db.selectFrom("registration")
      .selectAll()
      .where("reference", "=", shared.reference)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      submitted_by: "referrer",
      referrer_type: "probation",
      referrer_user_id: anna.referrerId,
      referrer_organisation_id: orgA,
      referrer_status_updates: true,
    });
    // Sealed at rest like every registration, with the referrer's details filled in.
    expect(Buffer.from(row.answers ?? []).toString("latin1")).not.toContain("Client Geheim");
    expect(await storedAnswers(handle().db, row.id)).toMatchObject({
      name: "Client Geheim",
      organisationName: "Org A",
      referrerEmail: "anna@a.test",
      clientConsent: true,
    });

    const seen = await listReferrals(app.db, anna.referrerId, { origin: "t", now: new Date() });
    expect(seen.map((r) => [r.reference, r.status, r.own])).toEqual(
      expect.arrayContaining([
        [shared.reference, "received", true],
        [hidden.reference, null, true],
      ]),
    );
    expect(seen).toHaveLength(2);
    // Nothing but reference, date, sender and status leaves the database.
    expect(Object.keys(seen[0] ?? {}).sort()).toEqual(["own", "receivedAt", "reference", "sender", "status"]);
    expect(JSON.stringify(seen)).not.toContain("Geheim");

    // Another organisation, and a colleague (until the organisation allows it), see nothing.
    expect(await listReferrals(app.db, other.referrerId, { origin: "t", now: new Date() })).toEqual([]);
    expect(await listReferrals(app.db, colleague.referrerId, { origin: "t", now: new Date() })).toEqual([]);
    // Only the organisation's contact person may let colleagues see each other's referrals.
    expect(
      await setColleaguesSeeReferrals(app.db, anna.referrerId, { value: true, origin: "t", now: new Date() }),
    ).toBe(false);
    expect(await listReferrals(app.db, colleague.referrerId, { origin: "t", now: new Date() })).toEqual([]);
    const boss = await referrerWithSession(handle(), { email: "baas@a.test", organisationId: orgA });
    await handle()
      .db.updateTable("referrer_user")
      .set({ is_contact_person: true })
      .where("id", "=", boss.referrerId)
      .execute();
    expect(
      await setColleaguesSeeReferrals(app.db, boss.referrerId, { value: true, origin: "t", now: new Date() }),
    ).toBe(true);
    const colleagues = await listReferrals(app.db, colleague.referrerId, { origin: "t", now: new Date() });
    expect(colleagues.map((r) => [r.own, r.sender])).toEqual([
      [false, "anna"],
      [false, "anna"],
    ]);
    expect(await listReferrals(app.db, other.referrerId, { origin: "t", now: new Date() })).toEqual([]);

    // Taken up, then closed: the referrer sees the status change, nothing more.
    await handle()
      .db.updateTable("registration")
      .set({ status: "taken_up" })
      .where("reference", "in", [shared.reference, hidden.reference])
      .execute();
    const afterTakeUp = await listReferrals(app.db, anna.referrerId, { origin: "t", now: new Date() });
    expect(afterTakeUp.find((r) => r.reference === shared.reference)?.status).toBe("taken_up");
    expect(afterTakeUp.find((r) => r.reference === hidden.reference)?.status).toBeNull();
    await handle()
      .db.updateTable("registration")
      .set({ status: "closed" })
      .where("reference", "=", shared.reference)
      .execute();
    const afterClose = await listReferrals(app.db, anna.referrerId, { origin: "t", now: new Date() });
    expect(afterClose.find((r) => r.reference === shared.reference)?.status).toBe("closed");

    // Every read and referral is audited under the referrer's label, never their name.
    const audit = await handle()
      .db.selectFrom("audit_log")
      .select(["action", "actor_label"])
      .where("actor_label", "=", `referrer:${anna.referrerId}`)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["referrer.refer", "referrer.referrals_read"]));

    // A deactivated referrer's session stops working.
    expect(await loadReferrerSession(app.db, anna.token, new Date())).toMatchObject({ referrerId: anna.referrerId });
    await handle()
      .db.updateTable("referrer_user")
      .set({ status: "deactivated" })
      .where("id", "=", anna.referrerId)
      .execute();
    expect(await loadReferrerSession(app.db, anna.token, new Date())).toBeUndefined();
  });

  it.runIf(kind === "postgres")(
    "row-level security: as a referrer the application role reads no registration, account or organisation of others",
    async () => {
      const orgC = await referrerOrganisation(handle(), { name: "Org C", domain: "c.test" });
      const carla = await referrerWithSession(handle(), { email: "carla@c.test", organisationId: orgC });
      await refer(carla.referrerId, "yes");
      const rows = await app.db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('herstel.referrer_id', ${String(carla.referrerId)}, true)`.execute(trx);
        return {
          registrations: (await sql`SELECT id FROM registration`.execute(trx)).rows.length,
          users: (await sql<{ email: string }>`SELECT email FROM referrer_user`.execute(trx)).rows.map((r) => r.email),
          organisations: (await sql<{ name: string }>`SELECT name FROM referrer_organisation`.execute(trx)).rows.map(
            (r) => r.name,
          ),
        };
      });
      expect(rows).toEqual({ registrations: 0, users: ["carla@c.test"], organisations: ["Org C"] });
      // Not the contact person: the database refuses the change of the organisation's settings.
      const updated = await app.db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('herstel.referrer_id', ${String(carla.referrerId)}, true)`.execute(trx);
        return (await sql`UPDATE referrer_organisation SET colleagues_see_referrals = true`.execute(trx))
          .numAffectedRows;
      });
      expect(Number(updated)).toBe(0);
      // Without any setting, nothing at all.
      const none = await app.db.transaction().execute(async (trx) => ({
        users: (await sql`SELECT id FROM referrer_user`.execute(trx)).rows.length,
        referrals: (await sql`SELECT * FROM referrer_referrals()`.execute(trx)).rows.length,
      }));
      expect(none).toEqual({ users: 0, referrals: 0 });
    },
  );
});
