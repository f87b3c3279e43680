import type { Locale } from "../../lib/i18n/i18n.ts";

/**
 * Acknowledgement e-mails. They confirm receipt and say what happens next; they never repeat
 * what was registered (the offence, the other party), since others may read someone's mail.
 */
export type Mail = { subject: string; text: string };

export function registrantAcknowledgement(locale: Locale, reference: string): Mail {
  if (locale === "en") {
    return {
      subject: `We have received your registration (${reference})`,
      text: [
        "Hello,",
        "",
        `Thank you for registering. Your reference number is ${reference}. Please mention it when you contact us.`,
        "",
        "What happens now:",
        "- Someone at our intake desk reads your registration, usually within five working days.",
        "- Then a mediator contacts you, in the way and at the time you told us.",
        "- In a first conversation you talk about what you want. You decide whether and how to go on.",
        "",
        "Taking part is voluntary. You can stop at any moment: just let us know.",
        "",
        "Kind regards,",
        "The restorative mediation team",
        "",
        "This message was sent automatically. Did you not register? Then you can ignore this e-mail.",
      ].join("\n"),
    };
  }
  return {
    subject: `Wij hebben uw aanmelding ontvangen (${reference})`,
    text: [
      "Beste lezer,",
      "",
      `Dank u wel voor uw aanmelding. Uw referentienummer is ${reference}. Noem dit nummer als u contact met ons opneemt.`,
      "",
      "Wat gebeurt er nu:",
      "- Een medewerker van het aanmeldpunt leest uw aanmelding, meestal binnen vijf werkdagen.",
      "- Daarna neemt een bemiddelaar contact met u op, op de manier en het moment dat u hebt aangegeven.",
      "- In een eerste gesprek bespreekt u samen wat u wilt. U beslist zelf of en hoe u verder gaat.",
      "",
      "Meedoen is vrijwillig. U kunt op elk moment stoppen: laat het ons dan weten.",
      "",
      "Met vriendelijke groet,",
      "Het team herstelbemiddeling",
      "",
      "Dit bericht is automatisch verstuurd. Hebt u zich niet aangemeld? Dan kunt u deze e-mail negeren.",
    ].join("\n"),
  };
}

export function referrerAcknowledgement(locale: Locale, reference: string, statusUpdates: boolean): Mail {
  if (locale === "en") {
    return {
      subject: `Registration of your client received (${reference})`,
      text: [
        "Hello,",
        "",
        `Thank you for registering your client. The reference number is ${reference}.`,
        "",
        "Our intake desk will read the registration, usually within five working days. A mediator then contacts your client directly, as indicated in the registration.",
        statusUpdates
          ? "As your client wishes, we will let you know when the registration has been taken up and when the mediation has been closed. We never share what is discussed."
          : "Your client did not ask for status updates to you, so we will not send you any. We never share what is discussed.",
        "",
        "Kind regards,",
        "The restorative mediation team",
      ].join("\n"),
    };
  }
  return {
    subject: `Aanmelding van uw cliënt ontvangen (${reference})`,
    text: [
      "Beste verwijzer,",
      "",
      `Dank u wel voor het aanmelden van uw cliënt. Het referentienummer is ${reference}.`,
      "",
      "Het aanmeldpunt leest de aanmelding, meestal binnen vijf werkdagen. Daarna neemt een bemiddelaar rechtstreeks contact op met uw cliënt, zoals in de aanmelding staat aangegeven.",
      statusUpdates
        ? "Zoals uw cliënt wil, laten wij u weten wanneer de aanmelding in behandeling is genomen en wanneer de bemiddeling is afgesloten. Wat er besproken wordt, delen wij nooit."
        : "Uw cliënt heeft niet gevraagd om u op de hoogte te houden, dus wij sturen u geen berichten over de voortgang. Wat er besproken wordt, delen wij nooit.",
      "",
      "Met vriendelijke groet,",
      "Het team herstelbemiddeling",
    ].join("\n"),
  };
}
