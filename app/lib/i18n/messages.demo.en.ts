import type { demoNl } from "./messages.demo.nl.ts";

/** English texts of demo mode. */
export const demoEn: Record<keyof typeof demoNl, string> = {
  "demo.banner":
    "Demo: this environment holds made-up data and demo accounts with a published password. Never use it for real cases.",
  "demo.login.title": "Demo accounts",
  "demo.login.intro":
    "This demo has an account for every role. They all share one password; the code for the second step is shown on the next page, no authenticator app needed.",
  "demo.login.password": "Password: {password}",
  "demo.login.account": "E-mail address",
  "demo.login.roles": "Role",
  "demo.code.title": "Demo: this account's code",
  "demo.code.now": "The code is now {code}. A new one comes every 30 seconds; reload the page if it no longer works.",
  "auth.login.demoDisabled":
    "Demo accounts can no longer sign in: a real administrator exists. Sign in with your own account.",
};
