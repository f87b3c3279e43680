import { formInput } from "../../lib/form-schema.ts";
import { recordConsent } from "../cases/case-file.commands.server.ts";
import type { IntentHandler } from "../cases/case-section.server.ts";
import { consentForm } from "./consent.schema.ts";

/** The consent section's intent: a consent given or withdrawn. */
export const recordConsentIntent: IntentHandler = async (scope) => {
  const input = formInput(consentForm, scope.form);
  await recordConsent(scope.db, scope.actor, {
    caseId: scope.caseId,
    origin: scope.origin,
    now: scope.now,
    ...input,
    given: input.given === "yes",
  });
  return { kind: "saved" };
};

export const consentIntents = { consent: recordConsentIntent } as const satisfies Record<string, IntentHandler>;
