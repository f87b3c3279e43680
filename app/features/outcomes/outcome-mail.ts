/**
 * The e-mail with the personal link, Dutch first and English below: the person's language is
 * not known to the service. It says nothing about the case, so that anyone else who sees the
 * message learns nothing from it.
 */
export function invitationMail(link: string, expiresAt: Date, reminder: boolean): { subject: string; text: string } {
  const until = (locale: string) =>
    new Intl.DateTimeFormat(locale, {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "Europe/Amsterdam",
    }).format(expiresAt);
  const subject = reminder
    ? "Herinnering: hoe gaat het met u? / Reminder: how are you doing?"
    : "Hoe gaat het met u? / How are you doing?";
  const nl = [
    "Beste meneer, mevrouw,",
    "",
    reminder
      ? "Een week geleden vroegen wij u om een korte vragenlijst in te vullen. Misschien hebt u daar nog geen tijd voor gehad."
      : "U hebt ons toestemming gegeven om u te vragen hoe het met u gaat. Wilt u daarvoor een korte vragenlijst invullen? Het kost ongeveer 3 minuten.",
    "Zo leren wij of onze hulp mensen verder helpt.",
    "",
    `Open de vragenlijst: ${link}`,
    "",
    `De link werkt één keer en tot en met ${until("nl-NL")}. U kunt tussendoor opslaan en later verder gaan.`,
    "U mag elke vraag overslaan. Wilt u niet meer meedoen? Zeg het tegen uw bemiddelaar; dan krijgt u geen vragenlijsten meer.",
    "",
    "Met vriendelijke groet,",
    "Het team herstelbemiddeling",
  ];
  const en = [
    "Dear Sir or Madam,",
    "",
    reminder
      ? "A week ago we asked you to fill in a short questionnaire. Perhaps you have not had time yet."
      : "You gave us permission to ask how you are doing. Would you fill in a short questionnaire? It takes about 3 minutes.",
    "It tells us whether our help makes a difference to people.",
    "",
    `Open the questionnaire: ${link}`,
    "",
    `The link works once, until ${until("en-GB")}. You can save and carry on later.`,
    "You may skip any question. Do you not want to take part any more? Tell your mediator, and you will not get any more questionnaires.",
    "",
    "Kind regards,",
    "The restorative mediation team",
  ];
  return { subject, text: [...nl, "", "----", "", ...en].join("\n") };
}
