import type { Kysely, Selectable } from "kysely";
import { withSystemTask } from "../../db/acting.server.ts";
import { inlineBox } from "../../db/data-keys.server.ts";
import type { Database, OutboxMessageTable } from "../../db/schema.ts";
import { OUTBOX_STATUSES, type OutboxStatus } from "./outbox.rules.ts";

/** A row of the outbox without its body: lists show who, what and how far, not the text. */
export type OutboxListItem = Omit<Selectable<OutboxMessageTable>, "body_text" | "data_key" | "recipient"> & {
  recipient: string;
};

/** The address and text of a message, sealed with the message's own key (ADR 0017). */
export function openMail(
  id: number,
  wrapped: Uint8Array,
  sealed: { recipient: Uint8Array; body_text?: Uint8Array },
): { recipient: string; body_text: string } {
  const box = inlineBox("outbox_message", id, wrapped);
  return {
    recipient: box.openText("outbox_message.recipient", id, sealed.recipient),
    body_text: sealed.body_text ? box.openText("outbox_message.body_text", id, sealed.body_text) : "",
  };
}

const MAX_LIMIT = 500;

/** The newest messages first, optionally of one status (for the administrators' outbox page). */
export async function listOutbox(
  db: Kysely<Database>,
  options: { status?: OutboxStatus; limit: number },
): Promise<OutboxListItem[]> {
  const limit = Math.min(Math.max(1, Math.floor(options.limit) || 1), MAX_LIMIT);
  // Row-level security (migration 0023): only the outbox's own task reads the messages.
  const rows = await withSystemTask(db, "outbox", (trx) => {
    let query = trx
      .selectFrom("outbox_message")
      .select([
        "id",
        "kind",
        "recipient",
        "data_key",
        "subject",
        "related_type",
        "related_id",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
      ])
      .orderBy("id", "desc")
      .limit(limit);
    if (options.status) query = query.where("status", "=", options.status);
    return query.execute();
  });
  return rows.map(({ data_key, ...row }) => ({ ...row, recipient: openMail(row.id, data_key, row).recipient }));
}

/** How many messages have each status; every status is present, with 0 when there are none. */
export async function countOutboxByStatus(db: Kysely<Database>): Promise<Record<OutboxStatus, number>> {
  const rows = await withSystemTask(db, "outbox", (trx) =>
    trx
      .selectFrom("outbox_message")
      .select((eb) => ["status", eb.fn.countAll<number>().as("count")])
      .groupBy("status")
      .execute(),
  );
  const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}
