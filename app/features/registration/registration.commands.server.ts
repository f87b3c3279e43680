import { randomUUID } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import { withFormInstance, withSystemTask } from "../../db/acting.server.ts";
import { newInlineKey } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import type { Locale } from "../../lib/i18n/i18n.ts";
import { enqueueMail } from "../outbox/outbox.commands.server.ts";
import { FORM_VERSION, type RegistrationPath, registrantSide } from "./registration.fields.ts";
import { type Draft, draftBox, findDraft, findSubmitted, isUuid } from "./registration.queries.server.ts";
import { formatReference, registrantMayBeEmailed, yearInAmsterdam } from "./registration.rules.ts";
import { type Answers, type Lists, parseAll } from "./registration.schema.ts";
import { referrerAcknowledgement, registrantAcknowledgement } from "./registration-emails.ts";
import { sealedRegistration } from "./registration-sealing.server.ts";

type Db = Kysely<Database>;

/** How long an unfinished form is kept: long enough for a break, short enough to hold little. */
export const DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Unfinished forms hold personal data: expired ones are removed when a new one starts (at most
 * once a minute per app instance), and by the daily housekeeping job (for when no new one
 * starts). Returns how many were removed.
 */
export async function purgeExpiredDrafts(db: Db, now: Date): Promise<number> {
  // Row-level security: only the housekeeping task reaches other people's (expired) drafts.
  const result = await withSystemTask(db, "housekeeping", (trx) =>
    trx.deleteFrom("registration_draft").where("expires_at", "<=", now).executeTakeFirst(),
  );
  return Number(result.numDeletedRows);
}

/**
 * Expired drafts can no longer be opened (every read asks for an unexpired one); removing them is
 * for the database files. When many people start at once, once a minute per instance is enough.
 */
const PURGE_INTERVAL_MS = 60_000;
const lastPurge = new WeakMap<Db, number>();

/**
 * Starts a new form instance. Its id is also the idempotency key of the final submission. The
 * draft's answers are sealed from the first step with a key of its own, kept (wrapped) in the
 * draft's row: they reach the database files and their write-ahead log only encrypted.
 */
export async function startDraft(db: Db, path: RegistrationPath, now: Date): Promise<string> {
  const id = randomUUID();
  const { box, wrapped } = newInlineKey("registration_draft", id);
  const last = lastPurge.get(db);
  if (last === undefined || Math.abs(now.getTime() - last) >= PURGE_INTERVAL_MS) {
    lastPurge.set(db, now.getTime());
    await purgeExpiredDrafts(db, now);
  }
  await withFormInstance(db, id, async (trx) => {
    await trx
      .insertInto("registration_draft")
      .values({
        id,
        path,
        data_key: wrapped,
        answers: box.json("registration_draft.answers", id, {}),
        expires_at: new Date(now.getTime() + DRAFT_LIFETIME_MS),
      })
      .execute();
  });
  return id;
}

/** Merges one step's answers into the draft (read, merged and sealed again under a row lock). */
export async function saveDraftAnswers(db: Db, id: string, answers: Answers, now: Date): Promise<void> {
  await withLockedDraft(db, id, now, { evenIfExpired: true }, () => ({ save: answers, result: undefined }));
}

/**
 * One form step in one transaction: the draft of this form instance is read under a row lock,
 * `decide` works out from it what the step's answers are (or why they are not accepted), and the
 * answers it returns to save are merged in and sealed again. Undefined when the draft does not
 * exist or has expired. One transaction where reading the draft and saving it apart took two
 * (four round trips to the database instead of seven).
 */
export async function updateDraft<T>(
  db: Db,
  id: string | undefined,
  now: Date,
  decide: (draft: Draft) => { save?: Answers; result: T },
): Promise<T | undefined> {
  if (!id || !isUuid(id)) return undefined;
  return withLockedDraft(db, id, now, { evenIfExpired: false }, decide);
}

async function withLockedDraft<T>(
  db: Db,
  id: string,
  now: Date,
  options: { evenIfExpired: boolean },
  decide: (draft: Draft) => { save?: Answers; result: T },
): Promise<T | undefined> {
  // Row-level security (migration 0023): a draft is reached only from its own form instance.
  return withFormInstance(db, id, async (trx) => {
    let read = trx
      .selectFrom("registration_draft")
      .select(["id", "path", "data_key", "answers"])
      .where("id", "=", id)
      .forUpdate();
    if (!options.evenIfExpired) read = read.where("expires_at", ">", now);
    const row = await read.executeTakeFirst();
    if (!row) return undefined;
    const box = draftBox(id, row.data_key);
    const answers = box.openJson<Answers>("registration_draft.answers", id, row.answers);
    const { save, result } = decide({ id: row.id, path: row.path, answers });
    if (save) {
      await trx
        .updateTable("registration_draft")
        .set({ answers: box.json("registration_draft.answers", id, { ...answers, ...save }), updated_at: now })
        .where("id", "=", id)
        .execute();
    }
    return result;
  });
}

export type SubmitResult =
  | { status: "created"; reference: string }
  | { status: "duplicate"; reference: string }
  | { status: "incomplete"; stepId: string }
  | { status: "missing" };

/**
 * Turns a finished draft into a registration, in one transaction: the reference number, the
 * registration with every answer, the acknowledgement e-mails in the outbox, and removal of
 * the draft. A second submission of the same form (double click, back and resubmit, retry
 * after a network error) finds the first registration instead of making another.
 */
export async function submitRegistration(
  db: Db,
  input: { draftId: string; locale: Locale; lists: Lists; today: string; now: Date },
): Promise<SubmitResult> {
  // Row-level security: this transaction may reach only the registration of this form instance.
  return withFormInstance(db, input.draftId, async (trx) => {
    const locked = await trx
      .selectFrom("registration_draft")
      .select("id")
      .where("id", "=", input.draftId)
      .forUpdate()
      .executeTakeFirst();
    const draft = locked ? await findDraft(trx, input.draftId, input.now) : undefined;
    if (!draft) {
      const earlier = await findSubmitted(trx, input.draftId);
      return earlier ? { status: "duplicate", reference: earlier.reference } : { status: "missing" };
    }
    const parsed = parseAll(draft.path, draft.answers, input.lists, input.today);
    if (!parsed.ok) return { status: "incomplete", stepId: parsed.stepId };
    const answers = parsed.values;
    const reference = await storeRegistration(trx, {
      idempotencyKey: draft.id,
      now: input.now,
      channel: "web",
      submittedBy: draft.path === "referral" ? "referrer" : "self",
      path: draft.path,
      answers,
      locale: input.locale,
    });
    await trx.deleteFrom("registration_draft").where("id", "=", draft.id).execute();
    return { status: "created", reference };
  });
}

/**
 * Stores a complete, validated registration and queues its acknowledgements, inside the caller's
 * transaction (which must allow this form instance: `withFormInstance`). Returns the reference.
 */
export async function storeRegistration(
  trx: Transaction<Database>,
  input: {
    idempotencyKey: string;
    now: Date;
    channel: "web" | "phone" | "email" | "letter" | "in_person";
    submittedBy: "self" | "referrer" | "staff";
    path: RegistrationPath;
    answers: Answers;
    locale: Locale;
    /** A signed-in referrer or a partner system: their referrals' status is theirs to see. */
    referrer?: { userId: number | null; organisationId: number };
  },
): Promise<string> {
  const { answers } = input;
  const reference = await nextReference(trx, yearInAmsterdam(input.now));
  await trx
    .insertInto("registration")
    .values({
      // Its id, its own data key (adopted by the case it may become) and the sealed answers.
      ...(await sealedRegistration(trx, { path: input.path, ...answers })),
      reference,
      idempotency_key: input.idempotencyKey,
      received_at: input.now,
      channel: input.channel,
      submitted_by: input.submittedBy,
      registrant_role: String(answers.role),
      registrant_side: registrantSide(answers.role, answers.sideOf),
      offence_category: String(answers.offenceCategory),
      referrer_type: input.path === "referral" ? String(answers.referrerType) : null,
      locale: input.locale,
      form_version: FORM_VERSION,
      ...(input.referrer && {
        referrer_user_id: input.referrer.userId,
        referrer_organisation_id: input.referrer.organisationId,
        referrer_status_updates: answers.statusUpdates === "yes",
      }),
    })
    .execute();
  await queueAcknowledgements(trx, input.path, answers, input.locale, reference);
  return reference;
}

async function nextReference(trx: Transaction<Database>, year: number): Promise<string> {
  const row = await trx
    .insertInto("registration_sequence")
    .values({ year, last_value: 1 })
    .onConflict((oc) => oc.column("year").doUpdateSet({ last_value: sql`registration_sequence.last_value + 1` }))
    .returning("last_value")
    .executeTakeFirstOrThrow();
  return formatReference(year, row.last_value);
}

async function queueAcknowledgements(
  trx: Transaction<Database>,
  path: RegistrationPath,
  answers: Answers,
  locale: Locale,
  reference: string,
): Promise<void> {
  if (registrantMayBeEmailed(answers)) {
    const mail = registrantAcknowledgement(locale, reference);
    await enqueueMail(trx, {
      kind: "registration.ack.registrant",
      to: String(answers.email),
      subject: mail.subject,
      text: mail.text,
      relatedType: "registration",
      relatedId: reference,
    });
  }
  if (path === "referral" && typeof answers.referrerEmail === "string") {
    const mail = referrerAcknowledgement(locale, reference, answers.statusUpdates === "yes");
    await enqueueMail(trx, {
      kind: "registration.ack.referrer",
      to: answers.referrerEmail,
      subject: mail.subject,
      text: mail.text,
      relatedType: "registration",
      relatedId: reference,
    });
  }
}
