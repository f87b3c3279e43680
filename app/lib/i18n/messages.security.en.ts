import type { securityNl } from "./messages.security.nl.ts";

/** English texts of the security hardening. */
export const securityEn: Record<keyof typeof securityNl, string> = {
  "grants.nav": "Approve access",
  "grants.title": "Access waiting for approval",
  "grants.intro":
    "A role that shows cases or registrations, the administrator role and extra regions only take effect once a second administrator approves them. Whoever asked for the access or receives it cannot approve it.",
  "grants.none": "No access is waiting for approval.",
  "grants.for": "For",
  "grants.what": "What",
  "grants.requestedBy": "Asked for by",
  "grants.requestedAt": "Asked for on",
  "grants.approve": "Approve",
  "grants.reject": "Reject",
  "grants.approved": "The access has been approved and applies now.",
  "grants.rejected": "The request has been rejected.",
  "grants.notFound": "This request has already been dealt with.",
  "grants.fourEyes":
    "This request comes from you or is about your own account. Another administrator has to approve it.",
  "grants.pending": "Waiting for approval by a second administrator",
  "grants.pendingSaved":
    "Saved. New roles or regions that show cases apply as soon as a second administrator approves them.",
  "grants.regions": "regions",
  "grants.ownAccount": "You cannot change your own roles and regions. Ask another administrator.",
  "grants.reauthLegend": "Confirm with your password and code",
  "grants.reauthHint":
    "Needed when you give a role that shows cases or registrations, the administrator role, or a region, and to approve.",
  "grants.cannotDeactivateSelf": "You cannot deactivate your own account.",

  "stats.suppressedForYou":
    "You see these figures as they may be published: counts from 1 to {threshold} show as <{threshold}, and whatever would give them away as x. So nobody can be recognised in the figures, not even for a short period or one region.",
  "account.title": "Your account",
  "account.totp.expired": "Setting up took too long or was not started. Start again from your account page.",
  "account.totp.newTitle": "Set up the new authenticator app",
  "account.totp.newIntro":
    "Scan this QR code with the new app and enter the code the new app shows. Until that has worked, your old app stays valid.",
  "account.email.title": "Change e-mail address",
  "account.email.current": "Your e-mail address now: {email}",
  "account.email.new": "New e-mail address",
  "account.email.submit": "Change e-mail address",
  "account.email.done": "Your e-mail address has been changed. Your other sessions have been ended.",
  "account.email.taken": "This e-mail address cannot be used.",
  "account.totp.title": "Set up the second factor again",
  "account.totp.intro":
    "New phone or authenticator app? Confirm with your password and a code from the current app. You then set up the new app and get new recovery codes.",
  "account.totp.submit": "Set up again",
  "account.password.title": "Change password",
};
