import { z } from "zod";
import { REASON_MAX } from "../auth/break-glass.rules.ts";
import { text } from "./case-fields.schema.ts";

/** Forms of the case pages outside the sections: breaking the glass and the case list's search. */
export const breakGlassForm = z.strictObject({ reason: text(REASON_MAX).default("") });
/** The case list's search form: the search text and the filters it carries along. */
const filter = z.string().max(100).optional();
export const caseSearchForm = z.strictObject({
  q: filter,
  step: filter,
  region: filter,
  offence: filter,
  overdue: filter,
  page: filter,
});
