import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../app/features/auth/roles.ts";
import { createSession } from "../app/features/auth/session.server.ts";
import { CONSENT_PURPOSES, CONTACT_FORMS, NO_CONTACT_REASONS } from "../app/features/cases/case.rules.ts";
import { stepsFor } from "../app/features/registration/registration.fields.ts";
import { takenUpCase } from "../app/testing/case-fixtures.ts";
import { FIELD_NAMES, INTENTS, nasty } from "./support/fuzz-inputs.ts";
import { type InProcessApp, startInProcessApp, Visitor } from "./support/in-process-app.ts";

/**
 * Fuzzing every route's parameters and every form (docs/security.md 15): random and
 * half-plausible input, in-process against the built app, as an anonymous visitor and as a staff
 * member who holds every role. Whatever comes in: never a 5xx, and nothing half-stored. A trigger
 * notes every row written to a table with content; a request that changed any such row must
 * have succeeded and written an audit record with it, and a refused one changed nothing.
 */
const GET_RUNS = Number(process.env.FUZZ_GET ?? 2500);
const POST_RUNS = Number(process.env.FUZZ_POST ?? 7500);

let app: InProcessApp;
let staff: Visitor;
const ids = { caseId: 0, registrationId: 0, partyId: 0, userId: 0, otherUserId: 0 };

const CONTENT_TABLES_EXCLUDED = [
  "fuzz_change",
  "audit_log",
  "audit_chain_head",
  "rate_limit_counter",
  "staff_session",
  "registration_draft",
  "outbox_message",
  "schema_migration",
];

beforeAll(async () => {
  app = await startInProcessApp({
    env: { TRUST_PROXY: "1" },
    async seed(handle) {
      const db = handle.db;
      const made = await takenUpCase(db);
      ids.caseId = made.caseId;
      ids.registrationId = made.registrationId;
      const party = await db
        .selectFrom("case_party")
        .select("id")
        .where("case_id", "=", made.caseId)
        .executeTakeFirst();
      ids.partyId = party?.id ?? 1;
      const now = new Date();
      const user = await db
        .insertInto("staff_user")
        .values({
          email: "fuzz@test.example",
          display_name: "Fuzz",
          status: "active",
          totp_confirmed_at: now,
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.userId = user.id;
      ids.otherUserId = made.mediator.userId;
      await db
        .insertInto("staff_role")
        .values(ROLES.map((role) => ({ user_id: user.id, role })))
        .execute();
      const region = await db.selectFrom("region").select("id").where("code", "=", "midden").executeTakeFirstOrThrow();
      await db.insertInto("staff_region").values({ user_id: user.id, region_id: region.id }).execute();
      await db
        .insertInto("case_assignment")
        .values({
          case_id: made.caseId,
          user_id: user.id,
          role: "co_mediator",
          no_conflict_declared_at: now,
          assigned_at: now,
        })
        .execute();
      const token = await createSession(db, { userId: user.id, now, userAgent: "fuzz", secondFactor: true });
      staffToken = token;
      // Notes every row written to a table with content (test database only).
      await handle.withRawSession((session) =>
        session.exec(`
        CREATE TABLE fuzz_change (t text NOT NULL);
        CREATE FUNCTION fuzz_note() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
        BEGIN INSERT INTO fuzz_change VALUES (TG_TABLE_NAME); RETURN NULL; END $$;
        DO $$ DECLARE r record; BEGIN
          FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public'
                     AND tablename NOT LIKE 'statistics%'
                     AND tablename <> ALL (ARRAY['${CONTENT_TABLES_EXCLUDED.join("','")}'])
          LOOP
            EXECUTE format('CREATE TRIGGER fuzz_note AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION fuzz_note()', r.tablename);
          END LOOP;
        END $$;
        -- For the test, which works as the app: the audit log's length and what was written.
        CREATE FUNCTION fuzz_take(OUT audits integer, OUT changed text[]) LANGUAGE sql SECURITY DEFINER
          SET search_path = public AS $$
          WITH taken AS (DELETE FROM fuzz_change RETURNING t)
          SELECT (SELECT count(*)::int FROM audit_log), (SELECT array_agg(DISTINCT t) FROM taken) $$;
        GRANT EXECUTE ON FUNCTION fuzz_take() TO herstel_app;`),
      );
    },
  });
  audits = (await takeChanges()).audits;
  staff = new Visitor(app.url, via("203.0.113.200"));
  staff.cookies.set("herstel_sessie", staffToken);
  const home = await staff.get("/medewerkers");
  expect(home.status).toBe(200);
}, 120_000);
let staffToken = "";

afterAll(async () => {
  await app?.close();
});

// ---- values ---------------------------------------------------------------------------------
function plausible() {
  const known = [
    String(ids.caseId),
    String(ids.registrationId),
    String(ids.partyId),
    String(ids.userId),
    String(ids.otherUserId),
    "1",
    "2",
    "2026-11-01",
    "2020-01-01",
    "yes",
    "no",
    "victim",
    "offender",
    "self",
    "referral",
    "written",
    "verbal",
    "suitable",
    "phone",
    "letter",
    "fuzz@test.example",
    "nieuw@example.org",
    "Naam Achternaam",
    ...CONTACT_FORMS,
    ...CONSENT_PURPOSES,
    ...NO_CONTACT_REASONS,
    ...ROLES,
    "intake",
    "contact",
    "closed",
  ];
  return fc.constantFrom(...known);
}
const value = () =>
  fc.oneof(
    { weight: 4, arbitrary: plausible() },
    { weight: 3, arbitrary: nasty },
    { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
    { weight: 1, arbitrary: fc.integer().map(String) },
    // Longer than any field allows (built by repetition: generating 20,000 random characters is slow).
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: 7000, max: 21_000 }))
        .map(([s, n]) => s.repeat(n)),
    },
  );

const fieldName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FIELD_NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const fields = fc.array(fc.tuple(fieldName, value()), { maxLength: 12 });

// ---- where ----------------------------------------------------------------------------------
const stepIds = [...new Set((["self", "referral"] as const).flatMap((p) => stepsFor(p).map((s) => s.id)))];
/** A path segment as a browser would send it (lone surrogates cannot be percent-encoded). */
const encodeSegment = (s: string) => encodeURIComponent(s.toWellFormed());
const segment = fc.oneof(
  { weight: 3, arbitrary: plausible() },
  { weight: 2, arbitrary: nasty.map(encodeSegment) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }).map(encodeSegment) },
  { weight: 1, arbitrary: fc.constantFrom("%ff", "%", "%00", "..", "%2e%2e", "%c0%af") },
);
function postTargets(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      "/taal",
      "/aanmelden",
      "/aanmelden/controleren",
      "/inloggen",
      "/inloggen/code",
      "/inloggen/instellen",
      "/wachtwoord-vergeten",
      "/medewerkers/aanmeldingen/nieuw",
      "/medewerkers/zaken",
      `/medewerkers/zaken/${ids.caseId}`,
      `/medewerkers/aanmeldingen/${ids.registrationId}`,
      "/medewerkers/sessies",
      "/medewerkers/account",
      "/medewerkers/account/tweede-factor",
      "/medewerkers/beheer/gebruikers",
      `/medewerkers/beheer/gebruikers/${ids.otherUserId}`,
      `/medewerkers/beheer/gebruikers/${ids.userId}`,
      "/medewerkers/beheer/toegang",
      "/medewerkers/beheer/import",
      "/medewerkers/beheer/instellingen",
    ),
    fc.constantFrom(...stepIds).map((s) => `/aanmelden/stap/${s}`),
    segment.map((s) => `/medewerkers/zaken/${s}`),
    segment.map((s) => `/medewerkers/aanmeldingen/${s}`),
    segment.map((s) => `/aanmelden/stap/${s}`),
    segment.map((s) => `/account/activeren/${s}`),
    segment.map((s) => `/wachtwoord-herstellen/${s}`),
  );
}
function getTargets(): fc.Arbitrary<string> {
  const query = fc.array(fc.tuple(fieldName, value()), { maxLength: 4 }).map((pairs) => {
    const q = new URLSearchParams(pairs).toString();
    return q ? `?${q}` : "";
  });
  const path = fc.oneof(
    fc.constantFrom(
      "/",
      "/aanmelden",
      "/aanmelden/controleren",
      "/aanmelden/bevestiging",
      "/inloggen",
      "/medewerkers",
      "/medewerkers/aanmeldingen",
      "/medewerkers/zaken",
      "/medewerkers/taken",
      "/medewerkers/cijfers",
      "/api/v1/statistics",
      "/medewerkers/beheer/gebruikers",
      "/medewerkers/beheer/toegang",
      "/medewerkers/noodtoegang",
      "/medewerkers/account",
      "/medewerkers/beheer/instellingen",
      "/verlaten",
    ),
    segment.map((s) => `/medewerkers/zaken/${s}`),
    fc.tuple(segment, segment).map(([a, b]) => `/medewerkers/zaken/${a}/bestanden/${b}`),
    segment.map((s) => `/medewerkers/aanmeldingen/${s}`),
    segment.map((s) => `/medewerkers/beheer/gebruikers/${s}`),
    segment.map((s) => `/medewerkers/cijfers/export/${s}`),
    segment.map((s) => `/medewerkers/cijfers/jaarbericht/${s}`),
    segment.map((s) => `/aanmelden/stap/${s}`),
    segment.map((s) => `/account/activeren/${s}`),
    segment.map((s) => `/wachtwoord-herstellen/${s}`),
    segment.map((s) => `/${s}`),
  );
  return fc.tuple(path, query).map(([p, q]) => `${p}${q}`);
}

/**
 * Requests go straight to the app; a path that is not valid percent-encoding goes through HTTP,
 * where the express layer answers it (400) before the app, as in production.
 */
function via(clientAddress: string) {
  return (request: Request) => {
    try {
      for (const part of new URL(request.url).pathname.split("/")) decodeURIComponent(part);
    } catch {
      return fetch(request);
    }
    return app.dispatch(request, clientAddress);
  };
}

/**
 * Most requests are the app's data requests (`/path.data`, what the browser's JavaScript sends):
 * the same middleware, loaders and actions without rendering the page, so many more inputs fit
 * in the time. One in five is a full page request, rendered as without JavaScript.
 */
const asData = fc.constantFrom(true, true, true, true, false);
function dataUrl(target: string): string {
  const [path = "/", query] = target.split("?", 2);
  const data = path === "/" ? "/_root.data" : `${path.replace(/\/$/, "")}.data`;
  return query === undefined ? data : `${data}?${query}`;
}

// ---- the invariant --------------------------------------------------------------------------
/** The audit log's length and the content tables written since the last call, in one query. */
async function takeChanges(): Promise<{ audits: number; changed: string[] }> {
  const [row] = await app.handle.withRawSession((s) =>
    s.query<{ audits: number; changed: string[] | null }>("SELECT * FROM fuzz_take()"),
  );
  return { audits: row?.audits ?? 0, changed: row?.changed ?? [] };
}
let audits = 0;
async function checked(label: string, send: () => Promise<{ status: number }>) {
  const { status } = await send();
  const after = await takeChanges();
  const wroteAudit = after.audits > audits;
  audits = after.audits;
  if (status >= 500) throw new Error(`${label}: status ${status}`);
  if (after.changed.length > 0) {
    if (status >= 400) throw new Error(`${label}: status ${status} but wrote ${after.changed.join(", ")}`);
    if (!wroteAudit) throw new Error(`${label}: wrote ${after.changed.join(", ")} without an audit record`);
  }
  return status;
}

function encode(pairs: [string, string][], intent: string | undefined, token: string, mode: number) {
  const all: [string, string][] = [...(intent ? [["intent", intent] as [string, string]] : []), ...pairs];
  if (mode !== 1) all.unshift(["_csrf", mode === 2 ? "wrong" : token]);
  if (mode === 3) {
    const form = new FormData();
    for (const [k, v] of all) form.append(k, v);
    form.append("scan", new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])]), "x.html");
    return { body: form as FormData | string, headers: {} as Record<string, string> };
  }
  if (mode === 4) {
    return {
      body: `${new URLSearchParams(all).toString()}&%%%=%ff&&==`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    };
  }
  if (mode === 5) {
    return { body: "--broken\r\nnot a part", headers: { "content-type": "multipart/form-data; boundary=other" } };
  }
  return {
    body: new URLSearchParams(all).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  };
}

describe("fuzzing every route and form", () => {
  it(`answers ${GET_RUNS} random page requests without a 5xx or a write`, async () => {
    const anonymous = new Visitor(app.url, via("198.51.100.1"));
    await fc.assert(
      fc.asyncProperty(getTargets(), fc.boolean(), asData, async (target, asStaff, data) => {
        const who = asStaff ? staff : anonymous;
        const url = data ? dataUrl(target) : target;
        await checked(`GET ${url}`, () => who.get(url));
      }),
      { numRuns: GET_RUNS, seed: 1313, endOnFailure: true },
    );
  }, 240_000);

  it(`answers ${POST_RUNS} random form posts without a 5xx, and stores nothing half`, async () => {
    let n = 0;
    // Each post from its own client address, so the public form's rate limits rarely end the run.
    const anonymous = new Visitor(app.url, (request) => via(`203.0.113.${(n++ % 250) + 1}`)(request));
    await anonymous.get("/aanmelden");
    await staff.get("/medewerkers/account");
    await fc.assert(
      fc.asyncProperty(
        postTargets(),
        fc.option(fc.constantFrom(...INTENTS), { nil: undefined }),
        fields,
        fc.constantFrom(0, 0, 0, 0, 0, 1, 2, 3, 4, 5),
        fc.boolean(),
        asData,
        async (target, intent, pairs, mode, asStaff, data) => {
          const who = asStaff || target.startsWith("/medewerkers") ? staff : anonymous;
          const { body, headers } = encode(pairs, intent, who.token, mode);
          const url = data ? dataUrl(target) : target;
          await checked(`POST ${url} ${JSON.stringify(pairs).slice(0, 300)}`, () => who.post(url, body, headers));
        },
      ),
      { numRuns: POST_RUNS, seed: 1314, endOnFailure: true },
    );
    // The staff member was never logged out by the fuzzing: the posts above really reached the forms.
    expect((await staff.get("/medewerkers")).status).toBe(200);
  }, 400_000);
});
