/** Dutch texts of the security hardening: access grants, account changes, access history. */
export const securityNl = {
  "grants.nav": "Toegang goedkeuren",
  "grants.title": "Toegang die wacht op goedkeuring",
  "grants.intro":
    "Een rol die zaken of aanmeldingen laat zien, de rol beheerder en extra regio's gaan pas in als een tweede beheerder ze goedkeurt. Wie de toegang aanvroeg of krijgt, kan niet goedkeuren.",
  "grants.none": "Er wacht geen toegang op goedkeuring.",
  "grants.for": "Voor",
  "grants.what": "Wat",
  "grants.requestedBy": "Aangevraagd door",
  "grants.requestedAt": "Aangevraagd op",
  "grants.approve": "Goedkeuren",
  "grants.reject": "Afwijzen",
  "grants.approved": "De toegang is goedgekeurd en gaat nu in.",
  "grants.rejected": "De aanvraag is afgewezen.",
  "grants.notFound": "Deze aanvraag is al behandeld.",
  "grants.fourEyes":
    "Deze aanvraag komt van u of gaat over uw eigen account. Een andere beheerder moet haar goedkeuren.",
  "grants.pending": "Wacht op goedkeuring door een tweede beheerder",
  "grants.pendingSaved":
    "Opgeslagen. De nieuwe rollen of regio's die zaken laten zien gaan in zodra een tweede beheerder ze goedkeurt.",
  "grants.regions": "regio's",
  "grants.ownAccount": "U kunt uw eigen rollen en regio's niet wijzigen. Vraag een andere beheerder.",
  "grants.reauthLegend": "Bevestig met uw wachtwoord en code",
  "grants.reauthHint":
    "Nodig als u een rol geeft die zaken of aanmeldingen laat zien, de rol beheerder, of een regio, en om goed te keuren.",
  "grants.cannotDeactivateSelf": "U kunt uw eigen account niet deactiveren.",

  "stats.suppressedForYou":
    "U ziet deze cijfers zoals ze gepubliceerd mogen worden: aantallen van 1 tot {threshold} staan er als <{threshold}, en wat ze zou verraden als x. Zo is niemand in de cijfers te herkennen, ook niet bij een korte periode of één regio.",
  "account.title": "Uw account",
  "account.totp.expired": "Het instellen duurde te lang of is niet gestart. Begin opnieuw vanaf uw accountpagina.",
  "account.totp.newTitle": "Nieuwe authenticator-app instellen",
  "account.totp.newIntro":
    "Scan deze QR-code met de nieuwe app en vul de code in die de nieuwe app toont. Tot dat gelukt is, blijft uw oude app gelden.",
  "account.email.title": "E-mailadres wijzigen",
  "account.email.current": "Uw e-mailadres nu: {email}",
  "account.email.new": "Nieuw e-mailadres",
  "account.email.submit": "E-mailadres wijzigen",
  "account.email.done": "Uw e-mailadres is gewijzigd. Uw andere sessies zijn beëindigd.",
  "account.email.taken": "Dit e-mailadres kan niet worden gebruikt.",
  "account.totp.title": "Tweede factor opnieuw instellen",
  "account.totp.intro":
    "Nieuwe telefoon of authenticator-app? Bevestig met uw wachtwoord en een code van de huidige app. Daarna stelt u de nieuwe app in en krijgt u nieuwe herstelcodes.",
  "account.totp.submit": "Opnieuw instellen",
  "account.password.title": "Wachtwoord wijzigen",
} as const;
