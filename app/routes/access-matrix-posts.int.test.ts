import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseBox, reserveIds } from "../db/data-keys.server.ts";
import type { DatabaseHandle } from "../db/database.server.ts";
import { asAppRole } from "../db/testing/app-role.ts";
import { describeWithDatabase } from "../db/testing/test-database.ts";
import { requireStaffMiddleware } from "../features/auth/auth-route.server.ts";
import { requireReferrerMiddleware } from "../features/referrers/referrer-route.server.ts";
import { takenUpCase, waitingRegistration } from "../testing/case-fixtures.ts";
import { referrerOrganisation, referrerWithSession } from "../testing/referrer-fixtures.ts";
import { formPost, routeContext, statusOf } from "../testing/route-context.ts";
import { staffWithSession } from "../testing/staff-fixtures.ts";

/**
 * The authorisation matrix for form posts, and for the case pages with the actor's own case
 * against another mediator's case in another region (docs/security.md 1 and 2). Runs as the
 * application role, so row-level security is in force as in production. Every route module with
 * an action must be listed here; the page loads are in access-matrix.int.test.ts.
 */
type Actor =
  | "anonymous"
  | "passwordOnly"
  | "intake"
  | "mediator"
  | "coordinator"
  | "administrator"
  | "researcher"
  | "privacy_officer"
  // A referring professional, signed in to the referrers' area only.
  | "referrer";
type Outcome =
  | "reached"
  | "redirect"
  | "login"
  | "code"
  | "forbidden"
  | "notFound"
  | "unauthenticated"
  | "referrerLogin";
const ACTORS: Actor[] = [
  "anonymous",
  "passwordOnly",
  "intake",
  "mediator",
  "coordinator",
  "administrator",
  "researcher",
  "privacy_officer",
  "referrer",
];
const STAFF: Actor[] = ["intake", "mediator", "coordinator", "administrator", "researcher", "privacy_officer"];

/** Everyone alike; a referrer is added below (as anonymous, unless an entry says otherwise). */
const everyone = (o: Outcome) =>
  Object.fromEntries(ACTORS.filter((a) => a !== "referrer").map((a) => [a, o])) as Record<Actor, Outcome>;
/** Staff routes: without a session to sign-in, with only a password to the code, else per role. */
const staffRoute = (byRole: Partial<Record<Actor, Outcome>>, otherwise: Outcome = "forbidden") =>
  ({
    anonymous: "login",
    passwordOnly: "code",
    ...Object.fromEntries(STAFF.map((a) => [a, byRole[a] ?? otherwise])),
  }) as Record<Actor, Outcome>;

type Ids = {
  admin: number;
  ownCase: number;
  otherCase: number;
  received: number;
  target: number;
  ownFile: number;
  otherFile: number;
};
type Post = {
  file: string;
  path: (ids: Ids) => string;
  params: (ids: Ids) => Record<string, string>;
  body: (ids: Ids) => Record<string, string>;
  expect: Record<Actor, Outcome>;
};

/** The referrers' area: a signed-in referrer only; everyone else to the referrers' sign-in. */
const referrerArea = (referrer: Outcome): Record<Actor, Outcome> => ({ ...everyone("referrerLogin"), referrer });

const POSTS: Record<string, Post[]> = {
  "routes/language.tsx": [
    {
      file: "language",
      path: () => "/taal",
      params: () => ({}),
      body: () => ({ locale: "en", returnTo: "/" }),
      expect: everyone("redirect"),
    },
  ],
  "routes/registration-start.tsx": [
    {
      file: "registration-start",
      path: () => "/aanmelden",
      params: () => ({}),
      body: () => ({ path: "self" }),
      expect: everyone("redirect"),
    },
  ],
  "routes/registration-step.tsx": [
    {
      file: "registration-step",
      path: () => "/aanmelden/stap/rol",
      params: () => ({ stepId: "rol" }),
      body: () => ({ role: "victim" }),
      expect: everyone("redirect"),
    },
  ],
  "routes/registration-check.tsx": [
    {
      file: "registration-check",
      path: () => "/aanmelden/controleren",
      params: () => ({}),
      // Without the privacy statement agreed the form comes back (nothing to send yet).
      body: () => ({}),
      expect: everyone("reached"),
    },
  ],
  "routes/login.tsx": [
    {
      file: "login",
      path: () => "/inloggen",
      params: () => ({}),
      body: () => ({ email: "niemand@test.example", password: "fout" }),
      expect: everyone("unauthenticated"),
    },
  ],
  "routes/login-code.tsx": [
    {
      file: "login-code",
      path: () => "/inloggen/code",
      params: () => ({}),
      body: () => ({ code: "000000" }),
      expect: { ...everyone("redirect"), anonymous: "login", passwordOnly: "unauthenticated" },
    },
  ],
  "routes/login-setup.tsx": [
    {
      file: "login-setup",
      path: () => "/inloggen/instellen",
      params: () => ({}),
      body: () => ({ code: "000000" }),
      expect: { ...everyone("redirect"), anonymous: "login", passwordOnly: "code" },
    },
  ],
  "account-activate": [
    {
      file: "account-activate",
      path: () => `/account/activeren/${"x".repeat(43)}`,
      params: () => ({ token: "x".repeat(43) }),
      body: () => ({ password: "een lang genoeg wachtwoord" }),
      expect: everyone("reached"),
    },
  ],
  "routes/password-forgot.tsx": [
    {
      file: "password-forgot",
      path: () => "/wachtwoord-vergeten",
      params: () => ({}),
      body: () => ({ email: "niemand@test.example" }),
      expect: everyone("reached"),
    },
  ],
  "routes/staff-registration-new.tsx": [
    {
      file: "staff-registration-new",
      path: () => "/medewerkers/aanmeldingen/nieuw",
      params: () => ({}),
      body: () => ({ channel: "phone" }),
      expect: staffRoute({ intake: "reached" }),
    },
  ],
  "routes/staff-registration.tsx": [
    // Taking up a registration: the intake desk only (an incomplete form: reached, nothing stored).
    {
      file: "staff-registration",
      path: (i) => `/medewerkers/aanmeldingen/${i.received}`,
      params: (i) => ({ id: String(i.received) }),
      body: () => ({ intent: "take-up" }),
      expect: staffRoute({ intake: "reached" }),
    },
  ],
  "routes/staff-cases.tsx": [
    {
      file: "staff-cases",
      path: () => "/medewerkers/zaken",
      params: () => ({}),
      body: () => ({ q: "Probe" }),
      expect: staffRoute({ mediator: "reached", coordinator: "reached" }),
    },
  ],
  // The case's layout takes only breaking the glass: for a coordinator of another region.
  "routes/staff-case.tsx": [
    {
      file: "staff-case",
      path: (i) => `/medewerkers/zaken/${i.ownCase}`,
      params: (i) => ({ id: String(i.ownCase) }),
      body: () => ({ reason: "te kort" }),
      expect: staffRoute({}, "notFound"),
    },
    {
      file: "staff-case",
      path: (i) => `/medewerkers/zaken/${i.otherCase}`,
      params: (i) => ({ id: String(i.otherCase) }),
      body: () => ({ reason: "te kort" }),
      expect: staffRoute({ coordinator: "reached" }, "notFound"),
    },
  ],
  // A write in a section of the actor's own case: the assigned mediator and the region's coordinator.
  "routes/staff-case-parties.tsx": [
    {
      file: "staff-case-parties",
      path: (i) => `/medewerkers/zaken/${i.ownCase}/partijen`,
      params: (i) => ({ id: String(i.ownCase) }),
      body: () => ({ intent: "add-party", name: "Probe" }),
      expect: staffRoute({ mediator: "reached", coordinator: "reached" }),
    },
    // The same write in another mediator's case in another region: not there for anyone (no IDOR).
    {
      file: "staff-case-parties",
      path: (i) => `/medewerkers/zaken/${i.otherCase}/partijen`,
      params: (i) => ({ id: String(i.otherCase) }),
      body: () => ({ intent: "add-party", name: "Probe" }),
      expect: staffRoute({ mediator: "notFound", coordinator: "notFound" }),
    },
  ],
  "routes/staff-case-overview.tsx": [
    // A move with a version nobody saw: answered with the case as it is (409) in the own case.
    {
      file: "staff-case-overview",
      path: (i) => `/medewerkers/zaken/${i.ownCase}`,
      params: (i) => ({ id: String(i.ownCase) }),
      body: () => ({ kind: "close_without_contact", reason: "no_response", version: "999" }),
      expect: staffRoute({ mediator: "reached", coordinator: "reached" }),
    },
    {
      file: "staff-case-overview",
      path: (i) => `/medewerkers/zaken/${i.otherCase}`,
      params: (i) => ({ id: String(i.otherCase) }),
      body: () => ({ kind: "close_without_contact", reason: "no_response", version: "999" }),
      expect: staffRoute({ mediator: "notFound", coordinator: "notFound" }),
    },
  ],
  // The other sections' forms: only those who may write to cases get as far as reading the form.
  ...Object.fromEntries(
    ["consent", "activities", "risk", "contact", "justice", "closing"].map((section) => [
      `routes/staff-case-${section}.tsx`,
      [
        {
          file: `staff-case-${section}`,
          path: (i: Ids) => `/medewerkers/zaken/${i.ownCase}`,
          params: (i: Ids) => ({ id: String(i.ownCase) }),
          body: () => ({ intent: "no-such-form" }),
          expect: staffRoute({ mediator: "reached", coordinator: "reached" }),
        },
      ],
    ]),
  ),
  "routes/staff-case-privacy.tsx": [
    // A legal hold on the coordinator's own case; on another region's case it is not there.
    {
      file: "staff-case-privacy",
      path: (i) => `/medewerkers/zaken/${i.ownCase}/privacy`,
      params: (i) => ({ id: String(i.ownCase) }),
      body: () => ({ intent: "hold", reason: "complaint", until: "2099-01-01" }),
      expect: staffRoute({ coordinator: "reached" }),
    },
    {
      file: "staff-case-privacy",
      path: (i) => `/medewerkers/zaken/${i.otherCase}/privacy`,
      params: (i) => ({ id: String(i.otherCase) }),
      body: () => ({ intent: "hold", reason: "complaint", until: "2099-01-01" }),
      expect: staffRoute({ coordinator: "notFound" }),
    },
  ],
  // A legal hold on a registration never taken up: a coordinator who sees it.
  "routes/staff-registration-hold.tsx": [
    {
      file: "staff-registration-hold",
      path: (i) => `/medewerkers/aanmeldingen/${i.received}/bewaarplicht`,
      params: (i) => ({ id: String(i.received) }),
      body: () => ({ intent: "hold", reason: "complaint", until: "2099-01-01" }),
      expect: staffRoute({ coordinator: "reached" }),
    },
  ],
  // An access export's scope and the sealed-note review: no such request on another region's case.
  "routes/staff-case-access-scope.tsx": [
    {
      file: "staff-case-access-scope",
      path: (i) => `/medewerkers/zaken/${i.otherCase}/privacy/inzage/1/samenstellen`,
      params: (i) => ({ id: String(i.otherCase), requestId: "1" }),
      body: () => ({ chosen: "c1-registrant-0" }),
      expect: staffRoute({ coordinator: "notFound" }),
    },
  ],
  "routes/staff-case-sealed-review.tsx": [
    {
      file: "staff-case-sealed-review",
      path: (i) => `/medewerkers/zaken/${i.otherCase}/afgeschermde-notities-inzage`,
      params: (i) => ({ id: String(i.otherCase) }),
      body: () => ({ requestId: "1", activityId: "1", reason: "safety" }),
      expect: staffRoute({ mediator: "notFound" }),
    },
  ],
  "routes/admin-retention.tsx": [
    {
      file: "admin-retention",
      path: () => "/medewerkers/beheer/bewaartermijnen",
      params: () => ({}),
      // A period of 0 is refused: nothing changes.
      body: () => ({ kind: "case_file", keepMonths: "0", keepDays: "0", legalBasis: "Probe" }),
      expect: staffRoute({ administrator: "reached" }),
    },
  ],
  "routes/staff-sessions.tsx": [
    {
      file: "staff-sessions",
      path: () => "/medewerkers/sessies",
      params: () => ({}),
      body: () => ({ session: "0".repeat(64) }),
      expect: staffRoute({}, "redirect"),
    },
  ],
  "routes/staff-account.tsx": [
    {
      file: "staff-account",
      path: () => "/medewerkers/account",
      params: () => ({}),
      body: () => ({ intent: "password", currentPassword: "fout", code: "000000", newPassword: "x" }),
      expect: staffRoute({}, "reached"),
    },
  ],
  "routes/staff-account-totp.tsx": [
    {
      file: "staff-account-totp",
      path: () => "/medewerkers/account/tweede-factor",
      params: () => ({}),
      body: () => ({ code: "000000" }),
      expect: staffRoute({}, "redirect"),
    },
  ],
  "routes/admin-users.tsx": [
    {
      file: "admin-users",
      path: () => "/medewerkers/beheer/gebruikers",
      params: () => ({}),
      body: () => ({ intent: "invite" }),
      expect: staffRoute({ administrator: "reached" }),
    },
  ],
  "routes/admin-user.tsx": [
    {
      file: "admin-user",
      path: (i) => `/medewerkers/beheer/gebruikers/${i.target}`,
      params: (i) => ({ id: String(i.target) }),
      body: () => ({ roles: "researcher" }),
      expect: staffRoute({ administrator: "redirect" }),
    },
    // Nobody changes their own roles: the administrator's own account is refused.
    {
      file: "admin-user",
      path: (i) => `/medewerkers/beheer/gebruikers/${i.admin}`,
      params: (i) => ({ id: String(i.admin) }),
      body: () => ({ roles: "coordinator" }),
      expect: staffRoute({}),
    },
  ],
  "routes/admin-import.tsx": [
    {
      file: "admin-import",
      path: () => "/medewerkers/beheer/import",
      params: () => ({}),
      body: () => ({}),
      expect: staffRoute({ administrator: "reached" }),
    },
  ],
  "routes/admin-access-grants.tsx": [
    {
      file: "admin-access-grants",
      path: () => "/medewerkers/beheer/toegang",
      params: () => ({}),
      body: () => ({ requestId: "999999", decision: "rejected" }),
      expect: staffRoute({ administrator: "reached" }),
    },
  ],
  "routes/admin-settings.tsx": [
    {
      file: "admin-settings",
      path: () => "/medewerkers/beheer/instellingen",
      params: () => ({}),
      // Refused (not https): reached, and the setting stays as it was.
      body: () => ({ neutralSite: "http://weer.example.nl/" }),
      expect: staffRoute({ administrator: "reached" }),
    },
  ],
  // Publishing a version that is no draft: reached (refused as input) for administrators only.
  "routes/admin-questionnaires.tsx": [
    {
      file: "admin-questionnaires",
      path: () => "/medewerkers/beheer/vragenlijsten",
      params: () => ({}),
      body: () => ({ intent: "publish", questionnaireId: "999999" }),
      expect: staffRoute({ administrator: "reached" }),
    },
  ],
  // A letter code for an invitation that does not exist: reached (refused as input) in the own case.
  "routes/staff-case-outcomes.tsx": [
    {
      file: "staff-case-outcomes",
      path: (i) => `/medewerkers/zaken/${i.ownCase}/vragenlijsten`,
      params: (i) => ({ id: String(i.ownCase) }),
      body: () => ({ intent: "letter", invitationId: "999999" }),
      expect: staffRoute({ mediator: "reached", coordinator: "reached" }),
    },
    {
      file: "staff-case-outcomes",
      path: (i) => `/medewerkers/zaken/${i.otherCase}/vragenlijsten`,
      params: (i) => ({ id: String(i.otherCase) }),
      body: () => ({ intent: "letter", invitationId: "999999" }),
      expect: staffRoute({ mediator: "notFound", coordinator: "notFound" }),
    },
  ],
  // The questionnaire's public pages: a wrong code is answered on the page; without the cookie of
  // a redeemed code, the questionnaire sends back to the start.
  "routes/survey-start.tsx": [
    {
      file: "survey-start",
      path: () => "/vragenlijst",
      params: () => ({}),
      body: () => ({ intent: "code", code: "AAAA-BBBB-CCCC" }),
      expect: everyone("reached"),
    },
  ],
  "routes/survey-answer.tsx": [
    {
      file: "survey-answer",
      path: () => "/vragenlijst/invullen",
      params: () => ({}),
      body: () => ({ intent: "finish" }),
      expect: everyone("redirect"),
    },
  ],
  // The referrers' sign-in and sign-up: public forms, refused as input here.
  "routes/referrer-signup.tsx": [
    {
      file: "referrer-signup",
      path: () => "/verwijzers/registreren",
      params: () => ({}),
      body: () => ({ email: "geen-adres", displayName: "" }),
      expect: everyone("reached"),
    },
  ],
  "routes/referrer-login.tsx": [
    {
      file: "referrer-login",
      path: () => "/verwijzers/inloggen",
      params: () => ({}),
      body: () => ({ email: "geen-adres" }),
      expect: everyone("reached"),
    },
  ],
  "routes/referrer-login-link.tsx": [
    {
      file: "referrer-login-link",
      path: () => `/verwijzers/inloggen/link/${"x".repeat(43)}`,
      params: () => ({ token: "x".repeat(43) }),
      body: () => ({}),
      expect: everyone("reached"),
    },
  ],
  // The code step belongs to a referrer's half-made session; a full one is sent on to the area.
  "routes/referrer-login-code.tsx": [
    {
      file: "referrer-login-code",
      path: () => "/verwijzers/inloggen/code",
      params: () => ({}),
      body: () => ({ code: "000000" }),
      expect: referrerArea("redirect"),
    },
  ],
  "routes/referrer-refer.tsx": [
    {
      file: "referrer-refer",
      path: () => "/verwijzers/verwijzen",
      params: () => ({}),
      // Without the client's consent: refused as input, nothing stored.
      body: () => ({}),
      expect: referrerArea("reached"),
    },
  ],
  // Only the organisation's contact person; the matrix's referrer is not.
  "routes/referrer-organisation.tsx": [
    {
      file: "referrer-organisation",
      path: () => "/verwijzers/organisatie",
      params: () => ({}),
      body: () => ({ colleaguesSee: "yes" }),
      expect: referrerArea("forbidden"),
    },
  ],
  "routes/admin-referrer-organisations.tsx": [
    {
      file: "admin-referrer-organisations",
      path: () => "/medewerkers/beheer/verwijzers",
      params: () => ({}),
      body: () => ({ name: "", referrerType: "", domains: "" }),
      expect: staffRoute({ coordinator: "reached", administrator: "reached" }),
    },
  ],
  "routes/admin-referrer-organisation.tsx": [
    {
      file: "admin-referrer-organisation",
      path: () => "/medewerkers/beheer/verwijzers/999999",
      params: () => ({ id: "999999" }),
      body: () => ({ label: "" }),
      expect: staffRoute({ coordinator: "notFound", administrator: "notFound" }),
    },
  ],
  // The partner API takes an API key only: a session of any kind is no key.
  "routes/api-referrals.tsx": [
    {
      file: "api-referrals",
      path: () => "/api/v1/referrals",
      params: () => ({}),
      body: () => ({}),
      expect: everyone("unauthenticated"),
    },
  ],
  // Passkeys, withdrawal, sessions (issue 17, ADR 0029).
  // A referrer's new passkey: only with a referrer session (options answered as JSON).
  "routes/referrer-passkey.tsx": [
    {
      file: "referrer-passkey",
      path: () => "/verwijzers/inloggen/passkey",
      params: () => ({}),
      body: () => ({ intent: "register-options" }),
      expect: referrerArea("reached"),
    },
  ],
  // A staff passkey: only with a complete staff session; a malformed answer is refused.
  "routes/staff-passkey.tsx": [
    {
      file: "staff-passkey",
      path: () => "/inloggen/passkey",
      params: () => ({}),
      body: () => ({ intent: "register", credential: "{}" }),
      expect: { ...staffRoute({}, "redirect"), passwordOnly: "login" },
    },
  ],
  "routes/referrer-security.tsx": [
    {
      file: "referrer-security",
      path: () => "/verwijzers/beveiliging",
      params: () => ({}),
      body: () => ({ passkey: "999999" }),
      expect: referrerArea("notFound"),
    },
  ],
  "routes/referrer-sessions.tsx": [
    {
      file: "referrer-sessions",
      path: () => "/verwijzers/sessies",
      params: () => ({}),
      body: () => ({ session: "0".repeat(64) }),
      expect: referrerArea("redirect"),
    },
  ],
  // Withdrawing a referral that is not the referrer's: refused (as "not found") on the list.
  "routes/referrer-home.tsx": [
    {
      file: "referrer-home",
      path: () => "/verwijzers",
      params: () => ({}),
      body: () => ({ reference: "HB-2026-999999" }),
      expect: referrerArea("redirect"),
    },
  ],
  "routes/staff-account-passkeys.tsx": [
    {
      file: "staff-account-passkeys",
      path: () => "/medewerkers/account/passkeys",
      params: () => ({}),
      body: () => ({ intent: "remove", passkey: "999999" }),
      expect: staffRoute({}, "notFound"),
    },
  ],
  // Withdrawal through the API takes an API key only, like every partner call.
  "routes/api-referral.tsx": [
    {
      file: "api-referral",
      path: () => "/api/v1/referrals/HB-2026-999999",
      params: () => ({ reference: "HB-2026-999999" }),
      body: () => ({}),
      expect: everyone("unauthenticated"),
    },
  ],
  "routes/api-referral-withdraw.tsx": [
    {
      file: "api-referral-withdraw",
      path: () => "/api/v1/referrals/HB-2026-999999/withdraw",
      params: () => ({ reference: "HB-2026-999999" }),
      body: () => ({}),
      expect: everyone("unauthenticated"),
    },
  ],
  // Last: it ends the sessions it is sent with.
  "routes/logout.tsx": [
    { file: "logout", path: () => "/uitloggen", params: () => ({}), body: () => ({}), expect: everyone("redirect") },
  ],
  "routes/referrer-logout.tsx": [
    {
      file: "referrer-logout",
      path: () => "/verwijzers/uitloggen",
      params: () => ({}),
      body: () => ({}),
      expect: everyone("redirect"),
    },
  ],
};

/** Outside the referrers' own area a referrer has no session at all: there it is as anonymous. */
function withReferrer(expect: Record<Actor, Outcome>): Record<Actor, Outcome> {
  return { ...expect, referrer: expect.referrer ?? expect.anonymous };
}
for (const posts of Object.values(POSTS)) for (const post of posts) post.expect = withReferrer(post.expect);

/** Page loads of the case pages: own case against another mediator's case in another region. */
type Get = { file: string; params: (ids: Ids) => Record<string, string>; expect: Record<Actor, Outcome> };
const CASE_GETS: Record<string, Get> = {
  "own case": {
    file: "staff-case",
    params: (i) => ({ id: String(i.ownCase) }),
    expect: staffRoute({ mediator: "reached", coordinator: "reached" }),
  },
  // A coordinator of another region is offered to break the glass (403); a mediator sees nothing.
  "another mediator's case": {
    file: "staff-case",
    params: (i) => ({ id: String(i.otherCase) }),
    expect: staffRoute({ mediator: "notFound", coordinator: "forbidden" }),
  },
  "a file of the own case": {
    file: "staff-case-file",
    params: (i) => ({ id: String(i.ownCase), fileId: String(i.ownFile) }),
    expect: staffRoute({ mediator: "reached", coordinator: "reached" }),
  },
  "a file of another mediator's case": {
    file: "staff-case-file",
    params: (i) => ({ id: String(i.otherCase), fileId: String(i.otherFile) }),
    expect: staffRoute({ mediator: "notFound", coordinator: "notFound" }),
  },
  "the questionnaires of the own case": {
    file: "staff-case-outcomes",
    params: (i) => ({ id: String(i.ownCase) }),
    expect: staffRoute({ mediator: "reached", coordinator: "reached" }),
  },
  "the questionnaires of another mediator's case": {
    file: "staff-case-outcomes",
    params: (i) => ({ id: String(i.otherCase) }),
    expect: staffRoute({ mediator: "notFound", coordinator: "notFound" }),
  },
  "another case's file through the own case": {
    file: "staff-case-file",
    params: (i) => ({ id: String(i.ownCase), fileId: String(i.otherFile) }),
    expect: staffRoute({ mediator: "notFound", coordinator: "notFound" }),
  },
};
for (const get of Object.values(CASE_GETS)) get.expect = withReferrer(get.expect);

describe("the form-post matrix", () => {
  it("lists every route module that has an action", () => {
    const dir = path.join(import.meta.dirname);
    const withAction = fs
      .readdirSync(dir)
      .filter(
        (f) => f.endsWith(".tsx") && /export (async )?function action/.test(fs.readFileSync(path.join(dir, f), "utf8")),
      )
      .map((f) => f.replace(/\.tsx$/, ""))
      .sort();
    const listed = [...new Set(Object.values(POSTS).flatMap((posts) => posts.map((p) => p.file)))].sort();
    expect(listed).toEqual(withAction);
  });
});

describeWithDatabase("access matrix: form posts, own case and another mediator's case", (handle, kind, url) => {
  const cookies: Partial<Record<Actor, string>> = {};
  let ids: Ids;
  let app: DatabaseHandle;
  let release: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const db = handle().db;
    const own = await takenUpCase(db, db, { region: "midden" });
    const other = await takenUpCase(db, db, { region: "noord" });
    const received = await waitingRegistration(db);
    const target = await staffWithSession(handle(), { email: "target@test.example", roles: ["researcher"] });
    const files: number[] = [];
    for (const caseId of [own.caseId, other.caseId]) {
      // Sealed like every upload (ADR 0017), with the case's own key.
      const box = await caseBox(db, caseId);
      const [id] = (await reserveIds(db, "case_upload", 1)) as [number];
      await db
        .insertInto("case_upload")
        .values({
          id,
          case_id: caseId,
          file_name: box.text("case_upload.file_name", id, "brief.pdf"),
          media_type: "application/pdf",
          size_bytes: 5,
          content: box.bytes("case_upload.content", id, new TextEncoder().encode("%PDF-")),
          uploaded_at: new Date(),
        })
        .execute();
      files.push(id);
    }
    ids = {
      admin: 0,
      ownCase: own.caseId,
      otherCase: other.caseId,
      received: received.id,
      target: target.userId,
      ownFile: files[0] ?? 0,
      otherFile: files[1] ?? 0,
    };
    const staff: [Actor, Parameters<typeof staffWithSession>[1]][] = [
      [
        "passwordOnly",
        {
          email: "m-pw@test.example",
          roles: ["administrator", "coordinator", "intake", "mediator"],
          regionCodes: ["midden"],
          secondFactor: false,
        },
      ],
      ["intake", { email: "m-intake@test.example", roles: ["intake"] }],
      ["mediator", { email: "m-mediator@test.example", roles: ["mediator"] }],
      ["coordinator", { email: "m-coordinator@test.example", roles: ["coordinator"], regionCodes: ["midden"] }],
      ["administrator", { email: "m-admin@test.example", roles: ["administrator"] }],
      ["researcher", { email: "m-research@test.example", roles: ["researcher"] }],
      ["privacy_officer", { email: "m-privacy@test.example", roles: ["privacy_officer"] }],
    ];
    for (const [actor, options] of staff) {
      const made = await staffWithSession(handle(), options);
      cookies[actor] = `herstel_sessie=${made.token}`;
      if (actor === "administrator") ids.admin = made.userId;
      // The mediator is the second mediator of the own case, and of no other.
      if (actor === "mediator")
        await db
          .insertInto("case_assignment")
          .values({
            case_id: own.caseId,
            user_id: made.userId,
            role: "co_mediator",
            no_conflict_declared_at: new Date(),
            assigned_at: new Date(),
          })
          .execute();
    }
    const organisation = await referrerOrganisation(handle(), { name: "Matrix", domain: "matrix.test" });
    const referrer = await referrerWithSession(handle(), { email: "ref@matrix.test", organisationId: organisation });
    cookies.referrer = `herstel_verwijzer=${referrer.token}`;
    ({ app, release } = await asAppRole(handle(), kind, url()));
  });
  afterAll(async () => {
    await release();
  });

  function outcomeOf(result: unknown): Outcome {
    const status = statusOf(result);
    const location = result instanceof Response ? result.headers.get("location") : null;
    if (status === 302 || status === 303) {
      if (location === "/inloggen") return "login";
      if (location === "/inloggen/code") return "code";
      if (location === "/verwijzers/inloggen") return "referrerLogin";
      return "redirect";
    }
    if (status === 401) return "unauthenticated";
    if (status === 403) return "forbidden";
    if (status === 404) return "notFound";
    if (status === 200 || status === 400 || status === 409) return "reached";
    return `status ${status}` as Outcome;
  }

  async function run(
    file: string,
    method: "GET" | "POST",
    path: string,
    params: Record<string, string>,
    body: Record<string, string>,
    actor: Actor,
  ) {
    const module = (await import(`./${file}.tsx`)) as {
      action?: (a: unknown) => unknown;
      loader?: (a: unknown) => unknown;
    };
    const cookie = cookies[actor];
    const request =
      method === "POST"
        ? formPost(`http://localhost${path}`, new URLSearchParams(body), cookie)
        : new Request(`http://localhost${path}`, { headers: cookie ? { cookie } : {} });
    const context = routeContext(app, { clientAddress: `198.51.100.${ACTORS.indexOf(actor) + 20}` });
    const args = { request, params, context, url: new URL(request.url), pattern: path } as never;
    const call = async () => {
      const value = await (method === "POST" ? module.action : module.loader)?.(args);
      return value instanceof Response ? value : new Response(null, { status: statusOf(value) ?? 200 });
    };
    const staffPage = path.startsWith("/medewerkers");
    // The referrers' area (its layout's middleware), not its sign-in pages.
    const referrerPage = /^\/verwijzers(\/(verwijzen|organisatie|beveiliging|sessies))?$/.test(path);
    const result = await Promise.resolve()
      .then(() =>
        staffPage
          ? requireStaffMiddleware(args, call as never)
          : referrerPage
            ? requireReferrerMiddleware(args, call as never)
            : call(),
      )
      .catch((thrown: unknown) => thrown);
    if (statusOf(result) === undefined) throw result;
    return outcomeOf(result);
  }

  for (const [name, get] of Object.entries(CASE_GETS)) {
    it(`GET ${name}`, async () => {
      const params = get.params(ids);
      const path =
        get.file === "staff-case"
          ? `/medewerkers/zaken/${params.id}`
          : get.file === "staff-case-outcomes"
            ? `/medewerkers/zaken/${params.id}/vragenlijsten`
            : `/medewerkers/zaken/${params.id}/bestanden/${params.fileId}`;
      const seen: Record<string, Outcome> = {};
      for (const actor of ACTORS) seen[actor] = await run(get.file, "GET", path, params, {}, actor);
      expect(seen).toEqual(get.expect);
    });
  }

  for (const [key, posts] of Object.entries(POSTS)) {
    for (const [index, post] of posts.entries()) {
      it(`POST ${key} #${index + 1}`, async () => {
        const seen: Record<string, Outcome> = {};
        for (const actor of ACTORS)
          seen[actor] = await run(post.file, "POST", post.path(ids), post.params(ids), post.body(ids), actor);
        expect(seen).toEqual(post.expect);
      });
    }
  }
});
