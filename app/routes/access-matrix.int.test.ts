import { beforeAll, describe, expect, it } from "vitest";
import { describeWithDatabase } from "../db/testing/test-database.ts";
import { requireStaffMiddleware } from "../features/auth/auth-route.server.ts";
import { requireReferrerMiddleware } from "../features/referrers/referrer-route.server.ts";
import { startDraft } from "../features/registration/registration.commands.server.ts";
import { sealedRegistration } from "../features/registration/registration-sealing.server.ts";
import routes from "../routes.ts";
import { referrerOrganisation, referrerWithSession } from "../testing/referrer-fixtures.ts";
import { formPost, routeContext, statusOf } from "../testing/route-context.ts";
import { staffWithSession } from "../testing/staff-fixtures.ts";

/**
 * The authorisation matrix (docs/security.md 1 and 2): every route × who is asking × (in scope /
 * out of scope) → what must happen. A route missing from the matrix fails the first test.
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
  | "referrer";
type Outcome =
  | "ok"
  | "login"
  | "code"
  | "forbidden"
  | "notFound"
  | "redirect"
  | "unauthenticated"
  | "referrerLogin"
  | "badRequest";
const ACTORS: Actor[] = [
  "anonymous",
  "passwordOnly",
  "intake",
  "mediator",
  "coordinator",
  "administrator",
  "researcher",
  "privacy_officer",
  // A referring professional, signed in to the referrers' area: not staff anywhere.
  "referrer",
];

const everyone = (outcome: Outcome): Record<Actor, Outcome> =>
  Object.fromEntries(ACTORS.map((a) => [a, outcome])) as Record<Actor, Outcome>;
const staffOnly = (allowed: Actor[]): Record<Actor, Outcome> => ({
  anonymous: "login",
  passwordOnly: "code",
  intake: allowed.includes("intake") ? "ok" : "forbidden",
  mediator: allowed.includes("mediator") ? "ok" : "forbidden",
  coordinator: allowed.includes("coordinator") ? "ok" : "forbidden",
  administrator: allowed.includes("administrator") ? "ok" : "forbidden",
  researcher: allowed.includes("researcher") ? "ok" : "forbidden",
  privacy_officer: allowed.includes("privacy_officer") ? "ok" : "forbidden",
  referrer: "login",
});
/** The referrers' area: a signed-in referrer only; everyone else to the referrers' sign-in. */
const referrerOnly: Record<Actor, Outcome> = { ...everyone("referrerLogin"), referrer: "ok" };
const ALL_STAFF: Actor[] = ["intake", "mediator", "coordinator", "administrator", "researcher", "privacy_officer"];

type Case = { params?: Record<string, string>; scope?: "in" | "out"; expect: Record<Actor, Outcome> };
/** Keyed by route file (and id where one file serves two routes). */
const MATRIX: Record<string, Case[]> = {
  "routes/home.tsx": [{ expect: everyone("ok") }],
  "routes/language.tsx": [{ expect: everyone("notFound") }],
  "routes/registration-start.tsx": [{ expect: everyone("ok") }],
  "routes/registration-step.tsx": [{ params: { stepId: "rol" }, expect: everyone("redirect") }],
  "routes/registration-check.tsx": [{ expect: everyone("redirect") }],
  "routes/registration-done.tsx": [{ expect: everyone("ok") }],
  // "Exit this page": anyone leaves for the neutral site.
  "routes/exit-page.tsx": [{ expect: everyone("redirect") }],
  "routes/login.tsx": [{ expect: { ...everyone("redirect"), anonymous: "ok", passwordOnly: "ok", referrer: "ok" } }],
  "routes/login-code.tsx": [
    { expect: { ...everyone("redirect"), anonymous: "login", passwordOnly: "ok", referrer: "login" } },
  ],
  "routes/login-setup.tsx": [
    { expect: { ...everyone("redirect"), anonymous: "login", passwordOnly: "code", referrer: "login" } },
  ],
  "routes/login-recovery-codes.tsx": [
    { expect: { ...everyone("ok"), anonymous: "login", passwordOnly: "login", referrer: "login" } },
  ],
  "routes/logout.tsx": [{ expect: everyone("notFound") }],
  "account-activate": [{ params: { token: "x".repeat(43) }, expect: everyone("ok") }],
  "password-reset": [{ params: { token: "x".repeat(43) }, expect: everyone("ok") }],
  "routes/password-forgot.tsx": [{ expect: everyone("ok") }],
  // The questionnaire needs no account: the start page is open to all, the questionnaire itself
  // only with the cookie a redeemed link or code gives (back to the start otherwise).
  "routes/survey-start.tsx": [{ expect: everyone("ok") }],
  "routes/survey-answer.tsx": [{ expect: everyone("redirect") }],
  "routes/survey-link.tsx": [{ params: { token: "x".repeat(43) }, expect: everyone("redirect") }],
  "routes/staff-layout.tsx": [{ expect: staffOnly(ALL_STAFF) }],
  "routes/staff-home.tsx": [{ expect: staffOnly(ALL_STAFF) }],
  "routes/staff-registrations.tsx": [{ expect: staffOnly(["intake", "coordinator"]) }],
  "routes/staff-registration-new.tsx": [{ expect: staffOnly(["intake"]) }],
  "routes/staff-registration.tsx": [
    { scope: "in", expect: staffOnly(["intake", "coordinator"]) },
    { scope: "out", expect: staffOnly(["coordinator"]) },
    {
      params: { id: "999999" },
      expect: {
        ...staffOnly([]),
        intake: "notFound",
        mediator: "notFound",
        coordinator: "notFound",
        administrator: "notFound",
        researcher: "notFound",
        privacy_officer: "notFound",
      },
    },
  ],
  "routes/staff-sessions.tsx": [{ expect: staffOnly(ALL_STAFF) }],
  "routes/staff-cases.tsx": [{ expect: staffOnly(["mediator", "coordinator"]) }],
  "routes/staff-tasks.tsx": [{ expect: staffOnly(["mediator", "coordinator"]) }],
  "routes/staff-statistics.tsx": [{ expect: staffOnly(["coordinator", "researcher"]) }],
  "routes/staff-statistics-export.tsx": [
    { params: { format: "csv" }, expect: staffOnly(["coordinator", "researcher"]) },
    { params: { format: "xlsx" }, expect: staffOnly(["coordinator", "researcher"]) },
  ],
  "routes/api-statistics.tsx": [
    {
      expect: {
        ...staffOnly(["coordinator", "researcher"]),
        anonymous: "unauthenticated",
        passwordOnly: "unauthenticated",
        referrer: "unauthenticated",
      },
    },
  ],
  "routes/staff-annual-report.tsx": [
    { params: { year: "2025" }, expect: staffOnly(["coordinator", "researcher"]) },
    { params: { year: "x" }, expect: { ...staffOnly([]), coordinator: "notFound", researcher: "notFound" } },
  ],
  "routes/staff-case.tsx": [
    // Tests connect as a superuser, so row-level security (tested on its own) is not in play here:
    // this checks the application's role check and that an unknown case is a 404.
    { params: { id: "999999" }, expect: { ...staffOnly([]), mediator: "notFound", coordinator: "notFound" } },
  ],
  // The case's sections: like the case itself (an unknown case is a 404 for those who may list cases).
  ...Object.fromEntries(
    ["overview", "parties", "consent", "activities", "risk", "contact", "justice", "closing", "files", "timeline"].map(
      (section) => [
        `routes/staff-case-${section}.tsx`,
        [{ params: { id: "999999" }, expect: { ...staffOnly([]), mediator: "notFound", coordinator: "notFound" } }],
      ],
    ),
  ),
  "routes/staff-case-file.tsx": [
    {
      params: { id: "999999", fileId: "1" },
      expect: { ...staffOnly([]), mediator: "notFound", coordinator: "notFound" },
    },
  ],
  "routes/staff-case-privacy.tsx": [
    { params: { id: "999999" }, expect: { ...staffOnly([]), coordinator: "notFound" } },
  ],
  "routes/staff-case-access-export.tsx": [
    { params: { id: "999999", requestId: "1" }, expect: { ...staffOnly([]), coordinator: "notFound" } },
  ],
  "routes/staff-registration-hold.tsx": [
    { params: { id: "999999" }, expect: { ...staffOnly([]), coordinator: "notFound" } },
  ],
  "routes/staff-case-access-scope.tsx": [
    { params: { id: "999999", requestId: "1" }, expect: { ...staffOnly([]), coordinator: "notFound" } },
  ],
  "routes/staff-case-sealed-review.tsx": [
    { params: { id: "999999" }, expect: { ...staffOnly([]), mediator: "notFound" } },
  ],
  "routes/staff-privacy.tsx": [{ expect: staffOnly(["privacy_officer"]) }],
  "routes/admin-retention.tsx": [{ expect: staffOnly(["administrator"]) }],
  "routes/staff-case-outcomes.tsx": [
    { params: { id: "999999" }, expect: { ...staffOnly([]), mediator: "notFound", coordinator: "notFound" } },
  ],
  "routes/staff-outcomes-export.tsx": [{ expect: staffOnly(["coordinator", "researcher"]) }],
  "routes/staff-account.tsx": [{ expect: staffOnly(ALL_STAFF) }],
  // Only within minutes of re-authenticating on the account page; otherwise back there.
  "routes/staff-account-totp.tsx": [
    {
      expect: {
        ...staffOnly(ALL_STAFF),
        intake: "redirect",
        mediator: "redirect",
        coordinator: "redirect",
        administrator: "redirect",
        researcher: "redirect",
        privacy_officer: "redirect",
      },
    },
  ],
  "routes/staff-break-glass.tsx": [{ expect: staffOnly(["coordinator", "administrator"]) }],
  "routes/admin-users.tsx": [{ expect: staffOnly(["administrator"]) }],
  "routes/admin-user.tsx": [
    { params: { id: "1" }, expect: staffOnly(["administrator"]) },
    { params: { id: "999999" }, expect: { ...staffOnly([]), administrator: "notFound" } },
  ],
  "routes/admin-import.tsx": [{ expect: staffOnly(["administrator"]) }],
  "routes/admin-access-grants.tsx": [{ expect: staffOnly(["administrator"]) }],
  "routes/admin-settings.tsx": [{ expect: staffOnly(["administrator"]) }],
  "routes/admin-questionnaires.tsx": [{ expect: staffOnly(["administrator"]) }],
  "routes/content-page.tsx": [
    { params: { slug: "privacy" }, expect: everyone("ok") },
    { params: { slug: "bestaat-niet" }, expect: everyone("notFound") },
  ],
  "routes/not-found.tsx": [{ expect: everyone("notFound") }],
  "routes/referrer-signup.tsx": [{ expect: everyone("ok") }],
  "routes/referrer-login.tsx": [{ expect: { ...everyone("ok"), referrer: "redirect" } }],
  "routes/referrer-login-link.tsx": [{ params: { token: "x".repeat(43) }, expect: everyone("ok") }],
  "referrer-login-setup": [{ expect: { ...everyone("referrerLogin"), referrer: "redirect" } }],
  "referrer-login-code": [{ expect: { ...everyone("referrerLogin"), referrer: "redirect" } }],
  "routes/referrer-logout.tsx": [{ expect: everyone("notFound") }],
  "routes/referrer-layout.tsx": [{ expect: referrerOnly }],
  "routes/referrer-home.tsx": [{ expect: referrerOnly }],
  "routes/referrer-refer.tsx": [{ expect: referrerOnly }],
  // Only the organisation's contact person; the matrix's referrer is not.
  "routes/referrer-organisation.tsx": [{ expect: { ...referrerOnly, referrer: "forbidden" } }],
  "routes/admin-referrer-organisations.tsx": [{ expect: staffOnly(["coordinator", "administrator"]) }],
  "routes/admin-referrer-organisation.tsx": [
    { params: { id: "999999" }, expect: { ...staffOnly([]), coordinator: "notFound", administrator: "notFound" } },
  ],
  // The work lists behind the staff homes' counts: each for its own role only.
  "routes/staff-worklist.tsx": [
    { params: { list: "mogelijk-dubbel" }, expect: staffOnly(["intake"]) },
    { params: { list: "zonder-activiteit" }, expect: staffOnly(["mediator"]) },
    { params: { list: "bewaarplicht" }, expect: staffOnly(["coordinator"]) },
    { params: { list: "uitgaande-post" }, expect: staffOnly(["administrator"]) },
    {
      params: { list: "onbekend" },
      expect: { ...staffOnly([]), ...Object.fromEntries(ALL_STAFF.map((a) => [a, "notFound"])) },
    },
  ],
  // The partner API: public description; calls only with an API key, never with a session.
  "routes/api-openapi.tsx": [{ expect: everyone("ok") }],
  "routes/api-docs.tsx": [{ expect: everyone("ok") }],
  "routes/api-referrals.tsx": [{ expect: everyone("badRequest") }],
  "routes/api-referral.tsx": [{ params: { reference: "HB-2026-900001" }, expect: everyone("unauthenticated") }],
  // Passkeys, withdrawal, sessions (issue 17, ADR 0029). The passkey endpoints have no page.
  "routes/referrer-passkey.tsx": [{ expect: everyone("referrerLogin") }],
  "routes/staff-passkey.tsx": [{ expect: everyone("login") }],
  "routes/referrer-security.tsx": [{ expect: referrerOnly }],
  "routes/referrer-sessions.tsx": [{ expect: referrerOnly }],
  "routes/staff-account-passkeys.tsx": [{ expect: staffOnly(ALL_STAFF) }],
  "routes/api-referral-withdraw.tsx": [{ params: { reference: "HB-2026-900001" }, expect: everyone("badRequest") }],
};

type RouteEntry = { id?: string; file: string; path?: string; index?: boolean; children?: RouteEntry[] };
function flatten(
  entries: RouteEntry[],
  parents: RouteEntry[] = [],
): { key: string; file: string; path: string; parents: RouteEntry[] }[] {
  return entries.flatMap((e) => [
    { key: e.id ?? e.file, file: e.file, path: e.path ?? "", parents },
    ...flatten(e.children ?? [], [...parents, e]),
  ]);
}
const ALL_ROUTES = flatten(routes as unknown as RouteEntry[]);

describe("access matrix", () => {
  it("lists every route of the app", () => {
    expect(ALL_ROUTES.map((r) => r.key).sort()).toEqual(Object.keys(MATRIX).sort());
  });
});

describeWithDatabase("access matrix", (handle) => {
  const cookies: Partial<Record<Actor, string>> = {};
  const registrationIds: Record<"in" | "out", string> = { in: "", out: "" };

  beforeAll(async () => {
    const staff: [Actor, Parameters<typeof staffWithSession>[1]][] = [
      [
        "passwordOnly",
        { email: "pw@test.example", roles: ["administrator", "coordinator", "intake"], secondFactor: false },
      ],
      ["intake", { email: "intake@test.example", roles: ["intake"] }],
      ["mediator", { email: "mediator@test.example", roles: ["mediator"] }],
      ["coordinator", { email: "coordinator@test.example", roles: ["coordinator"], regionCodes: ["midden"] }],
      ["administrator", { email: "admin@test.example", roles: ["administrator"] }],
      ["researcher", { email: "research@test.example", roles: ["researcher"] }],
      ["privacy_officer", { email: "privacy@test.example", roles: ["privacy_officer"] }],
    ];
    for (const [actor, options] of staff) {
      const { token } = await staffWithSession(handle(), options);
      cookies[actor] = `herstel_sessie=${token}`;
    }
    const organisation = await referrerOrganisation(handle(), { name: "Matrix", domain: "matrix.test" });
    const referrer = await referrerWithSession(handle(), { email: "ref@matrix.test", organisationId: organisation });
    cookies.referrer = `herstel_verwijzer=${referrer.token}`;
    const db = handle().db;
    for (const [scope, status] of [
      ["in", "received"],
      ["out", "taken_up"],
    ] as const) {
      const draft = await startDraft(db, "self", new Date());
      const row = await db
        .insertInto("registration")
        .values({
          reference: `HB-2026-90000${scope === "in" ? 1 : 2}`,
          idempotency_key: draft,
          channel: "web",
          submitted_by: "self",
          registrant_role: "victim",
          registrant_side: "victim",
          offence_category: "violence",
          referrer_type: null,
          locale: "nl",
          status,
          form_version: 1,
          ...(await sealedRegistration(db, { path: "self", role: "victim", name: "Test Persoon" })),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      registrationIds[scope] = String(row.id);
    }
  });

  async function outcomeOf(
    route: (typeof ALL_ROUTES)[number],
    params: Record<string, string>,
    actor: Actor,
  ): Promise<Outcome> {
    const module = (await import(`../${route.file}`)) as { loader?: (args: unknown) => unknown };
    const request = new Request(`http://localhost/${route.path}`, {
      headers: cookies[actor] ? { cookie: cookies[actor] } : {},
    });
    const context = routeContext(handle(), { clientAddress: `198.51.100.${ACTORS.indexOf(actor) + 1}` });
    const underStaff =
      route.parents.some((p) => p.file === "routes/staff-layout.tsx") || route.file === "routes/staff-layout.tsx";
    const run = async () => {
      const callLoader = async () => {
        const value = module.loader
          ? await module.loader({ request, params, context, url: new URL(request.url), pattern: route.path })
          : null;
        return value instanceof Response ? value : new Response(null, { status: statusOf(value) ?? 200 });
      };
      const underReferrer =
        route.parents.some((p) => p.file === "routes/referrer-layout.tsx") ||
        route.file === "routes/referrer-layout.tsx";
      if (underReferrer)
        return requireReferrerMiddleware(
          { request, params, context, url: new URL(request.url), pattern: route.path } as never,
          callLoader as never,
        );
      return underStaff
        ? requireStaffMiddleware(
            { request, params, context, url: new URL(request.url), pattern: route.path } as never,
            callLoader as never,
          )
        : callLoader();
    };
    let status: number | undefined;
    let location: string | null = null;
    try {
      const result = await run();
      status = statusOf(result);
      if (result instanceof Response) location = result.headers.get("location");
    } catch (thrown) {
      status = statusOf(thrown);
      if (thrown instanceof Response) location = thrown.headers.get("location");
      if (status === undefined) throw thrown;
    }
    if (status === 303 || status === 302) {
      if (location === "/inloggen") return "login";
      if (location === "/inloggen/code") return "code";
      if (location === "/verwijzers/inloggen") return "referrerLogin";
      return "redirect";
    }
    if (status === 401) return "unauthenticated";
    if (status === 400) return "badRequest";
    if (status === 403) return "forbidden";
    if (status === 404) return "notFound";
    if (status === 200) return "ok";
    return `status ${status}` as Outcome;
  }

  for (const route of ALL_ROUTES) {
    for (const [index, entry] of (MATRIX[route.key] ?? []).entries()) {
      it(`${route.key} #${index + 1}${entry.scope ? ` (${entry.scope === "in" ? "within" : "outside"} the actor's scope)` : ""}`, async () => {
        const params = entry.scope ? { id: registrationIds[entry.scope] } : (entry.params ?? {});
        const seen: Record<string, Outcome> = {};
        for (const actor of ACTORS) seen[actor] = await outcomeOf(route, params, actor);
        expect(seen).toEqual(entry.expect);
      });
    }
  }

  it("audits every refused look at a registration (IDOR attempts included)", async () => {
    const db = handle().db;
    const before = await db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("action", "=", "registration.read")
      .where("result", "=", "denied")
      .executeTakeFirstOrThrow();
    const route = ALL_ROUTES.find((r) => r.file === "routes/staff-registration.tsx");
    if (!route) throw new Error("route missing");
    for (const id of [registrationIds.out, "999999", "1 OR 1=1", "../1"]) {
      expect(["forbidden", "notFound"]).toContain(await outcomeOf(route, { id }, "intake"));
    }
    const after = await db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("action", "=", "registration.read")
      .where("result", "=", "denied")
      .executeTakeFirstOrThrow();
    expect(after.n - before.n).toBe(4);
    const last = await db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    expect(last).toMatchObject({ action: "registration.read", result: "denied", object_type: "registration" });
    expect(JSON.stringify(last)).not.toContain("Test Persoon");
  });

  it("never reaches a page's data with a password-only session, even with forged form posts", async () => {
    const route = ALL_ROUTES.find((r) => r.file === "routes/admin-users.tsx");
    if (!route) throw new Error("route missing");
    const module = await import("./admin-users.tsx");
    const request = formPost(
      "http://localhost/medewerkers/beheer/gebruikers",
      new URLSearchParams({ intent: "invite", email: "x@y.example", name: "X" }),
      cookies.passwordOnly,
    );
    const context = routeContext(handle());
    const result = await Promise.resolve()
      .then(() =>
        requireStaffMiddleware(
          { request, params: {}, context } as never,
          (() => module.action({ request, params: {}, context } as never)) as never,
        ),
      )
      .catch((e: unknown) => e);
    expect(statusOf(result)).toBe(303);
    expect(
      await handle().db.selectFrom("staff_user").select("id").where("email", "=", "x@y.example").executeTakeFirst(),
    ).toBeUndefined();
  });
});
