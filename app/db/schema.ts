import type { ColumnType, Generated } from "kysely";

/** Timestamps are written as Date or ISO string and always read back as Date. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default: optional on insert. */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AppSettingTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: DefaultTimestamp;
}

export interface ListItemTable {
  list: string;
  code: string;
  label_nl: string;
  label_en: string;
  position: number;
  active: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface RegistrationSequenceTable {
  year: number;
  last_value: number;
}

export interface RegistrationTable {
  id: Generated<number>;
  reference: string;
  idempotency_key: string;
  received_at: DefaultTimestamp;
  channel: "web" | "phone" | "email" | "letter" | "in_person";
  submitted_by: "self" | "referrer" | "staff";
  registrant_role: string;
  registrant_side: "victim" | "offender" | "unknown";
  offence_category: string;
  referrer_type: string | null;
  locale: "nl" | "en";
  status: ColumnType<"received" | "taken_up" | "linked" | "closed", string | undefined, string>;
  form_version: number;
  answers: ColumnType<Record<string, unknown>, string, string>;
}

export interface RegistrationDraftTable {
  id: string;
  path: "self" | "referral";
  answers: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  expires_at: Timestamp;
}

export interface RateLimitCounterTable {
  bucket: string;
  key: string;
  window_start: Timestamp;
  hits: number;
}

export type OutboxMessageStatus = "pending" | "sent" | "failed";

/** Outgoing e-mail, see app/features/outbox/. */
export interface OutboxMessageTable {
  id: Generated<number>;
  kind: string;
  recipient: string;
  subject: string;
  body_text: string;
  related_type: string | null;
  related_id: string | null;
  status: ColumnType<OutboxMessageStatus, OutboxMessageStatus | undefined, OutboxMessageStatus>;
  attempts: Generated<number>;
  next_attempt_at: DefaultTimestamp;
  last_error: string | null;
  created_at: DefaultTimestamp;
  sent_at: Timestamp | null;
}

/** The typed shape of the database, extended by each migration. */
export interface Database {
  app_setting: AppSettingTable;
  list_item: ListItemTable;
  registration_sequence: RegistrationSequenceTable;
  registration: RegistrationTable;
  registration_draft: RegistrationDraftTable;
  rate_limit_counter: RateLimitCounterTable;
  outbox_message: OutboxMessageTable;
}
