import type { Locale } from "../../lib/i18n/i18n.ts";

/** E-mails to referring professionals. Never anything about a client. */
export function loginLinkMail(locale: Locale, link: string): { subject: string; text: string } {
  if (locale === "en") {
    return {
      subject: "Your sign-in link for referrers",
      text: `Hello,\n\nOpen this link within 15 minutes to sign in to the referrers' area of the mediation service:\n\n${link}\n\nThe link works once. After it, you enter the code from your authenticator app.\nDid you not ask for this? Then you can ignore this e-mail.`,
    };
  }
  return {
    subject: "Uw inloglink voor verwijzers",
    text: `Beste verwijzer,\n\nOpen binnen 15 minuten deze link om in te loggen op de verwijzerspagina's van de bemiddelingsorganisatie:\n\n${link}\n\nDe link werkt één keer. Daarna vult u de code uit uw authenticator-app in.\nHebt u dit niet aangevraagd? Dan kunt u deze e-mail negeren.`,
  };
}

export function organisationApprovedMail(locale: Locale, signInUrl: string): { subject: string; text: string } {
  if (locale === "en") {
    return {
      subject: "Your organisation can now refer clients",
      text: `Hello,\n\nYour organisation has been approved. You can now sign in and refer clients:\n\n${signInUrl}\n`,
    };
  }
  return {
    subject: "Uw organisatie kan nu cliënten verwijzen",
    text: `Beste verwijzer,\n\nUw organisatie is goedgekeurd. U kunt nu inloggen en cliënten verwijzen:\n\n${signInUrl}\n`,
  };
}
