import { stepsFor } from "../registration/registration.fields.ts";

/** The step of the public referral form that a signed-in referrer's account fills in. */
export const REFERRER_STEP_ID = "verwijzer";

/** The steps a signed-in referrer fills in: the public referral form without the referrer step. */
export function referrerSteps() {
  return stepsFor("referral").filter((step) => step.id !== REFERRER_STEP_ID);
}
