import type { Kysely, Transaction } from "kysely";
import { newInlineKey, reserveIds } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import { isPlausibleEmailAddress, isSafeHeaderText, isValidKind } from "./outbox.rules.ts";

export type OutgoingMail = {
  /** What kind of message this is, e.g. 'registration.ack'; logged, so never personal data. */
  kind: string;
  /** One plain address, without a display name. */
  to: string;
  subject: string;
  text: string;
  /** The record the message is about, e.g. relatedType 'registration' with its id. */
  relatedType?: string;
  relatedId?: string;
};

/**
 * Queues an e-mail. Pass the transaction of the action that causes the message, so that both
 * are committed together or not at all; the outbox worker sends it afterwards.
 *
 * Throws a plain Error for an invalid address, kind or subject: callers validate user input
 * first, so reaching that is a programming error. The error never quotes the values.
 */
export async function enqueueMail(db: Kysely<Database> | Transaction<Database>, message: OutgoingMail): Promise<void> {
  if (!isValidKind(message.kind)) throw new Error("enqueueMail: kind must look like 'feature.event'");
  if (!isPlausibleEmailAddress(message.to)) throw new Error("enqueueMail: 'to' is not one plausible e-mail address");
  if (!isSafeHeaderText(message.subject)) {
    throw new Error("enqueueMail: the subject must be one line of text without control characters");
  }
  // The address and text are sealed with a key of the message's own (ADR 0017).
  const [id] = (await reserveIds(db, "outbox_message", 1)) as [number];
  const { box, wrapped } = newInlineKey("outbox_message", id);
  await db
    .insertInto("outbox_message")
    .values({
      id,
      kind: message.kind,
      recipient: box.text("outbox_message.recipient", id, message.to),
      subject: message.subject,
      body_text: box.text("outbox_message.body_text", id, message.text),
      data_key: wrapped,
      related_type: message.relatedType ?? null,
      related_id: message.relatedId ?? null,
      // On the app's clock, like every later change the worker makes to it: the database clock
      // may run a little ahead, which would make a new message not yet due for this worker.
      next_attempt_at: new Date(),
    })
    .execute();
}
