import type { privacyRightsNl } from "./messages.privacy-rights.nl.ts";

/** English texts of the access export over a person's records, the sealed-note review and registration holds. */
export const privacyRightsEn: Record<keyof typeof privacyRightsNl, string> = {
  "privacy.case.compose": "Compose access export",
  "privacy.scope.title": "Compose access export",
  "privacy.scope.back": "Back to retention and requests",
  "privacy.scope.intro":
    "The export covers this case. Below are other files that may belong to the same person: the same name, and sometimes the same date of birth, e-mail or telephone. Choose only files you have checked belong to the same person. The same name alone is not enough.",
  "privacy.scope.choose": "Files of the same person",
  "privacy.scope.chooseHint": "What you choose goes into the export. Your choice is recorded.",
  "privacy.scope.candidate": "{reference}: {role} (matches: {matched})",
  "privacy.scope.role.registrant": "registrant",
  "privacy.scope.role.other_party": "other party",
  "privacy.scope.role.person": "someone around a party",
  "privacy.scope.role.named_other_party": "named as the other party",
  "privacy.scope.match.name": "name",
  "privacy.scope.match.birth_date": "date of birth",
  "privacy.scope.match.email": "e-mail",
  "privacy.scope.match.phone": "telephone",
  "privacy.scope.confirm": "Record choice",
  "privacy.scope.saved": "Recorded: {count} other files in the export.",
  "privacy.scope.none": "No other files found with the same name.",
  "privacy.scope.elsewhereTitle": "Also found elsewhere",
  "privacy.scope.elsewhereIntro":
    "Regions you have no access to hold files with the same name. You do not see them and they are not in this export. Ask a coordinator of that region to check whether they are the same person's and, if so, to make an export there.",
  "privacy.scope.elsewhereRegion": "{region}: cases {cases}, registrations {registrations}",
  "privacy.scope.exportTitle": "The export",
  "privacy.scope.awaiting":
    "Awaiting review: {count} of the {total} sealed notes have not been reviewed by the case's mediator yet. Ask the mediator to review them; then you can download the export.",
  "privacy.sealed.title": "Review sealed notes for an access request",
  "privacy.sealed.intro":
    "Someone asked to see their data. Review each sealed note: include it if it is about this person, or leave it out with a reason. The export can be made only when all are reviewed.",
  "privacy.sealed.none": "No sealed notes await your review.",
  "privacy.sealed.request": "Access request: {party}, received on {received}, due on {due}",
  "privacy.sealed.note": "Sealed note of {on}",
  "privacy.sealed.unreviewed": "Not reviewed yet.",
  "privacy.sealed.reviewed": "Reviewed: {reason}.",
  "privacy.sealed.choose": "Your review",
  "privacy.sealed.reason.about_the_person": "Include: about this person",
  "privacy.sealed.reason.rights_of_others": "Leave out: rights of others (GDPR art. 15(4))",
  "privacy.sealed.reason.safety": "Leave out: safety of those involved (UAVG art. 41)",
  "privacy.sealed.reason.working_notes": "Leave out: the mediator's personal working note",
  "privacy.sealed.reason.other": "Leave out: another reason",
  "privacy.sealed.save": "Save review",
  "privacy.sealed.saved": "The review has been saved.",
  "privacy.sealed.error": "Choose a review.",
  "privacy.sealed.link": "Review sealed notes for an access request",
  "privacy.registrationHold.link": "Legal hold for this registration",
  "privacy.registrationHold.title": "Legal hold for registration {reference}",
  "privacy.registrationHold.back": "Back to the registration",
  "privacy.registrationHold.intro":
    "A registration that was never taken up is erased after 12 months. Put it on hold when it must not be erased, for example because of a complaint, a court case or a request of the person. The privacy officer sees the hold in the overview.",
  "privacy.registrationHold.notHoldable":
    "This registration belongs to a case. Put the case on hold, on the case's privacy page.",
  "privacy.holds.registration": "registration",
  "privacy.form.partyHint":
    "A party themselves, or someone around a party: a relative, a supporter or a legal representative.",
  "privacy.requester.self": "{party} themselves",
  "privacy.requester.around.registrant": "{person}, around the registrant",
  "privacy.requester.around.other_party": "{person}, around the other party",
  "privacy.requester.gone": "someone no longer in the file",
};
