import { caseNl } from "./messages.case.nl.ts";
import { contactNl } from "./messages.contact.nl.ts";
import { demoNl } from "./messages.demo.nl.ts";
import { importNl } from "./messages.import.nl.ts";
import { outcomesNl } from "./messages.outcomes.nl.ts";
import { partnersNl } from "./messages.partners.nl.ts";
import { privacyNl } from "./messages.privacy.nl.ts";
import { privacyRightsNl } from "./messages.privacy-rights.nl.ts";
import { referrerNl } from "./messages.referrer.nl.ts";
import { registrationNl } from "./messages.registration.nl.ts";
import { safeExitNl } from "./messages.safe-exit.nl.ts";
import { sectionsNl } from "./messages.sections.nl.ts";
import { securityNl } from "./messages.security.nl.ts";
import { staffNl } from "./messages.staff.nl.ts";
import { statisticsNl } from "./messages.statistics.nl.ts";
import { workspaceNl } from "./messages.workspace.nl.ts";

/** Dutch: the source language. Every key here must exist in messages.en.ts (tsc checks it). */
export const nl = {
  ...registrationNl,
  ...caseNl,
  ...contactNl,
  ...statisticsNl,
  ...importNl,
  ...staffNl,
  ...securityNl,
  ...demoNl,
  ...safeExitNl,
  ...privacyNl,
  ...privacyRightsNl,
  ...outcomesNl,
  ...referrerNl,
  ...workspaceNl,
  ...sectionsNl,
  ...partnersNl,
  "app.name": "Herstelbemiddeling",
  "app.tagline": "Contact na een misdrijf of ongeval",
  "layout.skipLink": "Ga direct naar de inhoud",
  "layout.mainNav": "Hoofdmenu",
  "layout.languageSwitch": "Taal",
  "layout.switchTo": "English",
  "layout.switchToLabel": "Switch to English",
  "layout.footer.about":
    "Herstelbemiddeling helpt slachtoffers en daders, en de mensen om hen heen, om op een veilige manier met elkaar in contact te komen. Gratis, vrijwillig en vertrouwelijk.",
  "layout.footer.heading": "Over deze website",
  "layout.footer.openSource": "Deze website draait op Herstel, open-source software voor herstelbemiddeling.",
  "nav.home": "Home",
  "nav.register": "Aanmelden",
  "home.cta": "Aanmelden voor herstelbemiddeling",
  "home.title": "Herstelbemiddeling",
  "home.lead":
    "Na een misdrijf of ongeval kan een gesprek, een brief of een boodschap met de andere partij helpen. Wij begeleiden dat contact, als beide partijen het willen.",
  "home.body":
    "Herstelbemiddeling is gratis, vrijwillig en vertrouwelijk. U kunt zich aanmelden als slachtoffer, als dader of veroorzaker, als nabestaande, naaste of getuige. Professionals kunnen iemand aanmelden met diens toestemming.",
  "error.notFound.title": "Deze pagina bestaat niet",
  "error.notFound.body": "Misschien is het adres verkeerd getypt, of is de pagina verplaatst.",
  "error.server.title": "Er ging iets mis aan onze kant",
  "error.server.body":
    "Het spijt ons. Wat u hebt ingevuld of opgeslagen is niet verloren gegaan. Probeer het over een paar minuten opnieuw.",
  "error.forbidden.title": "U hebt geen toegang tot deze pagina",
  "error.forbidden.body": "Denkt u dat dit niet klopt? Neem dan contact op met de beheerder.",
  "error.csrf.title": "Het formulier kon niet worden verstuurd",
  "error.csrf.body":
    "Voor uw veiligheid verloopt een formulier na een tijd, of als het van een andere website lijkt te komen. Ga terug, laad de pagina opnieuw en verstuur het nog een keer.",
  "error.badRequest.title": "Dit verzoek kunnen wij niet lezen",
  "error.badRequest.body": "Wat uw browser stuurde, kunnen wij niet verwerken. Ga terug en probeer het opnieuw.",
  "error.unavailable.title": "Even niet beschikbaar",
  "error.unavailable.body":
    "Wij kunnen op dit moment niet bij onze gegevens. Meestal is dat binnen een minuut voorbij. Wat u eerder hebt opgeslagen, is bewaard, ook de antwoorden die u al in het aanmeldformulier gaf. Probeer het over een halve minuut opnieuw.",
  "error.unavailable.retry": "Opnieuw proberen",
  "error.erased.title": "Deze gegevens zijn gewist",
  "error.erased.body": "De inhoud van dit dossier is gewist en kan door niemand meer worden gelezen.",
  "error.rateLimited.title": "Even wachten, alstublieft",
  "error.rateLimited.body":
    "Er kwamen kort na elkaar veel verzoeken binnen. Wacht een paar minuten en probeer het dan opnieuw.",
  "error.reference": "Foutcode voor de helpdesk: {requestId}",
  "error.backHome": "Naar de startpagina",
} as const;

export type MessageKey = keyof typeof nl;
