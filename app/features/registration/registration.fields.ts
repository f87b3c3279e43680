import type { MessageKey } from "../../lib/i18n/i18n.ts";

/**
 * The registration form, described as data: which steps each path has, and which fields each
 * step asks. The same description renders the pages, builds the validation schemas
 * (registration.schema.ts) and lists the answers on the "check your answers" page.
 */
export const FORM_VERSION = 1;

export type RegistrationPath = "self" | "referral";
export type ListName = "offence_category" | "case_phase" | "referrer_type";

export type FieldKind = "text" | "email" | "tel" | "date" | "textarea" | "radio" | "checkboxes" | "select" | "checkbox";

export type StaticOption = { value: string; label: MessageKey };

export type FieldSpec = {
  name: string;
  kind: FieldKind;
  /** Label, or one label per path when it differs ("your name" / "your client's name"). */
  label: MessageKey | Record<RegistrationPath, MessageKey>;
  hint?: MessageKey | Record<RegistrationPath, MessageKey>;
  required?: boolean;
  maxLength?: number;
  /** Fixed options, or a configurable list from the database. */
  options?: StaticOption[] | { list: ListName };
  /** For dates: which side of today is allowed. */
  dates?: "past" | "future";
  autoComplete?: string;
  /** Narrow fields (dates, phone numbers) get a narrower input. */
  width?: "narrow" | "medium";
};

export type StepSpec = {
  id: string;
  title: MessageKey | Record<RegistrationPath, MessageKey>;
  intro?: MessageKey | Record<RegistrationPath, MessageKey>;
  fields: FieldSpec[];
};

export const TEXT_MAX = 200;
export const LONG_TEXT_MAX = 4000;

const yesNo: StaticOption[] = [
  { value: "yes", label: "option.yes" },
  { value: "no", label: "option.no" },
];
const yesNoUnknown: StaticOption[] = [...yesNo, { value: "unknown", label: "option.unknown" }];

export const ROLE_OPTIONS: StaticOption[] = [
  { value: "victim", label: "option.role.victim" },
  { value: "offender", label: "option.role.offender" },
  { value: "bereaved", label: "option.role.bereaved" },
  { value: "relative", label: "option.role.relative" },
  { value: "witness", label: "option.role.witness" },
  { value: "other", label: "option.role.other" },
];

export const CONTACT_CHANNELS: StaticOption[] = [
  { value: "phone", label: "option.channel.phone" },
  { value: "email", label: "option.channel.email" },
  { value: "post", label: "option.channel.post" },
];

const AGE_GROUPS: StaticOption[] = [
  { value: "under_18", label: "option.age.under18" },
  { value: "18_24", label: "option.age.18to24" },
  { value: "25_44", label: "option.age.25to44" },
  { value: "45_64", label: "option.age.45to64" },
  { value: "65_plus", label: "option.age.65plus" },
];

const LANGUAGES: StaticOption[] = [
  { value: "nl", label: "option.language.nl" },
  { value: "en", label: "option.language.en" },
  { value: "other", label: "option.language.other" },
];

const referrerStep: StepSpec = {
  id: "verwijzer",
  title: "reg.step.referrer.title",
  intro: "reg.step.referrer.intro",
  fields: [
    {
      name: "referrerType",
      kind: "select",
      label: "reg.field.referrerType",
      required: true,
      options: { list: "referrer_type" },
    },
    {
      name: "organisationName",
      kind: "text",
      label: "reg.field.organisationName",
      required: true,
      maxLength: TEXT_MAX,
      autoComplete: "organization",
    },
    {
      name: "referrerName",
      kind: "text",
      label: "reg.field.referrerName",
      required: true,
      maxLength: TEXT_MAX,
      autoComplete: "name",
    },
    {
      name: "referrerFunction",
      kind: "text",
      label: "reg.field.referrerFunction",
      maxLength: TEXT_MAX,
      autoComplete: "organization-title",
    },
    {
      name: "referrerEmail",
      kind: "email",
      label: "reg.field.referrerEmail",
      required: true,
      maxLength: 254,
      autoComplete: "email",
    },
    {
      name: "referrerPhone",
      kind: "tel",
      label: "reg.field.referrerPhone",
      maxLength: 30,
      autoComplete: "tel",
      width: "medium",
    },
  ],
};

const roleStep: StepSpec = {
  id: "rol",
  title: { self: "reg.step.role.title.self", referral: "reg.step.role.title.referral" },
  intro: "reg.step.role.intro",
  fields: [
    {
      name: "role",
      kind: "radio",
      label: { self: "reg.field.role.self", referral: "reg.field.role.referral" },
      required: true,
      options: ROLE_OPTIONS,
    },
    {
      name: "sideOf",
      kind: "radio",
      label: { self: "reg.field.sideOf.self", referral: "reg.field.sideOf.referral" },
      hint: "reg.hint.sideOf",
      options: [
        { value: "victim", label: "option.side.victim" },
        { value: "offender", label: "option.side.offender" },
      ],
    },
    { name: "roleOther", kind: "text", label: "reg.field.roleOther", hint: "reg.hint.roleOther", maxLength: TEXT_MAX },
  ],
};

const incidentStep: StepSpec = {
  id: "gebeurtenis",
  title: "reg.step.incident.title",
  intro: "reg.step.incident.intro",
  fields: [
    {
      name: "offenceCategory",
      kind: "radio",
      label: "reg.field.offenceCategory",
      required: true,
      options: { list: "offence_category" },
    },
    {
      name: "incidentDate",
      kind: "date",
      label: "reg.field.incidentDate",
      hint: "reg.hint.incidentDate",
      dates: "past",
      width: "narrow",
    },
    { name: "incidentDateApproximate", kind: "checkbox", label: "reg.field.incidentDateApproximate" },
    {
      name: "incidentPlace",
      kind: "text",
      label: "reg.field.incidentPlace",
      hint: "reg.hint.incidentPlace",
      maxLength: TEXT_MAX,
    },
    {
      name: "policeReport",
      kind: "radio",
      label: "reg.field.policeReport",
      hint: "reg.hint.policeReport",
      required: true,
      options: yesNoUnknown,
    },
    {
      name: "casePhase",
      kind: "select",
      label: "reg.field.casePhase",
      hint: "reg.hint.casePhase",
      options: { list: "case_phase" },
    },
  ],
};

const otherPartyStep: StepSpec = {
  id: "andere-partij",
  title: "reg.step.otherParty.title",
  intro: "reg.step.otherParty.intro",
  fields: [
    {
      name: "otherPartyKnown",
      kind: "radio",
      label: "reg.field.otherPartyKnown",
      required: true,
      options: [
        { value: "yes", label: "option.known.yes" },
        { value: "partly", label: "option.known.partly" },
        { value: "no", label: "option.known.no" },
      ],
    },
    {
      name: "otherPartyName",
      kind: "text",
      label: "reg.field.otherPartyName",
      hint: "reg.hint.ifKnown",
      maxLength: TEXT_MAX,
    },
    {
      name: "otherPartyRelation",
      kind: "text",
      label: "reg.field.otherPartyRelation",
      hint: "reg.hint.otherPartyRelation",
      maxLength: TEXT_MAX,
    },
    { name: "otherPartyDetained", kind: "radio", label: "reg.field.otherPartyDetained", options: yesNoUnknown },
    {
      name: "otherPartyContact",
      kind: "textarea",
      label: "reg.field.otherPartyContact",
      hint: "reg.hint.otherPartyContact",
      maxLength: 1000,
    },
  ],
};

const personStep: StepSpec = {
  id: "gegevens",
  title: { self: "reg.step.person.title.self", referral: "reg.step.person.title.referral" },
  intro: { self: "reg.step.person.intro.self", referral: "reg.step.person.intro.referral" },
  fields: [
    {
      name: "name",
      kind: "text",
      label: { self: "reg.field.name.self", referral: "reg.field.name.referral" },
      required: true,
      maxLength: TEXT_MAX,
      autoComplete: "name",
    },
    {
      name: "dateOfBirth",
      kind: "date",
      label: "reg.field.dateOfBirth",
      hint: "reg.hint.dateOfBirth",
      dates: "past",
      width: "narrow",
      autoComplete: "bday",
    },
    { name: "ageGroup", kind: "select", label: "reg.field.ageGroup", options: AGE_GROUPS },
    { name: "email", kind: "email", label: "reg.field.email", maxLength: 254, autoComplete: "email" },
    { name: "phone", kind: "tel", label: "reg.field.phone", maxLength: 30, autoComplete: "tel", width: "medium" },
    {
      name: "address",
      kind: "textarea",
      label: "reg.field.address",
      hint: "reg.hint.address",
      maxLength: 500,
      autoComplete: "street-address",
    },
  ],
};

const contactStep: StepSpec = {
  id: "contact",
  title: { self: "reg.step.contact.title.self", referral: "reg.step.contact.title.referral" },
  intro: "reg.step.contact.intro",
  fields: [
    {
      name: "contactChannels",
      kind: "checkboxes",
      label: "reg.field.contactChannels",
      required: true,
      options: CONTACT_CHANNELS,
    },
    {
      name: "contactTimes",
      kind: "text",
      label: "reg.field.contactTimes",
      hint: "reg.hint.contactTimes",
      maxLength: TEXT_MAX,
    },
    { name: "voicemailAllowed", kind: "radio", label: "reg.field.voicemailAllowed", required: true, options: yesNo },
    {
      name: "senderNameAllowed",
      kind: "radio",
      label: "reg.field.senderNameAllowed",
      hint: "reg.hint.senderNameAllowed",
      required: true,
      options: yesNo,
    },
  ],
};

const wishesStep: StepSpec = {
  id: "wensen",
  title: "reg.step.wishes.title",
  intro: "reg.step.wishes.intro",
  fields: [
    {
      name: "hopes",
      kind: "textarea",
      label: { self: "reg.field.hopes.self", referral: "reg.field.hopes.referral" },
      hint: "reg.hint.hopes",
      maxLength: LONG_TEXT_MAX,
    },
    { name: "language", kind: "radio", label: "reg.field.language", required: true, options: LANGUAGES },
    { name: "languageOther", kind: "text", label: "reg.field.languageOther", maxLength: 100 },
    { name: "interpreterNeeded", kind: "radio", label: "reg.field.interpreterNeeded", required: true, options: yesNo },
  ],
};

const consentStep: StepSpec = {
  id: "toestemming",
  title: "reg.step.consent.title",
  intro: "reg.step.consent.intro",
  fields: [
    { name: "clientConsent", kind: "checkbox", label: "reg.field.clientConsent", required: true },
    {
      name: "statusUpdates",
      kind: "radio",
      label: "reg.field.statusUpdates",
      hint: "reg.hint.statusUpdates",
      required: true,
      options: yesNo,
    },
    {
      name: "expectedReleaseDate",
      kind: "date",
      label: "reg.field.expectedReleaseDate",
      hint: "reg.hint.expectedReleaseDate",
      dates: "future",
      width: "narrow",
    },
    {
      name: "context",
      kind: "textarea",
      label: "reg.field.context",
      hint: "reg.hint.context",
      maxLength: LONG_TEXT_MAX,
    },
  ],
};

const STEPS: Record<RegistrationPath, StepSpec[]> = {
  self: [roleStep, incidentStep, otherPartyStep, personStep, contactStep, wishesStep],
  referral: [referrerStep, roleStep, incidentStep, otherPartyStep, personStep, contactStep, wishesStep, consentStep],
};

export function stepsFor(path: RegistrationPath): StepSpec[] {
  return STEPS[path];
}

export function findStep(path: RegistrationPath, id: string): StepSpec | undefined {
  return STEPS[path].find((s) => s.id === id);
}

/** The step after `id`, or undefined when the next page is "check your answers". */
export function nextStepId(path: RegistrationPath, id: string): string | undefined {
  const steps = STEPS[path];
  const index = steps.findIndex((s) => s.id === id);
  return steps[index + 1]?.id;
}

export function previousStepId(path: RegistrationPath, id: string): string | undefined {
  const steps = STEPS[path];
  const index = steps.findIndex((s) => s.id === id);
  return index > 0 ? steps[index - 1]?.id : undefined;
}

export function forPath<T>(value: T | Record<RegistrationPath, T>, path: RegistrationPath): T {
  return typeof value === "object" && value !== null && "self" in value && "referral" in value
    ? (value as Record<RegistrationPath, T>)[path]
    : (value as T);
}

/**
 * The side of the registrant, as the annual figures count initiative: relatives and witnesses
 * count on the side they told us they stand on.
 */
export function registrantSide(role: unknown, sideOf: unknown): "victim" | "offender" | "unknown" {
  if (role === "victim" || role === "bereaved") return "victim";
  if (role === "offender") return "offender";
  if (sideOf === "victim" || sideOf === "offender") return sideOf;
  return "unknown";
}
