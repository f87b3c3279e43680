import type { referrerNl } from "./messages.referrer.nl.ts";

/** English texts of the referrers' area and its management. */
export const referrerEn: Record<keyof typeof referrerNl, string> = {
  "referrer.validation.invalid": "This form is not right. Reload the page and try again.",
  "referrer.field.workEmail": "Your work e-mail address",
  "referrer.field.name": "Your name",
  "referrer.field.jobTitle": "Your job title",
  "referrer.field.organisationName": "Name of the organisation",
  "referrer.field.referrerType": "Kind of organisation",
  "referrer.signup.title": "Ask for a referrer account",
  "referrer.signup.intro":
    "Do you often refer clients to restorative mediation? With an account you do not have to type your own details every time, and you see whether we took up your referral. Use your work e-mail address.",
  "referrer.signup.newOrganisation":
    "We do not know your organisation yet. Fill in its name and kind. A coordinator checks whether your organisation may refer clients. You will get an e-mail about it.",
  "referrer.signup.submit": "Ask for an account",
  "referrer.signup.linkSent":
    "Thank you. We sent an e-mail to the address you gave. Open the link in it to sign in. The link works for 15 minutes.",
  "referrer.signup.awaitingApproval":
    "Thank you. A coordinator checks whether your organisation may refer clients. If so, you get an e-mail and can sign in.",
  "referrer.signup.workAddress":
    "Use your work e-mail address. With an address from, for example, Gmail or Hotmail we cannot recognise your organisation.",
  "referrer.signup.notPossible":
    "You cannot ask for an account with this e-mail address. Contact us if you think this is wrong.",
  "referrer.signup.haveAccount": "Already have an account? Sign in.",
  "referrer.login.title": "Sign in as a referrer",
  "referrer.login.intro":
    "Fill in your work e-mail address. You get an e-mail with a link to sign in. After that you enter the code from your authenticator app.",
  "referrer.login.submit": "Send me a sign-in link",
  "referrer.login.sent":
    "If we know this address, we sent an e-mail with a sign-in link. The link works once, for 15 minutes.",
  "referrer.login.noAccount": "No account yet? Ask for one.",
  "referrer.link.title": "Sign in with your link",
  "referrer.link.intro": "Press the button to continue signing in.",
  "referrer.link.submit": "Continue signing in",
  "referrer.link.invalid": "This link no longer works. It was used already or is too old.",
  "referrer.link.again": "Ask for a new sign-in link",
  "referrer.code.title": "Code from your app",
  "referrer.code.intro": "Fill in the code your authenticator app shows now.",
  "referrer.code.submit": "Sign in",
  "referrer.nav.label": "Referrers",
  "referrer.nav.referrals": "My referrals",
  "referrer.nav.refer": "Refer a client",
  "referrer.home.title": "My referrals",
  "referrer.home.intro":
    "Here you see the clients you referred. You only see whether we received, took up or closed the referral, and only when your client agreed to that. What happens in the mediation stays between the mediator and the people taking part.",
  "referrer.home.sent": "Your referral has been sent. Its number is {reference}.",
  "referrer.home.none": "You have not referred any clients yet.",
  "referrer.home.caption": "Your referrals, newest first",
  "referrer.home.reference": "Number",
  "referrer.home.date": "Sent on",
  "referrer.home.sender": "Referred by",
  "referrer.home.status": "Status",
  "referrer.status.received": "Received",
  "referrer.status.takenUp": "Taken up",
  "referrer.status.closed": "Closed",
  "referrer.status.notShared": "Not shared (the client did not agree)",
  "referrer.refer.title": "Refer a client",
  "referrer.refer.intro":
    "We fill in your own details and your organisation's from your account. Fill in your client's details below. Only refer when your client agrees.",
  "referrer.refer.submit": "Send the referral",
  "referrer.refer.accountIncomplete":
    "The details of your account or organisation are not complete. Please contact us.",
  "referrer.admin.nav": "Referrers",
  "referrer.admin.title": "Referring organisations",
  "referrer.admin.intro":
    "Organisations whose professionals may refer clients. A professional asks for an account with an e-mail address of one of the organisation's domains. New organisations wait for a coordinator's approval.",
  "referrer.admin.none": "There are no organisations yet.",
  "referrer.admin.caption": "Organisations, those waiting first",
  "referrer.admin.domains": "E-mail domains",
  "referrer.admin.domainsHint": "For example reclassering.nl. Separate several domains with a comma.",
  "referrer.admin.domainsInvalid": "Fill in at least one valid domain, such as reclassering.nl.",
  "referrer.admin.domainsInUse": "One of these domains already belongs to another organisation.",
  "referrer.admin.people": "Professionals",
  "referrer.admin.status": "Status",
  "referrer.admin.status.pending": "Waiting for approval",
  "referrer.admin.status.approved": "Approved",
  "referrer.admin.status.rejected": "Rejected",
  "referrer.admin.approve": "Approve",
  "referrer.admin.reject": "Reject",
  "referrer.admin.approveNamed": "Approve {name}",
  "referrer.admin.rejectNamed": "Reject {name}",
  "referrer.admin.approved": "The organisation has been approved. Its professionals get an e-mail.",
  "referrer.admin.rejected": "The organisation has been rejected.",
  "referrer.admin.add": "Add an organisation",
  "referrer.admin.addSubmit": "Add the organisation",
  "referrer.admin.created": "The organisation has been added.",
};
