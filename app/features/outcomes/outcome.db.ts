import type { ColumnType, Kysely, Transaction } from "kysely";
import type { Database, Sealed, Timestamp } from "../../db/schema.ts";
import type { Moment, Side } from "./outcome.rules.ts";

/**
 * The tables of migration 0031, typed for Kysely. Kept next to the feature (and added with
 * `withTables`) rather than in the shared schema file.
 */
export type OutcomeTables = {
  outcome_questionnaire: {
    id: ColumnType<number, number | undefined, number>;
    side: Side;
    version: number;
    active: boolean;
    introduced_on: string;
    /** Null while a draft (migration 0035); a published version never changes. */
    published_at: Timestamp | null;
    created_by: number | null;
    published_by: number | null;
  };
  outcome_question: {
    id: ColumnType<number, number | undefined, number>;
    questionnaire_id: number;
    position: number;
    code: string;
    kind: "scale" | "open";
    text_nl: string;
    text_en: string;
    low_nl: string | null;
    low_en: string | null;
    high_nl: string | null;
    high_en: string | null;
    better: "higher" | "lower" | null;
  };
  outcome_participant: {
    party_id: number;
    case_id: number;
    research_id: ColumnType<string, string | undefined, string>;
  };
  outcome_invitation: {
    id: number;
    case_id: number;
    party_id: number;
    moment: Moment;
    questionnaire_id: number;
    created_at: Timestamp;
    expires_at: Timestamp;
    email_sent_at: Timestamp | null;
    reminder_sent_at: Timestamp | null;
    letter_printed_at: Timestamp | null;
    started_at: Timestamp | null;
    completed_at: Timestamp | null;
    answered_via: "link" | "code" | "paper" | "phone" | null;
    recorded_by: number | null;
    open_answer: Sealed | null;
  };
  outcome_token: {
    token_hash: string;
    invitation_id: number;
    case_id: number;
    kind: "link" | "code";
    created_at: Timestamp;
    expires_at: Timestamp;
    used_at: Timestamp | null;
  };
  outcome_answer: {
    invitation_id: number;
    question_id: number;
    case_id: number;
    score: number | null;
    declined: boolean;
  };
  outcome_fact: {
    research_id: string | null;
    side: Side;
    role: string;
    offence_category: string;
    region_id: number;
    had_contact: boolean;
    forms: string[];
    closed_month: string | null;
    moment: Moment;
    invited_month: string;
    completed: boolean;
    questionnaire_id: number;
    question_id: number | null;
    question_code: string | null;
    score: number | null;
  };
};

export type OutcomeDatabase = Database & OutcomeTables;

export function outcomeDb(db: Kysely<Database>): Kysely<OutcomeDatabase>;
export function outcomeDb(db: Transaction<Database>): Transaction<OutcomeDatabase>;
export function outcomeDb(db: Kysely<Database> | Transaction<Database>) {
  return db.withTables<OutcomeTables>();
}
