import { index, layout, prefix, type RouteConfig, route } from "@react-router/dev/routes";

/** The URL map. Public URLs are Dutch, like the service. Every route is in the access matrix test. */
export default [
  index("routes/home.tsx"),
  route("taal", "routes/language.tsx"),
  route("aanmelden", "routes/registration-start.tsx"),
  route("aanmelden/stap/:stepId", "routes/registration-step.tsx"),
  route("aanmelden/controleren", "routes/registration-check.tsx"),
  route("aanmelden/bevestiging", "routes/registration-done.tsx"),
  route("verlaten", "routes/exit-page.tsx"),
  route("vragenlijst", "routes/survey-start.tsx"),
  route("vragenlijst/invullen", "routes/survey-answer.tsx"),
  route("vragenlijst/:token", "routes/survey-link.tsx"),

  route("inloggen", "routes/login.tsx"),
  route("inloggen/code", "routes/login-code.tsx"),
  route("inloggen/instellen", "routes/login-setup.tsx"),
  route("inloggen/herstelcodes", "routes/login-recovery-codes.tsx"),
  route("uitloggen", "routes/logout.tsx"),
  route("inloggen/passkey", "routes/staff-passkey.tsx"),
  route("account/activeren/:token", "routes/account-activate.tsx", { id: "account-activate" }),
  route("wachtwoord-herstellen/:token", "routes/account-activate.tsx", { id: "password-reset" }),
  route("wachtwoord-vergeten", "routes/password-forgot.tsx"),

  // Referring professionals: their own sign-in, sessions and area (features/referrers).
  route("verwijzers/registreren", "routes/referrer-signup.tsx"),
  route("verwijzers/inloggen", "routes/referrer-login.tsx"),
  route("verwijzers/inloggen/link/:token", "routes/referrer-login-link.tsx"),
  route("verwijzers/inloggen/instellen", "routes/referrer-login-code.tsx", { id: "referrer-login-setup" }),
  route("verwijzers/inloggen/code", "routes/referrer-login-code.tsx", { id: "referrer-login-code" }),
  route("verwijzers/uitloggen", "routes/referrer-logout.tsx"),
  // Passkeys, withdrawal, sessions, colleagues, keys and webhooks (issue 17, ADR 0029).
  route("verwijzers/inloggen/passkey", "routes/referrer-passkey.tsx"),
  layout("routes/referrer-layout.tsx", [
    ...prefix("verwijzers", [
      index("routes/referrer-home.tsx"),
      route("verwijzen", "routes/referrer-refer.tsx"),
      route("organisatie", "routes/referrer-organisation.tsx"),
      route("beveiliging", "routes/referrer-security.tsx"),
      route("sessies", "routes/referrer-sessions.tsx"),
    ]),
  ]),

  layout("routes/staff-layout.tsx", [
    ...prefix("medewerkers", [
      index("routes/staff-home.tsx"),
      route("aanmeldingen", "routes/staff-registrations.tsx"),
      route("aanmeldingen/nieuw", "routes/staff-registration-new.tsx"),
      route("aanmeldingen/:id", "routes/staff-registration.tsx"),
      route("aanmeldingen/:id/bewaarplicht", "routes/staff-registration-hold.tsx"),
      route("zaken", "routes/staff-cases.tsx"),
      // The case: a header and a menu of sections, each its own address.
      route("zaken/:id", "routes/staff-case.tsx", [
        index("routes/staff-case-overview.tsx"),
        route("partijen", "routes/staff-case-parties.tsx"),
        route("instemming", "routes/staff-case-consent.tsx"),
        route("activiteiten", "routes/staff-case-activities.tsx"),
        route("risico", "routes/staff-case-risk.tsx"),
        route("contact", "routes/staff-case-contact.tsx"),
        route("terugkoppeling", "routes/staff-case-justice.tsx"),
        route("afronding", "routes/staff-case-closing.tsx"),
        route("bestanden", "routes/staff-case-files.tsx"),
        route("tijdlijn", "routes/staff-case-timeline.tsx"),
      ]),
      route("zaken/:id/bestanden/:fileId", "routes/staff-case-file.tsx"),
      route("zaken/:id/privacy", "routes/staff-case-privacy.tsx"),
      route("zaken/:id/privacy/inzage/:requestId", "routes/staff-case-access-export.tsx"),
      route("zaken/:id/privacy/inzage/:requestId/samenstellen", "routes/staff-case-access-scope.tsx"),
      route("zaken/:id/afgeschermde-notities-inzage", "routes/staff-case-sealed-review.tsx"),
      route("zaken/:id/vragenlijsten", "routes/staff-case-outcomes.tsx"),
      route("taken", "routes/staff-tasks.tsx"),
      route("cijfers", "routes/staff-statistics.tsx"),
      route("cijfers/export/:format", "routes/staff-statistics-export.tsx"),
      route("cijfers/jaarbericht/:year", "routes/staff-annual-report.tsx"),
      route("cijfers/vragenlijsten/export", "routes/staff-outcomes-export.tsx"),
      route("sessies", "routes/staff-sessions.tsx"),
      route("account", "routes/staff-account.tsx"),
      route("account/tweede-factor", "routes/staff-account-totp.tsx"),
      route("account/passkeys", "routes/staff-account-passkeys.tsx"),
      route("noodtoegang", "routes/staff-break-glass.tsx"),
      route("beheer/gebruikers", "routes/admin-users.tsx"),
      route("beheer/gebruikers/:id", "routes/admin-user.tsx"),
      route("beheer/import", "routes/admin-import.tsx"),
      route("beheer/toegang", "routes/admin-access-grants.tsx"),
      route("beheer/instellingen", "routes/admin-settings.tsx"),
      route("beheer/bewaartermijnen", "routes/admin-retention.tsx"),
      route("privacy", "routes/staff-privacy.tsx"),
      route("beheer/vragenlijsten", "routes/admin-questionnaires.tsx"),
      route("beheer/verwijzers", "routes/admin-referrer-organisations.tsx"),
      route("beheer/verwijzers/:id", "routes/admin-referrer-organisation.tsx"),
      // The lists behind the counts of the staff homes (features/workspace).
      route("werkvoorraad/:list", "routes/staff-worklist.tsx"),
    ]),
    // Signed-in staff only (the same middleware); answers JSON, 401 without a session.
    route("api/v1/statistics", "routes/api-statistics.tsx"),
  ]),

  // The partner API (features/partner-api): an API key per organisation, never a session.
  route("api/v1/openapi.json", "routes/api-openapi.tsx"),
  route("api/v1/docs", "routes/api-docs.tsx"),
  route("api/v1/referrals", "routes/api-referrals.tsx"),
  route("api/v1/referrals/:reference", "routes/api-referral.tsx"),
  route("api/v1/referrals/:reference/withdraw", "routes/api-referral-withdraw.tsx"),

  route(":slug", "routes/content-page.tsx"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
