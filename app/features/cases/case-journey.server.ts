import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../auth/roles.ts";
import {
  getContactRecords,
  passOnMessage,
  recordMeeting,
  recordMessage,
  reviewLetter,
} from "../letters/contact-forms.server.ts";
import { getPeople } from "../parties/people.server.ts";
import { CASE_STEPS, type CaseStep, type ContactForm, type Move } from "./case.rules.ts";
import {
  addOtherParty,
  recordActivity,
  recordConsent,
  recordOutcome,
  recordRiskAssessment,
  setChosenForms,
} from "./case-file.commands.server.ts";
import { caseMoves, moveCase } from "./case-move.commands.server.ts";
import { RISK_QUESTIONS } from "./risk.schema.ts";

/**
 * Carries a taken-up case through the steps the way a mediator would, through the same commands
 * the case page uses: each step only once what it needs is recorded. Used to fill the demo
 * database with cases at every step and with every form of contact, and by tests that need a
 * case at a given step.
 */
type Db = Kysely<Database>;

export type JourneyOptions = {
  caseId: number;
  mediator: Actor;
  /** Where to stop: any step from taken_up to closed. */
  until: CaseStep;
  forms: ContactForm[];
  otherPartyName: string;
  /** When the journey starts; each record is `stepDays` later than the one before. */
  startOn: Date;
  stepDays?: number;
  /** Close with the outcome "contact" via aftercare (default) or straight to closed. */
  aftercare?: boolean;
};

const ORDER: readonly CaseStep[] = CASE_STEPS.filter((s) => s !== "registered");

function reached(step: CaseStep, target: CaseStep) {
  return ORDER.indexOf(target) >= ORDER.indexOf(step);
}

export async function advanceCase(db: Db, options: JourneyOptions): Promise<void> {
  const { caseId, mediator, until } = options;
  // A clock that moves on with every record, so that the timeline reads like the real thing.
  let now = options.startOn;
  const tick = () => {
    now = new Date(now.getTime() + (options.stepDays ?? 3) * 86_400_000);
    return now;
  };
  const date = () => tick().toISOString().slice(0, 10);
  // Records made now are dated at the end of the current stretch: the same day as the next date().
  const at = () => ({ caseId, origin: "journey", now: new Date(now.getTime() + (options.stepDays ?? 3) * 86_400_000) });
  const move = async (m: Move) => {
    const current = await caseMoves(db, mediator, caseId);
    const result = await moveCase(db, mediator, { ...at(), move: m, expectedVersion: current?.version ?? 0 });
    if (!result.ok) throw new Error(`case ${caseId}: ${JSON.stringify(result)}`);
  };
  const parties = async () => (await getPeople(db, mediator, caseId)).parties;

  if (!reached("first_conversation", until)) return;
  await move({ kind: "advance", to: "first_conversation" });
  if (!reached("approaching_other_party", until)) return;
  const registrant = (await parties()).find((p) => p.role === "registrant");
  if (!registrant) throw new Error(`case ${caseId} has no registrant`);
  await recordActivity(db, mediator, {
    ...at(),
    kind: "first_conversation",
    partyId: registrant.id,
    occurredOn: date(),
    minutes: 75,
    summary: "",
  });
  for (const purpose of ["processing", "approach_other_party"] as const)
    await recordConsent(db, mediator, { ...at(), partyId: registrant.id, purpose, given: true, method: "verbal" });
  if (!(await parties()).some((p) => p.role === "other_party"))
    await addOtherParty(db, mediator, { ...at(), name: options.otherPartyName, contact: {} });
  await move({ kind: "advance", to: "approaching_other_party" });
  if (!reached("preparing", until)) return;
  const other = (await parties()).find((p) => p.role === "other_party");
  if (!other) throw new Error(`case ${caseId} has no other party`);
  await recordConsent(db, mediator, {
    ...at(),
    partyId: other.id,
    purpose: "processing",
    given: true,
    method: "verbal",
  });
  await move({ kind: "advance", to: "preparing" });
  if (!reached("contact", until)) return;
  const both = [registrant.id, other.id];
  for (const partyId of both) {
    await recordActivity(db, mediator, {
      ...at(),
      kind: "expectation_conversation",
      partyId,
      occurredOn: date(),
      minutes: 60,
      summary: "",
    });
    for (const form of options.forms)
      await recordConsent(db, mediator, {
        ...at(),
        partyId,
        purpose: "contact_form",
        contactForm: form,
        given: true,
        method: "written",
      });
  }
  await setChosenForms(db, mediator, { ...at(), forms: options.forms });
  await recordRiskAssessment(db, mediator, {
    ...at(),
    answers: Object.fromEntries(RISK_QUESTIONS.map((q) => [q, ""])) as Record<(typeof RISK_QUESTIONS)[number], string>,
    conclusion: "suitable",
    assessedOn: date(),
  });
  await move({ kind: "advance", to: "contact" });
  if (!reached("closing", until)) return;
  for (const form of options.forms)
    await contactBy(db, mediator, form, {
      caseId,
      now: () => at().now,
      registrant: registrant.id,
      other: other.id,
      date,
    });
  await move({ kind: "advance", to: "closing" });
  if (!reached("aftercare", until)) return;
  await recordOutcome(db, mediator, { ...at(), contact: true });
  if (options.aftercare !== false) {
    await move({ kind: "advance", to: "aftercare" });
    if (!reached("closed", until)) return;
  }
  await move({ kind: "advance", to: "closed" });
}

/** One exchange in the given form, as the workflow records it. */
async function contactBy(
  db: Db,
  mediator: Actor,
  form: ContactForm,
  c: { caseId: number; now: () => Date; registrant: number; other: number; date: () => string },
) {
  const base = () => ({ caseId: c.caseId, origin: "journey", now: c.now(), quotaBytes: 0 });
  const must = (result: { ok: boolean }) => {
    if (!result.ok) throw new Error(`case ${c.caseId}, ${form}: ${JSON.stringify(result)}`);
  };
  if (form === "letter_exchange") {
    must(
      await recordMessage(db, mediator, {
        ...base(),
        form,
        fromPartyId: c.registrant,
        source: "typed_by_party",
        body: "Ik wil u laten weten wat die avond met mij heeft gedaan. (Verzonnen voorbeeldbrief.)",
        writtenOn: c.date(),
      }),
    );
    const { messages } = await getContactRecords(db, mediator, c.caseId);
    const letter = messages.at(-1);
    if (!letter) throw new Error(`case ${c.caseId}: letter not stored`);
    must(
      await reviewLetter(db, mediator, { ...base(), messageId: letter.id, reviewedOn: c.date(), agreedChanges: "" }),
    );
    must(await passOnMessage(db, mediator, { ...base(), messageId: letter.id, passedOnOn: c.date() }));
  } else if (form === "shuttle" || form === "video_message") {
    const on = c.date();
    must(
      await recordMessage(db, mediator, {
        ...base(),
        form,
        fromPartyId: c.other,
        source: form === "shuttle" ? "told_to_mediator" : "recorded_with_mediator",
        body: form === "shuttle" ? "Hij wil zeggen dat het hem spijt. (Verzonnen voorbeeld.)" : "",
        reference: form === "video_message" ? "Usb-stick in de kluis van het regiokantoor (demo)" : undefined,
        writtenOn: on,
        passedOnOn: c.date(),
      }),
    );
  } else {
    must(
      await recordMeeting(db, mediator, {
        ...base(),
        form,
        heldOn: c.date(),
        place: "Regiokantoor (demo)",
        minutes: 90,
        summary: "",
        partyIds: [c.registrant, c.other],
        personIds: [],
        others:
          form === "group_conference" ? [{ name: "Buurtbewoner (demo)", side: "neither", relation: "community" }] : [],
      }),
    );
  }
}
