import type { FieldFill, JourneyData, StepFill } from "./registration-steps.ts";

/**
 * The registration form as a Dutch-speaking visitor sees it (questions and options as on the
 * page), and the answers of the test journeys. Values are what should be stored: option
 * codes and ISO dates.
 */
const ROLE = {
  victim: "Slachtoffer",
  offender: "Dader, verdachte of veroorzaker van een ongeval",
  bereaved: "Nabestaande",
  relative: "Naaste of familielid",
  witness: "Getuige",
  other: "Anders",
};
const SIDE = { victim: "Aan de kant van het slachtoffer", offender: "Aan de kant van de dader" };
const OFFENCE = {
  violence: "Geweld",
  homicide: "Levensdelict",
  traffic: "Verkeersongeval of verkeersdelict",
  property: "Inbraak, diefstal of ander vermogensdelict",
  robbery: "Overval of beroving",
  threats_stalking: "Bedreiging of stalking",
};
const CASE_PHASE = {
  investigation: "De politie onderzoekt de zaak",
  prosecution_pending: "Wacht op de rechtszaak",
  after_verdict: "Na de uitspraak van de rechter",
  during_detention: "De dader zit in detentie",
};
const REFERRER_TYPE = { victim_support: "Slachtofferhulp Nederland", probation: "Reclassering" };
const YES_NO_UNKNOWN = { yes: "Ja", no: "Nee", unknown: "Weet ik niet" };
const YES_NO = { yes: "Ja", no: "Nee" };
const KNOWN = {
  yes: "Ja, ik weet wie het is",
  partly: "Een beetje, ik weet niet alles",
  no: "Nee, ik weet niet wie het is",
};
const AGE = {
  "18_24": "18 tot en met 24 jaar",
  "25_44": "25 tot en met 44 jaar",
  "45_64": "45 tot en met 64 jaar",
  "65_plus": "65 jaar of ouder",
};
const CHANNEL = { phone: "Telefoon", email: "E-mail", post: "Brief per post" };
const LANGUAGE = { nl: "Nederlands", en: "Engels", other: "Een andere taal" };

export type Values = {
  referrerType?: keyof typeof REFERRER_TYPE;
  organisationName?: string;
  referrerName?: string;
  referrerFunction?: string;
  referrerEmail?: string;
  referrerPhone?: string;
  role: keyof typeof ROLE;
  sideOf?: keyof typeof SIDE;
  roleOther?: string;
  offenceCategory: keyof typeof OFFENCE;
  incidentDate?: string;
  incidentDateApproximate?: true;
  incidentPlace?: string;
  policeReport: keyof typeof YES_NO_UNKNOWN;
  casePhase?: keyof typeof CASE_PHASE;
  otherPartyKnown: keyof typeof KNOWN;
  otherPartyName?: string;
  otherPartyRelation?: string;
  otherPartyDetained?: keyof typeof YES_NO_UNKNOWN;
  otherPartyContact?: string;
  name: string;
  dateOfBirth?: string;
  ageGroup?: keyof typeof AGE;
  email?: string;
  phone?: string;
  address?: string;
  /** In page order. */
  contactChannels: (keyof typeof CHANNEL)[];
  contactTimes?: string;
  voicemailAllowed: keyof typeof YES_NO;
  senderNameAllowed: keyof typeof YES_NO;
  hopes?: string;
  language: keyof typeof LANGUAGE;
  languageOther?: string;
  interpreterNeeded: keyof typeof YES_NO;
  clientConsent?: true;
  statusUpdates?: keyof typeof YES_NO;
  expectedReleaseDate?: string;
  context?: string;
};

type Optional = { optional?: boolean };
const text = (label: string, value: string | undefined, o: Optional = {}): FieldFill | undefined =>
  value === undefined ? undefined : { kind: "text", label, value, ...o };
const date = (label: string, value: string | undefined): FieldFill | undefined =>
  value === undefined ? undefined : { kind: "date", label, value, optional: true };
function choice<K extends string>(
  kind: "radio" | "select",
  label: string,
  labels: Record<K, string>,
  value: K | undefined,
  o: Optional = {},
): FieldFill | undefined {
  return value === undefined ? undefined : { kind, label, option: labels[value], value, ...o };
}
const checkbox = (label: string, value: true | undefined): FieldFill | undefined =>
  value ? { kind: "checkbox", label, value } : undefined;

function step(id: string, heading: string, fields: Record<string, FieldFill | undefined>): StepFill {
  return {
    id,
    heading,
    fields: Object.fromEntries(Object.entries(fields).filter(([, f]) => f !== undefined)),
  } as StepFill;
}

/** Builds the steps of a journey from its answers; absent optional answers are left empty. */
export function journey(path: "self" | "referral", v: Values): JourneyData {
  const self = path === "self";
  const optional = { optional: true };
  const steps: StepFill[] = [
    step("rol", self ? "Wat is uw rol?" : "Wat is de rol van uw cliënt?", {
      role: choice("radio", self ? "Ik ben" : "Mijn cliënt is", ROLE, v.role),
      sideOf: choice(
        "radio",
        self ? "Aan wiens kant staat u?" : "Aan wiens kant staat uw cliënt?",
        SIDE,
        v.sideOf,
        optional,
      ),
      roleOther: text("Beschrijf kort uw rol", v.roleOther, optional),
    }),
    step("gebeurtenis", "Wat is er gebeurd?", {
      offenceCategory: choice("radio", "Waar gaat het om?", OFFENCE, v.offenceCategory),
      incidentDate: date("Wanneer is het gebeurd?", v.incidentDate),
      incidentDateApproximate: checkbox("Ik weet de precieze datum niet, dit is ongeveer", v.incidentDateApproximate),
      incidentPlace: text("In welke gemeente of regio is het gebeurd?", v.incidentPlace, optional),
      policeReport: choice("radio", "Is er aangifte gedaan bij de politie?", YES_NO_UNKNOWN, v.policeReport),
      casePhase: choice("select", "Hoe staat het met de strafzaak?", CASE_PHASE, v.casePhase, optional),
    }),
    step("andere-partij", "De andere partij", {
      otherPartyKnown: choice("radio", "Weet u wie de andere partij is?", KNOWN, v.otherPartyKnown),
      otherPartyName: text("Naam van de andere partij", v.otherPartyName, optional),
      otherPartyRelation: text("Wat is de relatie met de andere partij?", v.otherPartyRelation, optional),
      otherPartyDetained: choice(
        "radio",
        "Zit de andere partij op dit moment vast?",
        YES_NO_UNKNOWN,
        v.otherPartyDetained,
        optional,
      ),
      otherPartyContact: text("Contactgegevens van de andere partij", v.otherPartyContact, optional),
    }),
    step("gegevens", self ? "Uw gegevens" : "Gegevens van uw cliënt", {
      name: text(self ? "Uw naam" : "Naam van uw cliënt", v.name),
      dateOfBirth: date("Geboortedatum", v.dateOfBirth),
      ageGroup: choice("select", "Of kies een leeftijdsgroep", AGE, v.ageGroup, optional),
      email: text("E-mailadres", v.email, optional),
      phone: text("Telefoonnummer", v.phone, optional),
      address: text("Postadres", v.address, optional),
    }),
    step("contact", self ? "Hoe kunnen wij u veilig bereiken?" : "Hoe kunnen wij uw cliënt veilig bereiken?", {
      contactChannels: {
        kind: "checkboxes",
        label: "Hoe mogen wij contact opnemen?",
        options: v.contactChannels.map((c) => CHANNEL[c]),
        value: v.contactChannels,
      },
      contactTimes: text("Wanneer komt het goed uit?", v.contactTimes, optional),
      voicemailAllowed: choice("radio", "Mogen wij een bericht inspreken op de voicemail?", YES_NO, v.voicemailAllowed),
      senderNameAllowed: choice("radio", "Mag onze naam zichtbaar zijn als afzender?", YES_NO, v.senderNameAllowed),
    }),
    step("wensen", "Wensen en taal", {
      hopes: text(
        self ? "Wat hoopt u dat herstelbemiddeling u brengt?" : "Wat hoopt uw cliënt dat herstelbemiddeling brengt?",
        v.hopes,
        optional,
      ),
      language: choice("radio", "In welke taal voeren wij de gesprekken het liefst?", LANGUAGE, v.language),
      languageOther: text("Welke andere taal?", v.languageOther, optional),
      interpreterNeeded: choice("radio", "Is een tolk nodig?", YES_NO, v.interpreterNeeded),
    }),
  ];
  if (self) return { path, steps };
  steps.unshift(
    step("verwijzer", "Over u als verwijzer", {
      referrerType: choice("select", "Bij welk soort organisatie werkt u?", REFERRER_TYPE, v.referrerType),
      organisationName: text("Naam van uw organisatie", v.organisationName),
      referrerName: text("Uw naam", v.referrerName),
      referrerFunction: text("Uw functie", v.referrerFunction, optional),
      referrerEmail: text("Uw e-mailadres", v.referrerEmail),
      referrerPhone: text("Uw telefoonnummer", v.referrerPhone, optional),
    }),
  );
  steps.push(
    step("toestemming", "Toestemming en afspraken", {
      clientConsent: checkbox(
        "Mijn cliënt weet van deze aanmelding en heeft er toestemming voor gegeven",
        v.clientConsent,
      ),
      statusUpdates: choice(
        "radio",
        "Wil uw cliënt dat wij u laten weten wanneer de aanmelding in behandeling is genomen en wanneer de bemiddeling is afgesloten?",
        YES_NO,
        v.statusUpdates,
      ),
      expectedReleaseDate: date("Verwachte datum van vrijlating", v.expectedReleaseDate),
      context: text("Wat moeten wij verder weten?", v.context, optional),
    }),
  );
  return { path, steps };
}

/** A date `months` from today, as YYYY-MM-DD (for dates that must lie ahead). */
export function monthsFromToday(months: number): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** Self, with JavaScript: every field, all values distinct; e-mail allowed with our name. */
export const selfWithScript: Values = {
  role: "relative",
  sideOf: "victim",
  roleOther: "Zus van het slachtoffer",
  offenceCategory: "violence",
  incidentDate: "2024-03-15",
  incidentDateApproximate: true,
  incidentPlace: "Utrecht-Zuid",
  policeReport: "yes",
  casePhase: "prosecution_pending",
  otherPartyKnown: "partly",
  otherPartyName: "Pieter de Vries",
  otherPartyRelation: "buurman",
  otherPartyDetained: "no",
  otherPartyContact: "Dorpsstraat 4, Zeist\nTelefoon onbekend",
  name: "Anna Jansen-Smit",
  dateOfBirth: "1985-08-21",
  ageGroup: "25_44",
  email: "anna.jansen@example.org",
  phone: "06 12345678",
  address: "Kerkstraat 12\n3511 AB Utrecht",
  contactChannels: ["phone", "email"],
  contactTimes: "doordeweeks na 18.00 uur",
  voicemailAllowed: "no",
  senderNameAllowed: "yes",
  hopes: "Ik wil weten waarom het gebeurde.\nEn ik wil vertellen wat het met ons deed.",
  language: "other",
  languageOther: "Pools",
  interpreterNeeded: "yes",
};

/** Self, without JavaScript: e-mail allowed, but not with our name as sender, so no e-mail. */
export const selfWithoutScript: Values = {
  role: "offender",
  sideOf: "offender",
  roleOther: "Bestuurder van de auto",
  offenceCategory: "traffic",
  incidentDate: "2023-11-02",
  incidentDateApproximate: true,
  incidentPlace: "Gemeente Amersfoort",
  policeReport: "unknown",
  casePhase: "after_verdict",
  otherPartyKnown: "yes",
  otherPartyName: "Fatima El Amrani",
  otherPartyRelation: "onbekende",
  otherPartyDetained: "unknown",
  otherPartyContact: "fatima@example.net",
  name: "Bram Visser",
  dateOfBirth: "1962-05-09",
  ageGroup: "45_64",
  email: "bram.visser@example.org",
  phone: "+31 30 123 4567",
  address: "Postbus 100\n1000 AC Amsterdam",
  contactChannels: ["email", "post"],
  contactTimes: "alleen op dinsdag",
  voicemailAllowed: "yes",
  senderNameAllowed: "no",
  hopes: "Excuses aanbieden.",
  language: "en",
  languageOther: "Fries",
  interpreterNeeded: "no",
};

/** Referral, with JavaScript: the client allows e-mail with our name, so two e-mails. */
export const referralWithScript: Values = {
  referrerType: "probation",
  organisationName: "Reclassering Nederland, regio Oost",
  referrerName: "Kees de Boer",
  referrerFunction: "Reclasseringswerker",
  referrerEmail: "k.deboer@reclassering.example",
  referrerPhone: "088 804 1000",
  role: "offender",
  sideOf: "offender",
  roleOther: "Veroorzaker",
  offenceCategory: "robbery",
  incidentDate: "2022-06-30",
  incidentDateApproximate: true,
  incidentPlace: "Arnhem",
  policeReport: "yes",
  casePhase: "during_detention",
  otherPartyKnown: "no",
  otherPartyName: "Onbekende kassière",
  otherPartyRelation: "medewerker van de winkel",
  otherPartyDetained: "no",
  otherPartyContact: "Via de winkel aan de Markt",
  name: "Mohamed Yilmaz",
  dateOfBirth: "1990-01-17",
  ageGroup: "25_44",
  email: "m.yilmaz@example.com",
  phone: "0612345670",
  address: "Penitentiaire Inrichting Arnhem\nPostbus 9\n6800 AA Arnhem",
  contactChannels: ["phone", "email", "post"],
  contactTimes: "dinsdag of donderdag tussen 10 en 12 uur",
  voicemailAllowed: "no",
  senderNameAllowed: "yes",
  hopes: "Sorry zeggen tegen het slachtoffer.",
  language: "nl",
  languageOther: "Turks",
  interpreterNeeded: "no",
  clientConsent: true,
  statusUpdates: "yes",
  expectedReleaseDate: monthsFromToday(12),
  context: "Cliënt is bereikbaar via de casemanager.",
};

/** Referral, without JavaScript: the client did not choose e-mail, so only the referrer gets one. */
export const referralWithoutScript: Values = {
  referrerType: "victim_support",
  organisationName: "Slachtofferhulp Nederland, team Utrecht",
  referrerName: "Sanne Bakker",
  referrerFunction: "Casemanager",
  referrerEmail: "s.bakker@slachtofferhulp.example",
  referrerPhone: "0900 0101",
  role: "victim",
  sideOf: "victim",
  roleOther: "Eigenaar van de winkel",
  offenceCategory: "property",
  incidentDate: "2025-01-05",
  incidentDateApproximate: true,
  incidentPlace: "Nieuwegein",
  policeReport: "no",
  casePhase: "investigation",
  otherPartyKnown: "partly",
  otherPartyName: "Jongen uit de buurt",
  otherPartyRelation: "buurtbewoner",
  otherPartyDetained: "yes",
  otherPartyContact: "Woont vermoedelijk in de Hoogstraat",
  name: "Ingrid Hoekstra",
  dateOfBirth: "1948-02-29",
  ageGroup: "65_plus",
  email: "ingrid.hoekstra@example.org",
  phone: "030-2345678",
  address: "Lindelaan 3\n3431 AA Nieuwegein",
  contactChannels: ["phone", "post"],
  contactTimes: "in de ochtend",
  voicemailAllowed: "yes",
  senderNameAllowed: "yes",
  hopes: "Weten of het nog eens kan gebeuren.",
  language: "other",
  languageOther: "Fries",
  interpreterNeeded: "yes",
  clientConsent: true,
  statusUpdates: "no",
  expectedReleaseDate: monthsFromToday(6),
  context: "Mevrouw is slechthorend: liever een brief.",
};

/** Self, keyboard only: a choice of every kind of control. */
export const selfByKeyboard: Values = {
  role: "bereaved",
  offenceCategory: "homicide",
  incidentDate: "2021-09-04",
  policeReport: "yes",
  casePhase: "after_verdict",
  otherPartyKnown: "no",
  name: "Karin Toetsenbord",
  dateOfBirth: "1970-04-12",
  ageGroup: "45_64",
  email: "karin.toetsenbord@example.org",
  contactChannels: ["email"],
  voicemailAllowed: "no",
  senderNameAllowed: "yes",
  hopes: "Praten met de dader.\nMet hulp van een bemiddelaar.",
  language: "nl",
  interpreterNeeded: "no",
};

/** Self, only the required answers, for the double submit: one registration, one e-mail. */
export const selfSubmittedTwice: Values = {
  role: "victim",
  offenceCategory: "threats_stalking",
  policeReport: "unknown",
  otherPartyKnown: "yes",
  name: "Dirk Dubbel",
  ageGroup: "65_plus",
  email: "dirk.dubbel@example.org",
  contactChannels: ["email"],
  voicemailAllowed: "no",
  senderNameAllowed: "yes",
  language: "nl",
  interpreterNeeded: "no",
};
