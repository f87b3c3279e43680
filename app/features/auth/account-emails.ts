import type { Locale } from "../../lib/i18n/i18n.ts";

/** E-mails about staff accounts. Links are single-use; the texts say how long they work. */
export function invitationMail(locale: Locale, name: string, link: string): { subject: string; text: string } {
  if (locale === "en") {
    return {
      subject: "Your staff account for restorative mediation",
      text: `Hello ${name},\n\nAn account has been made for you in Herstel, the case system of the mediation service.\nOpen this link within 7 days to choose a password and set up your second factor:\n\n${link}\n\nThe link works once. Did you not expect this e-mail? Then you can ignore it.`,
    };
  }
  return {
    subject: "Uw medewerkersaccount voor herstelbemiddeling",
    text: `Beste ${name},\n\nEr is een account voor u gemaakt in Herstel, het zaaksysteem van de bemiddelingsorganisatie.\nOpen binnen 7 dagen deze link om een wachtwoord te kiezen en uw tweede factor in te stellen:\n\n${link}\n\nDe link werkt één keer. Had u deze e-mail niet verwacht? Dan kunt u hem negeren.`,
  };
}

export function resetMail(locale: Locale, link: string): { subject: string; text: string } {
  if (locale === "en") {
    return {
      subject: "Choose a new password",
      text: `Hello,\n\nSomeone asked for a new password for your Herstel account. Open this link within 30 minutes:\n\n${link}\n\nYou will still need your second factor to sign in. Did you not ask for this? Then ignore this e-mail; your password stays the same.`,
    };
  }
  return {
    subject: "Nieuw wachtwoord kiezen",
    text: `Beste collega,\n\nEr is een nieuw wachtwoord aangevraagd voor uw account in Herstel. Open binnen 30 minuten deze link:\n\n${link}\n\nU hebt daarna nog steeds uw tweede factor nodig om in te loggen. Hebt u dit niet aangevraagd? Negeer deze e-mail dan; uw wachtwoord blijft hetzelfde.`,
  };
}

export function linkFor(publicUrl: URL, purpose: "invite" | "reset", token: string): string {
  const path = purpose === "invite" ? "/account/activeren/" : "/wachtwoord-herstellen/";
  return new URL(`${path}${token}`, publicUrl).toString();
}

/** To the old address when the sign-in address changes: whoever did not do this can act on it. */
export function emailChangedMail(locale: Locale, newEmail: string): { subject: string; text: string } {
  if (locale === "en") {
    return {
      subject: "Your Herstel sign-in address has changed",
      text: `Hello,\n\nThe e-mail address you use to sign in to Herstel was changed to ${newEmail}. From now on, mail about your account goes there.\n\nDid you not do this yourself? Tell an administrator of your service straight away.`,
    };
  }
  return {
    subject: "Uw inlogadres voor Herstel is gewijzigd",
    text: `Beste collega,\n\nHet e-mailadres waarmee u inlogt in Herstel is gewijzigd in ${newEmail}. E-mail over uw account gaat voortaan naar dat adres.\n\nHebt u dit niet zelf gedaan? Meld het dan meteen bij een beheerder van uw organisatie.`,
  };
}
