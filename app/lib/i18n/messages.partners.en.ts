import type { partnersNl } from "./messages.partners.nl.ts";

/** English texts of passkeys, withdrawal and the referrers' security and sessions pages (issue 17). */
export const partnersEn: Record<keyof typeof partnersNl, string> = {
  "passkey.busy": "Follow the instructions of your browser or device…",
  "passkey.failed": "That did not work. Try again, or use the other way below.",
  "passkey.notAccepted": "That passkey was not accepted. Try again, or use the other way.",
  "passkey.name": "Passkey",
  "passkey.created": "Created",
  "passkey.lastUsed": "Last used",
  "passkey.remove": "Remove",
  "referrer.passkey.heading": "Passkeys",
  "referrer.passkey.signIn": "Sign in with a passkey",
  "referrer.passkey.signInIntro":
    "Do you have a passkey for Herstel on this device or your phone? Then sign in with it, without e-mail or code.",
  "referrer.passkey.create": "Create a passkey",
  "referrer.passkey.add": "Add a passkey",
  "referrer.passkey.createIntro":
    "With a passkey you sign in with your fingerprint, face or PIN of this device. No password or code travels over the internet.",
  "referrer.passkey.use": "Continue with your passkey",
  "referrer.passkey.useIntro": "Confirm with the passkey you created for Herstel.",
  "referrer.setup.choose": "Choose how you will sign in: with a passkey, or with a code from an app.",
  "referrer.setup.appHeading": "Authenticator app",
  "referrer.security.title": "Ways to sign in",
  "referrer.security.withApp": "You can sign in with the e-mailed link and a code from your authenticator app.",
  "referrer.security.withoutApp": "You sign in with a passkey. You have not set up an authenticator app.",
  "referrer.security.none": "You have no passkey yet.",
  "referrer.security.added": "The passkey was added.",
  "referrer.security.removed": "The passkey was removed.",
  "referrer.security.last": "This is your only way to sign in. Add another passkey before you remove this one.",
  "referrer.sessions.intro":
    "Here you see where you are signed in. Do you not recognise a session? End it and tell your contact person.",
  "referrer.nav.security": "Ways to sign in",
  "referrer.nav.sessions": "Sessions",
  "referrer.withdraw.link": "Withdraw {reference}",
  "referrer.withdraw.confirmTitle": "Withdraw referral {reference}?",
  "referrer.withdraw.confirmText":
    "Only for a referral sent by mistake. Everything you filled in is deleted and the client hears nothing more of it. This cannot be undone.",
  "referrer.withdraw.confirm": "Yes, withdraw",
  "referrer.withdraw.cancel": "Do not withdraw",
  "referrer.withdraw.done": "The referral was withdrawn and deleted.",
  "referrer.withdraw.notPossible": "This referral can no longer be withdrawn. Please contact the intake desk.",
  "referrer.withdraw.tooLate": "A referral can only be withdrawn within 24 hours. Please contact the intake desk.",
  "staff.passkey.heading": "Passkeys",
  "staff.passkey.intro":
    "With a passkey you sign in without password and code: the passkey itself asks for your fingerprint, face or PIN. You can also use it instead of the code after your password.",
  "staff.passkey.add": "Add a passkey",
  "staff.passkey.none": "You have no passkey yet.",
  "staff.passkey.added": "The passkey was added.",
  "staff.passkey.removed": "The passkey was removed.",
  "staff.passkey.signIn": "Sign in with a passkey",
  "staff.passkey.signInIntro": "Staff member with a passkey? Sign in without password and code.",
  "staff.passkey.secondFactor": "Use a passkey instead of the code",
};
