import { caseEn } from "./messages.case.en.ts";
import { contactEn } from "./messages.contact.en.ts";
import { demoEn } from "./messages.demo.en.ts";
import { importEn } from "./messages.import.en.ts";
import type { MessageKey } from "./messages.nl.ts";
import { outcomesEn } from "./messages.outcomes.en.ts";
import { partnersEn } from "./messages.partners.en.ts";
import { privacyEn } from "./messages.privacy.en.ts";
import { privacyRightsEn } from "./messages.privacy-rights.en.ts";
import { referrerEn } from "./messages.referrer.en.ts";
import { registrationEn } from "./messages.registration.en.ts";
import { safeExitEn } from "./messages.safe-exit.en.ts";
import { sectionsEn } from "./messages.sections.en.ts";
import { securityEn } from "./messages.security.en.ts";
import { staffEn } from "./messages.staff.en.ts";
import { statisticsEn } from "./messages.statistics.en.ts";
import { workspaceEn } from "./messages.workspace.en.ts";

/** English translation. A missing or extra key is a type error. */
export const en: Record<MessageKey, string> = {
  ...registrationEn,
  ...caseEn,
  ...contactEn,
  ...statisticsEn,
  ...importEn,
  ...staffEn,
  ...securityEn,
  ...demoEn,
  ...safeExitEn,
  ...privacyEn,
  ...privacyRightsEn,
  ...outcomesEn,
  ...referrerEn,
  ...workspaceEn,
  ...sectionsEn,
  ...partnersEn,
  "app.name": "Restorative mediation",
  "app.tagline": "Contact after a crime or accident",
  "layout.skipLink": "Skip to main content",
  "layout.mainNav": "Main menu",
  "layout.languageSwitch": "Language",
  "layout.switchTo": "Nederlands",
  "layout.switchToLabel": "Naar het Nederlands",
  "layout.footer.about":
    "Restorative mediation helps victims and offenders, and the people around them, to get in touch with each other safely. Free of charge, voluntary and confidential.",
  "layout.footer.heading": "About this website",
  "layout.footer.openSource": "This website runs on Herstel, open-source software for restorative mediation.",
  "nav.home": "Home",
  "nav.register": "Register",
  "home.cta": "Register for restorative mediation",
  "home.title": "Restorative mediation",
  "home.lead":
    "After a crime or an accident, a conversation, a letter or a message with the other party can help. We guide that contact, when both parties want it.",
  "home.body":
    "Mediation is free of charge, voluntary and confidential. You can register as a victim, as an offender or the person who caused an accident, as a bereaved person, a relative or a witness. Professionals can register someone with their consent.",
  "error.notFound.title": "This page does not exist",
  "error.notFound.body": "The address may have been mistyped, or the page may have moved.",
  "error.server.title": "Something went wrong on our side",
  "error.server.body": "We are sorry. Nothing you entered or saved has been lost. Please try again in a few minutes.",
  "error.forbidden.title": "You do not have access to this page",
  "error.forbidden.body": "If you think this is wrong, please contact the administrator.",
  "error.csrf.title": "The form could not be sent",
  "error.csrf.body":
    "For your safety a form expires after a while, or when it seems to come from another website. Go back, reload the page and send it again.",
  "error.badRequest.title": "We cannot read this request",
  "error.badRequest.body": "We cannot process what your browser sent. Please go back and try again.",
  "error.unavailable.title": "Temporarily unavailable",
  "error.unavailable.body":
    "We cannot reach our records at the moment. This is usually over within a minute. Everything saved before is kept, including the answers you already gave in the registration form. Please try again in half a minute.",
  "error.unavailable.retry": "Try again",
  "error.erased.title": "This information was erased",
  "error.erased.body": "The contents of this file were erased and can no longer be read by anyone.",
  "error.rateLimited.title": "Please wait a moment",
  "error.rateLimited.body": "Many requests arrived in a short time. Please wait a few minutes and try again.",
  "error.reference": "Error code for the helpdesk: {requestId}",
  "error.backHome": "Go to the home page",
};
