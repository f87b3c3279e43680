import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { recordActivity, recordConsent, recordRiskAssessment } from "../features/cases/case-file.commands.server.ts";
import { advanceCase } from "../features/cases/case-journey.server.ts";
import { recordClosingAgreements, recordJusticeFeedback } from "../features/cases/justice-feedback.server.ts";
import { RISK_QUESTIONS } from "../features/cases/risk.schema.ts";
import { takeUpRegistration } from "../features/cases/take-up.commands.server.ts";
import {
  getContactRecords,
  recordMeeting,
  recordMessage,
  reviewLetter,
} from "../features/letters/contact-forms.server.ts";
import { checkUpload } from "../features/letters/uploads.server.ts";
import { addPerson, getPeople, updatePartyContact } from "../features/parties/people.server.ts";
import {
  saveDraftAnswers,
  startDraft,
  submitRegistration,
} from "../features/registration/registration.commands.server.ts";
import { loadLists } from "../features/registration/registration.queries.server.ts";
import { addTask } from "../features/tasks/tasks.server.ts";
import { staffActor } from "./case-fixtures.ts";

/**
 * A registration sent through the web form and carried as a case through everything that holds
 * content, each piece with a text found nowhere else: so that a test can look for these texts in
 * what the database stores (its files, its tables) and find none of them.
 */
export const MARKERS = {
  hopes: "HOPES-marker-Zwaluw-vraag-waarom",
  draft: "DRAFT-marker-Roodborst-half-af",
  email: "zwaluw.marker@example.org",
  phone: "0699887766",
  address: "Zwaluwstraat-marker 77",
  note: "NOTE-marker-Reiger-gesprek",
  sealedNote: "SEALED-marker-Kievit-alleen",
  letter: "LETTER-marker-Merel-beste",
  changes: "CHANGES-marker-Spreeuw-zin",
  place: "PLACE-marker-Ooievaar-zaal",
  minutes: "MINUTES-marker-Uil-verslag",
  risk: "RISK-marker-Valk-zorg",
  feedback: "FEEDBACK-marker-Buizerd-tekst",
  agreement: "AGREEMENT-marker-Wielewaal-delen",
  person: "PERSON-marker-Fazant-tante",
  task: "TASK-marker-Gaai-bellen",
  upload: "UPLOAD-marker-Specht-scan",
} as const;

const DAY = 86_400_000;

export async function markedCase(owner: Kysely<Database>, app: Kysely<Database> = owner) {
  const received = new Date("2026-10-01T09:00:00Z");
  const lists = await loadLists(app);
  // A form left half-way: its answers are in the database until they expire.
  const abandoned = await startDraft(app, "self", received);
  await saveDraftAnswers(app, abandoned, { hopes: MARKERS.draft }, received);

  const draft = await startDraft(app, "self", received);
  await saveDraftAnswers(
    app,
    draft,
    {
      role: "victim",
      offenceCategory: "violence",
      incidentDate: "2026-08-01",
      incidentPlace: "Markeerstad",
      policeReport: "yes",
      casePhase: "prosecution_pending",
      otherPartyKnown: "yes",
      otherPartyName: "Olaf Ander",
      name: "Mara Merk",
      ageGroup: "25_44",
      email: MARKERS.email,
      phone: MARKERS.phone,
      address: MARKERS.address,
      contactChannels: ["email", "phone"],
      voicemailAllowed: "no",
      senderNameAllowed: "yes",
      hopes: MARKERS.hopes,
      language: "nl",
      interpreterNeeded: "no",
    },
    received,
  );
  const sent = await submitRegistration(app, {
    draftId: draft,
    locale: "nl",
    lists,
    today: "2026-10-01",
    now: received,
  });
  if (sent.status !== "created") throw new Error(`marked case: ${JSON.stringify(sent)}`);
  const { id: registrationId } = await owner
    .selectFrom("registration")
    .select("id")
    .where("reference", "=", sent.reference)
    .executeTakeFirstOrThrow();

  const intake = await staffActor(owner, "intake");
  const mediator = await staffActor(owner, "mediator");
  const region = await owner.selectFrom("region").select("id").where("code", "=", "oost").executeTakeFirstOrThrow();
  const made = await takeUpRegistration(app, intake, {
    registrationId,
    regionId: region.id,
    leadMediatorId: mediator.userId,
    noConflictDeclared: true,
    origin: "t",
    now: new Date(received.getTime() + DAY),
  });
  if (!made.ok) throw new Error(made.problem);
  const caseId = made.caseId;
  await advanceCase(app, {
    caseId,
    mediator,
    until: "contact",
    forms: ["letter_exchange", "conversation"],
    otherPartyName: "Olaf Ander",
    startOn: new Date(received.getTime() + 2 * DAY),
    stepDays: 1,
  });
  const now = new Date("2026-11-20T10:00:00Z");
  const base = { caseId, origin: "t", now };
  const { parties } = await getPeople(app, mediator, caseId);
  const registrant = parties.find((p) => p.role === "registrant");
  const other = parties.find((p) => p.role === "other_party");
  if (!registrant || !other) throw new Error("marked case: parties missing");

  await recordActivity(app, mediator, { ...base, kind: "note", occurredOn: "2026-11-20", summary: MARKERS.note });
  await recordActivity(app, mediator, {
    ...base,
    kind: "note",
    occurredOn: "2026-11-20",
    summary: MARKERS.sealedNote,
    sealed: true,
  });
  await updatePartyContact(app, mediator, {
    ...base,
    partyId: registrant.id,
    expectedVersion: registrant.version,
    contact: { phone: MARKERS.phone, address: MARKERS.address, notes: "Alleen overdag" },
  });
  await addPerson(app, mediator, {
    ...base,
    partyId: registrant.id,
    relation: "relative",
    name: MARKERS.person,
    contact: { phone: "0611223344" },
  });
  await recordRiskAssessment(app, mediator, {
    ...base,
    answers: Object.fromEntries(RISK_QUESTIONS.map((q) => [q, MARKERS.risk])) as Record<
      (typeof RISK_QUESTIONS)[number],
      string
    >,
    conclusion: "suitable",
    assessedOn: "2026-11-20",
  });
  const scan = await checkUpload(
    "scan",
    { name: "brief.pdf", bytes: Buffer.from(`%PDF-1.4\n% ${MARKERS.upload}\n%%EOF\n`) },
    1_000_000,
  );
  if (!scan.ok) throw new Error(`marked case: ${scan.problem}`);
  const letter = await recordMessage(app, mediator, {
    ...base,
    form: "letter_exchange",
    fromPartyId: registrant.id,
    source: "typed_by_party",
    body: MARKERS.letter,
    writtenOn: "2026-11-20",
    upload: scan.upload,
    quotaBytes: 1_000_000,
  });
  if (!letter.ok) throw new Error(`marked case: ${letter.problem}`);
  const { messages } = await getContactRecords(app, mediator, caseId);
  await reviewLetter(app, mediator, {
    ...base,
    messageId: messages.at(-1)?.id as number,
    reviewedOn: "2026-11-20",
    agreedChanges: MARKERS.changes,
  });
  const meeting = await recordMeeting(app, mediator, {
    ...base,
    form: "conversation",
    heldOn: "2026-11-20",
    place: MARKERS.place,
    minutes: 60,
    summary: MARKERS.minutes,
    partyIds: [registrant.id, other.id],
    personIds: [],
    others: [],
  });
  if (!meeting.ok) throw new Error(`marked case: ${meeting.problem}`);
  await addTask(app, mediator, { ...base, title: MARKERS.task, dueOn: "2026-12-01", ownerId: mediator.userId });
  for (const party of [registrant, other]) {
    await recordConsent(app, mediator, {
      ...base,
      partyId: party.id,
      purpose: "justice_feedback",
      given: true,
      method: "written",
    });
  }
  await recordJusticeFeedback(app, mediator, {
    ...base,
    recipient: "Officier van justitie",
    text: MARKERS.feedback,
    sentOn: "2026-11-20",
  });
  await recordClosingAgreements(app, mediator, { ...base, sharedAgreement: MARKERS.agreement, aftercareReferral: "" });
  return { caseId, registrationId, mediator, intake, reference: sent.reference, draft: abandoned };
}
