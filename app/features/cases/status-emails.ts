import type { Locale } from "../../lib/i18n/i18n.ts";

/**
 * Status updates for a referrer whose client asked for them: only that the registration was
 * taken up or that the mediation was closed, never what happened in it.
 */
export function statusMail(
  locale: Locale,
  reference: string,
  status: "taken_up" | "closed",
): { subject: string; text: string } {
  if (locale === "en") {
    const line =
      status === "taken_up"
        ? `The registration ${reference} of your client has been taken up. A mediator will contact your client.`
        : `The mediation with reference ${reference} has been closed.`;
    return {
      subject: status === "taken_up" ? `Registration ${reference} taken up` : `Mediation ${reference} closed`,
      text: `Hello,\n\n${line}\nAs agreed with your client, we only let you know this; what was discussed stays confidential.\n\nKind regards,\nThe restorative mediation team`,
    };
  }
  const line =
    status === "taken_up"
      ? `De aanmelding ${reference} van uw cliënt is in behandeling genomen. Een bemiddelaar neemt contact op met uw cliënt.`
      : `De bemiddeling met referentie ${reference} is afgesloten.`;
  return {
    subject: status === "taken_up" ? `Aanmelding ${reference} in behandeling` : `Bemiddeling ${reference} afgesloten`,
    text: `Beste verwijzer,\n\n${line}\nZoals afgesproken met uw cliënt laten wij u alleen dit weten; wat er besproken wordt, blijft vertrouwelijk.\n\nMet vriendelijke groet,\nHet team herstelbemiddeling`,
  };
}
