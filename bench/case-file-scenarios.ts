import type { DatabaseHandle } from "../app/db/database.server.ts";
import type { Actor } from "../app/features/auth/roles.ts";
import { getCase, getCaseFile } from "../app/features/cases/case.queries.server.ts";
import { recordActivity, recordRiskAssessment } from "../app/features/cases/case-file.commands.server.ts";
import { advanceCase } from "../app/features/cases/case-journey.server.ts";
import { caseMoves } from "../app/features/cases/case-move.commands.server.ts";
import { justiceFeedbackState } from "../app/features/cases/justice-feedback.server.ts";
import { RISK_QUESTIONS } from "../app/features/cases/risk.schema.ts";
import { takeUpRegistration } from "../app/features/cases/take-up.commands.server.ts";
import { getContactRecords } from "../app/features/letters/contact-forms.server.ts";
import { addPerson, getPeople, updatePartyContact } from "../app/features/parties/people.server.ts";
import { registerByStaff } from "../app/features/registration/staff-entry.server.ts";
import { caseTasks } from "../app/features/tasks/tasks.server.ts";

/**
 * The case page and a save on one case with a full file, made through the app's own commands
 * (so that everything the page reads is written as the app writes it): the registration, taking
 * up, the journey to the step contact with a letter and a conversation, twelve notes, two people
 * around the parties, contact details and a risk assessment.
 */
const NOTE = "Gesprek gevoerd over verwachtingen en veiligheid; aanmelder wil eerst een brief schrijven. ".repeat(5);

export async function richCase(app: DatabaseHandle, intake: Actor, mediator: Actor, regionId: number): Promise<number> {
  const now = new Date(Date.UTC(2026, 0, 5, 9));
  const entered = await registerByStaff(app.db, intake, {
    channel: "phone",
    locale: "nl",
    origin: "bench",
    now,
    answers: {
      role: "victim",
      offenceCategory: "violence",
      incidentDate: "2025-11-20",
      incidentPlace: "Benchstad",
      policeReport: "yes",
      otherPartyKnown: "yes",
      otherPartyName: "Bas Benchmark",
      name: "Anna Benchmark",
      ageGroup: "25_44",
      email: "anna.benchmark@example.org",
      phone: "0612345678",
      contactChannels: ["email", "phone"],
      voicemailAllowed: "no",
      senderNameAllowed: "yes",
      hopes: "Ik wil weten waarom het gebeurde en dat hij begrijpt wat het met mij heeft gedaan.",
      language: "nl",
      interpreterNeeded: "no",
    },
  });
  const made = await takeUpRegistration(app.db, intake, {
    registrationId: entered.id,
    regionId,
    leadMediatorId: mediator.userId,
    noConflictDeclared: true,
    origin: "bench",
    now: new Date(now.getTime() + 86_400_000),
  });
  if (!made.ok) throw new Error(`bench case: ${made.problem}`);
  const caseId = made.caseId;
  const startOn = new Date(now.getTime() + 2 * 86_400_000);
  await advanceCase(app.db, {
    caseId,
    mediator,
    until: "contact",
    forms: ["letter_exchange", "conversation"],
    otherPartyName: "Bas Benchmark",
    startOn,
    stepDays: 1,
  });
  const at = (days: number) => ({ caseId, origin: "bench", now: new Date(startOn.getTime() + days * 86_400_000) });
  const people = await getPeople(app.db, mediator, caseId);
  for (const party of people.parties) {
    await updatePartyContact(app.db, mediator, {
      ...at(20),
      partyId: party.id,
      expectedVersion: party.version,
      contact: { phone: "0687654321", address: "Voorbeeldstraat 1, Benchstad", notes: "Liever niet bellen na 18 uur." },
    });
    await addPerson(app.db, mediator, {
      ...at(20),
      partyId: party.id,
      relation: "supporter",
      name: "Steun Persoon",
      contact: { phone: "0611111111" },
    });
  }
  await recordRiskAssessment(app.db, mediator, {
    ...at(21),
    answers: Object.fromEntries(RISK_QUESTIONS.map((q) => [q, NOTE.slice(0, 200)])) as Record<
      (typeof RISK_QUESTIONS)[number],
      string
    >,
    conclusion: "suitable",
    assessedOn: "2026-01-28",
  });
  for (let i = 0; i < 12; i++) {
    await recordActivity(app.db, mediator, {
      ...at(21),
      kind: "note",
      occurredOn: "2026-01-28",
      summary: NOTE,
      sealed: i % 4 === 0,
    });
  }
  return caseId;
}

/** What the case page's loader reads (routes/staff-case.tsx), in the same way. */
export async function loadCasePage(app: DatabaseHandle, actor: Actor, caseId: number): Promise<number> {
  const found = await getCase(app.db, actor, caseId);
  if (!found) throw new Error("bench case not visible");
  const [, file, , , contact, people] = await Promise.all([
    caseMoves(app.db, actor, caseId),
    getCaseFile(app.db, actor, caseId),
    caseTasks(app.db, actor, caseId),
    justiceFeedbackState(app.db, actor, caseId),
    getContactRecords(app.db, actor, caseId),
    getPeople(app.db, actor, caseId),
  ]);
  return file.activities.length + contact.messages.length + people.persons.length;
}

/** A save on the case page: a note of about 450 characters. */
export async function saveNote(app: DatabaseHandle, actor: Actor, caseId: number): Promise<number> {
  await recordActivity(app.db, actor, {
    caseId,
    origin: "bench",
    now: new Date(Date.UTC(2026, 1, 1, 12)),
    kind: "note",
    occurredOn: "2026-02-01",
    summary: NOTE,
  });
  return 1;
}
