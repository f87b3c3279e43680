import { DomainError, ErrorCode } from "../lib/errors.ts";
import { open, seal } from "../lib/keys/envelope.ts";

/**
 * Content encrypted at rest (ADR 0017). Every sensitive column is named here; the associated
 * data of each value is its column and row, so a value moved to another row or column does not
 * open. Feature data-access modules seal what they write and open what they read through a
 * SealBox holding the data key of the case (or registration, draft, e-mail) the row belongs to.
 */
export type SealedField =
  | "registration.answers"
  | "registration_draft.answers"
  | "outbox_message.recipient"
  | "outbox_message.body_text"
  | "mediation_case.status_updates_to"
  | "mediation_case.shared_agreement"
  | "mediation_case.aftercare_referral"
  | "case_party.contact"
  | "case_person.display_name"
  | "case_person.contact"
  | "case_activity.summary"
  | "case_risk_assessment.answers"
  | "case_justice_feedback.recipient"
  | "case_justice_feedback.agreed_text"
  | "case_message.body"
  | "case_message.agreed_changes"
  | "case_message.reference"
  | "case_meeting.place"
  | "case_meeting.summary"
  | "case_meeting_participant.display_name"
  | "case_upload.file_name"
  | "case_upload.content"
  | "case_task.title"
  | "case_event.reason"
  | "outcome_invitation.open_answer";

export function fieldAad(field: SealedField, rowId: number | string): string {
  return `herstel:${field}:${rowId}`;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Seals and opens the values of one data key; without a key (erased), nothing opens. */
export class SealBox {
  readonly #key: Buffer | null;
  constructor(key: Buffer | null) {
    this.#key = key;
  }
  /** The data key itself, for the key cache (app/lib/keys/data-key-cache.ts); null when erased. */
  get key(): Buffer | null {
    return this.#key;
  }
  /** Whether the data key was erased: the content is gone for good. */
  get erased(): boolean {
    return this.#key === null;
  }
  #needKey(): Buffer {
    if (!this.#key) throw new DomainError(ErrorCode.ContentErased);
    return this.#key;
  }

  bytes(field: SealedField, rowId: number | string, value: Uint8Array): Uint8Array {
    return seal(this.#needKey(), fieldAad(field, rowId), value);
  }
  openBytes(field: SealedField, rowId: number | string, sealed: Uint8Array): Buffer {
    return open(this.#needKey(), fieldAad(field, rowId), sealed);
  }

  text(field: SealedField, rowId: number | string, value: string): Uint8Array {
    return this.bytes(field, rowId, Buffer.from(value, "utf8"));
  }
  /** An empty or absent text is stored as NULL (nothing to hide, and no key needed to read it). */
  optionalText(field: SealedField, rowId: number | string, value: string | null | undefined): Uint8Array | null {
    return value ? this.text(field, rowId, value) : null;
  }
  openText(field: SealedField, rowId: number | string, sealed: Uint8Array): string {
    return utf8.decode(this.openBytes(field, rowId, sealed));
  }
  /** NULL reads as the empty text it was stored for. */
  openOptionalText(field: SealedField, rowId: number | string, sealed: Uint8Array | null): string {
    return sealed === null ? "" : this.openText(field, rowId, sealed);
  }
  openNullableText(field: SealedField, rowId: number | string, sealed: Uint8Array | null): string | null {
    return sealed === null ? null : this.openText(field, rowId, sealed);
  }

  json(field: SealedField, rowId: number | string, value: unknown): Uint8Array {
    return this.text(field, rowId, JSON.stringify(value));
  }
  openJson<T = Record<string, unknown>>(field: SealedField, rowId: number | string, sealed: Uint8Array): T {
    return JSON.parse(this.openText(field, rowId, sealed)) as T;
  }
}
