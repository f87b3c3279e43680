/** Dutch texts of passkeys, withdrawal and the referrers' security and sessions pages (issue 17). */
export const partnersNl = {
  "passkey.busy": "Volg de aanwijzingen van uw browser of apparaat…",
  "passkey.failed": "Dat lukte niet. Probeer het opnieuw, of gebruik de andere manier hieronder.",
  "passkey.notAccepted": "Die passkey werd niet geaccepteerd. Probeer het opnieuw, of gebruik de andere manier.",
  "passkey.name": "Passkey",
  "passkey.created": "Aangemaakt",
  "passkey.lastUsed": "Laatst gebruikt",
  "passkey.remove": "Verwijderen",
  "referrer.passkey.heading": "Passkeys",
  "referrer.passkey.signIn": "Inloggen met een passkey",
  "referrer.passkey.signInIntro":
    "Hebt u een passkey voor Herstel op dit apparaat of uw telefoon? Dan logt u daarmee in, zonder e-mail of code.",
  "referrer.passkey.create": "Passkey aanmaken",
  "referrer.passkey.add": "Passkey toevoegen",
  "referrer.passkey.createIntro":
    "Met een passkey logt u voortaan in met uw vingerafdruk, gezicht of pincode van dit apparaat. Er gaat geen wachtwoord of code over het internet.",
  "referrer.passkey.use": "Doorgaan met uw passkey",
  "referrer.passkey.useIntro": "Bevestig met de passkey die u voor Herstel hebt aangemaakt.",
  "referrer.setup.choose": "Kies hoe u voortaan inlogt: met een passkey, of met een code uit een app.",
  "referrer.setup.appHeading": "Authenticator-app",
  "referrer.security.title": "Inlogmethoden",
  "referrer.security.withApp": "U kunt inloggen met de link per e-mail en een code uit uw authenticator-app.",
  "referrer.security.withoutApp": "U logt in met een passkey. Een authenticator-app hebt u niet ingesteld.",
  "referrer.security.none": "U hebt nog geen passkey.",
  "referrer.security.added": "De passkey is toegevoegd.",
  "referrer.security.removed": "De passkey is verwijderd.",
  "referrer.security.last":
    "Dit is uw enige manier om in te loggen. Voeg eerst een andere passkey toe voordat u deze verwijdert.",
  "referrer.sessions.intro":
    "Hier ziet u waar u bent ingelogd. Herkent u een sessie niet? Beëindig die dan en laat het uw contactpersoon weten.",
  "referrer.nav.security": "Inlogmethoden",
  "referrer.nav.sessions": "Sessies",
  "referrer.withdraw.link": "{reference} intrekken",
  "referrer.withdraw.confirmTitle": "Verwijzing {reference} intrekken?",
  "referrer.withdraw.confirmText":
    "Alleen voor een verwijzing die per vergissing is verstuurd. Alles wat u hebt ingevuld wordt verwijderd en de cliënt hoort er niets meer over. Dit kan niet ongedaan worden.",
  "referrer.withdraw.confirm": "Ja, intrekken",
  "referrer.withdraw.cancel": "Niet intrekken",
  "referrer.withdraw.done": "De verwijzing is ingetrokken en verwijderd.",
  "referrer.withdraw.notPossible":
    "Deze verwijzing kan niet meer worden ingetrokken. Neem contact op met het aanmeldpunt.",
  "referrer.withdraw.tooLate":
    "Een verwijzing kan alleen binnen 24 uur worden ingetrokken. Neem contact op met het aanmeldpunt.",
  "staff.passkey.heading": "Passkeys",
  "staff.passkey.intro":
    "Met een passkey logt u in zonder wachtwoord en code: de passkey vraagt zelf uw vingerafdruk, gezicht of pincode. U kunt hem ook gebruiken in plaats van de code na uw wachtwoord.",
  "staff.passkey.add": "Passkey toevoegen",
  "staff.passkey.none": "U hebt nog geen passkey.",
  "staff.passkey.added": "De passkey is toegevoegd.",
  "staff.passkey.removed": "De passkey is verwijderd.",
  "staff.passkey.signIn": "Inloggen met een passkey",
  "staff.passkey.signInIntro": "Medewerker met een passkey? Log in zonder wachtwoord en code.",
  "staff.passkey.secondFactor": "Passkey gebruiken in plaats van de code",
} as const;
