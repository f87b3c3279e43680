import type { ColumnType, Generated } from "kysely";

/** Timestamps are written as Date or ISO string and always read back as Date. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default: optional on insert. */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Content encrypted at rest (app/db/sealed.server.ts, ADR 0017): only a SealBox opens it. */
export type Sealed = Uint8Array;

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
  /** Every answer, sealed with the registration's data key; null only in generated test data. */
  answers: Sealed | null;
  region_id: ColumnType<number | null, number | null | undefined, number | null>;
  case_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Its data key (null when erased, or in generated test data). */
  data_key_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Blind index of identifying answers for duplicate detection (HMACs, never the values). */
  match_name: string | null;
  match_other_name: string | null;
  match_birth_date: string | null;
  match_incident_date: string | null;
  match_place: string | null;
  match_email: string | null;
  match_phone: string | null;
  /** Who referred it, when a signed-in referrer or a partner system sent it (the referrers migration). */
  referrer_user_id: ColumnType<number | null, number | null | undefined, number | null>;
  referrer_organisation_id: ColumnType<number | null, number | null | undefined, number | null>;
  referrer_status_updates: ColumnType<boolean, boolean | undefined, boolean>;
}

/** Data keys, wrapped by a key-encryption key (migration 0027, app/db/data-keys.server.ts). */
export interface DataKeyTable {
  id: ColumnType<number, number, never>;
  kek_id: string;
  wrapped: Uint8Array;
  created_at: DefaultTimestamp;
}

/** Erased data keys, deleted again when an older backup is restored. */
export interface DataKeyErasureTable {
  data_key_id: number;
  erased_at: DefaultTimestamp;
}

export interface RegistrationDraftTable {
  id: string;
  path: "self" | "referral";
  answers: Sealed;
  /** The draft's own data key, wrapped: deleting the draft deletes its key. */
  data_key: Uint8Array;
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
  recipient: Sealed;
  subject: string;
  body_text: Sealed;
  /** The message's own data key, wrapped. */
  data_key: Uint8Array;
  related_type: string | null;
  related_id: string | null;
  status: ColumnType<OutboxMessageStatus, OutboxMessageStatus | undefined, OutboxMessageStatus>;
  attempts: Generated<number>;
  next_attempt_at: DefaultTimestamp;
  last_error: string | null;
  created_at: DefaultTimestamp;
  sent_at: Timestamp | null;
}

/** Written once, never changed: the database refuses UPDATE and DELETE on the audit log. */
type AppendOnly<T> = ColumnType<T, T, never>;

/** The tamper-evident audit log, see app/features/audit/ and migration 0005. */
export interface AuditLogTable {
  // Inserted explicitly (taken from the identity sequence first), because the hash covers it.
  id: AppendOnly<number>;
  occurred_at: AppendOnly<Date>;
  actor_id: AppendOnly<number | null>;
  actor_label: AppendOnly<string | null>;
  action: AppendOnly<string>;
  object_type: AppendOnly<string | null>;
  object_id: AppendOnly<string | null>;
  result: AppendOnly<"allowed" | "denied">;
  origin: AppendOnly<string | null>;
  reason: AppendOnly<string | null>;
  prev_hash: AppendOnly<string>;
  hash: AppendOnly<string>;
  /** The audit key that signed it (migration 0026); null for plain-hash records from before. */
  key_id: AppendOnly<string | null>;
}

/** Where the chain switched to keyed hashes, signed with the audit key (migration 0026). */
export interface AuditChainKeyedTable {
  id: ColumnType<true, never, never>;
  last_legacy_id: number | null;
  last_legacy_hash: string;
  key_id: string;
  mac: string;
}

/** The single row naming the last audit record; only recordAudit moves it. */
export interface AuditChainHeadTable {
  id: ColumnType<true, never, never>;
  last_id: number | null;
  last_hash: string;
}

export interface RegionTable {
  id: Generated<number>;
  code: string;
  name: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface StaffUserTable {
  id: Generated<number>;
  /** An account of the demo data (migration 0029): it cannot sign in once a real administrator exists. */
  is_demo: ColumnType<boolean, boolean | undefined, boolean>;
  email: string;
  display_name: string;
  password_hash: string | null;
  totp_secret_enc: string | null;
  totp_confirmed_at: Timestamp | null;
  totp_last_step: number | null;
  status: ColumnType<
    "invited" | "active" | "deactivated",
    "invited" | "active" | "deactivated" | undefined,
    "invited" | "active" | "deactivated"
  >;
  created_at: DefaultTimestamp;
  deactivated_at: Timestamp | null;
  /** Migration 0025: a new authenticator being set up, not yet confirmed. */
  totp_pending_enc: string | null;
  totp_pending_at: Date | null;
}

export interface StaffRoleTable {
  user_id: number;
  role: "intake" | "mediator" | "coordinator" | "administrator" | "researcher" | "privacy_officer";
}

export interface StaffRegionTable {
  user_id: number;
  region_id: number;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface AuthTokenTable {
  token_hash: string;
  user_id: number;
  purpose: "invite" | "reset";
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface StaffSessionTable {
  id_hash: string;
  user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  second_factor_at: Timestamp | null;
  reauthenticated_at: Timestamp | null;
  user_agent: ColumnType<string, string | undefined, string>;
  ended_at: Timestamp | null;
}

export interface BreakGlassGrantTable {
  id: Generated<number>;
  user_id: number;
  object_type: "registration" | "case";
  object_id: number;
  reason: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface MediationCaseTable {
  id: ColumnType<number, number | undefined, never>;
  /** The data key of the case's content: the key its registration had (null when erased). */
  data_key_id: ColumnType<number | null, number | null | undefined, number | null>;
  reference: string;
  registration_id: number;
  region_id: number;
  offence_category: string;
  step: ColumnType<string, string | undefined, string>;
  taken_up_at: Timestamp;
  first_conversation_due: ColumnType<string, string, string>;
  closed_at: Timestamp | null;
  closed_from: string | null;
  no_contact_reason: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  chosen_forms: ColumnType<string[], string[] | undefined, string[]>;
  outcome_contact: boolean | null;
  outcome_recorded_at: Timestamp | null;
  status_updates_to: Sealed | null;
  status_updates_locale: "nl" | "en" | null;
  case_phase: string | null;
  shared_agreement: Sealed | null;
  aftercare_referral: Sealed | null;
}

export interface CaseJusticeFeedbackTable {
  id: Generated<number>;
  case_id: number;
  recipient: Sealed;
  agreed_text: Sealed;
  sent_on: ColumnType<string, string, string>;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

export interface CasePartyTable {
  id: Generated<number>;
  case_id: number;
  side: "victim" | "offender";
  role: "registrant" | "other_party";
  /** Plain text, searched with trigram indexes (ADR 0017 says why). */
  display_name: string;
  /** Contact details and safe-contact notes; null in generated test data. */
  contact: Sealed | null;
  created_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface CasePersonTable {
  id: Generated<number>;
  case_id: number;
  party_id: number;
  relation: "relative" | "supporter" | "legal_representative" | "other";
  display_name: Sealed;
  contact: Sealed;
  created_by: number | null;
  created_at: Timestamp;
}

export interface CaseUploadTable {
  id: Generated<number>;
  case_id: number;
  file_name: Sealed;
  media_type: string;
  size_bytes: number;
  content: Sealed;
  uploaded_by: number | null;
  uploaded_at: Timestamp;
}

export interface CaseMessageTable {
  id: Generated<number>;
  case_id: number;
  form: "letter_exchange" | "shuttle" | "video_message";
  from_party_id: number;
  to_party_id: number;
  reply_to_id: number | null;
  source: "typed_by_party" | "scan" | "transcribed" | "told_to_mediator" | "recorded_with_mediator";
  /** Null when empty (a scan or a video without text). */
  body: Sealed | null;
  upload_id: number | null;
  reference: Sealed | null;
  written_on: ColumnType<string, string, string>;
  reviewed_on: ColumnType<string | null, string | null | undefined, string | null>;
  agreed_changes: Sealed | null;
  passed_on_on: ColumnType<string | null, string | null | undefined, string | null>;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

export interface CaseMeetingTable {
  id: Generated<number>;
  case_id: number;
  form: "conversation" | "group_conference";
  held_on: ColumnType<string, string, string>;
  place: Sealed;
  co_mediator_id: number | null;
  minutes: number | null;
  /** Null when empty. */
  summary: Sealed | null;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

export interface CaseMeetingParticipantTable {
  id: Generated<number>;
  case_id: number;
  meeting_id: number;
  party_id: number | null;
  person_id: number | null;
  display_name: Sealed;
  side: "victim" | "offender" | "neither";
  relation: "party" | "relative" | "supporter" | "legal_representative" | "community" | "professional" | "other";
}

export interface CaseConsentTable {
  id: Generated<number>;
  case_id: number;
  party_id: number;
  purpose: string;
  contact_form: string | null;
  given: boolean;
  method: "written" | "verbal" | "digital";
  recorded_at: Timestamp;
  recorded_by: number | null;
}

export interface CaseActivityTable {
  id: Generated<number>;
  case_id: number;
  kind: "first_conversation" | "expectation_conversation" | "contact_moment" | "call" | "email" | "visit" | "note";
  party_id: number | null;
  contact_form: string | null;
  occurred_on: ColumnType<string, string, string>;
  minutes: number | null;
  /** Notes, sealed notes, minutes of conversations; null when empty. */
  summary: Sealed | null;
  recorded_by: number | null;
  recorded_at: Timestamp;
  sealed: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface CaseRiskAssessmentTable {
  case_id: number;
  answers: Sealed;
  conclusion: "suitable" | "suitable_with_conditions" | "not_suitable";
  assessed_on: ColumnType<string, string, string>;
  assessed_by: number | null;
  recorded_at: Timestamp;
}

export interface CaseAssignmentTable {
  case_id: number;
  user_id: number;
  role: "lead" | "co_mediator";
  no_conflict_declared_at: Timestamp;
  assigned_at: Timestamp;
  assigned_by: number | null;
}

export interface CaseEventTable {
  id: Generated<number>;
  case_id: number;
  occurred_at: Timestamp;
  actor_id: number | null;
  kind: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface CaseTaskTable {
  id: Generated<number>;
  case_id: number;
  title: Sealed;
  due_on: ColumnType<string, string, string>;
  owner_id: number;
  done_at: Timestamp | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface HistoricRegistrationTable {
  id: Generated<number>;
  external_id: string;
  received_on: ColumnType<string, string, string>;
  taken_up_on: ColumnType<string | null, string | null | undefined, string | null>;
  submitted_by: "self" | "referrer" | "staff";
  referrer_type: string | null;
  registrant_side: "victim" | "offender" | "unknown";
  registrant_role: "victim" | "offender" | "bereaved" | "relative" | "witness" | "other";
  offence_category: string;
  region_id: number | null;
  outcome: "contact" | "no_contact" | "open";
  forms: ColumnType<string[], string[] | undefined, string[]>;
  no_contact_reason: string | null;
  closed_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 0021: from the import file; null when it does not say. */
  both_agreed: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  imported_at: Timestamp;
  imported_from: ColumnType<string, string | undefined, string>;
}

/** One row per registration with what the annual figures count (view, migration 0019). */
export interface RegistrationFactView {
  source: "app" | "import";
  source_id: number;
  received_on: string;
  taken_up_on: string | null;
  submitted_by: "self" | "referrer" | "staff";
  referrer_type: string | null;
  registrant_side: "victim" | "offender" | "unknown";
  registrant_role: string;
  offence_category: string;
  region_id: number | null;
  first_conversation_on: string | null;
  contact_on: string | null;
  forms: string[];
  /** Null for an imported registration whose file did not say (migration 0021). */
  both_agreed: boolean | null;
  closed_on: string | null;
  no_contact_reason: string | null;
  lead_mediator_id: number | null;
}

/** A background job's lease and last run (app/features/jobs/). */
export interface JobLeaseTable {
  name: string;
  holder: string | null;
  token: Generated<number>;
  lease_until: Date | null;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_succeeded_at: Date | null;
  last_error: string | null;
  failures: Generated<number>;
}

/** Migration 0024: a grant of case access waiting for a second administrator. */
export interface AccessGrantRequestTable {
  id: Generated<number>;
  user_id: number;
  add_roles: ColumnType<string[], string[], string[]>;
  add_region_ids: ColumnType<number[], number[], number[]>;
  requested_by: number;
  requested_at: Timestamp;
  decision: "approved" | "rejected" | null;
  decided_by: number | null;
  decided_at: Date | null;
}

/** The typed shape of the database, extended by each migration. */
export interface Database {
  retention_rule: RetentionRuleTable;
  legal_hold: LegalHoldTable;
  erasure_tombstone: ErasureTombstoneTable;
  erased_registration_fact: ErasedRegistrationFactTable;
  privacy_request: PrivacyRequestTable;
  access_grant_request: AccessGrantRequestTable;
  historic_registration: HistoricRegistrationTable;
  registration_fact: RegistrationFactView;
  case_task: CaseTaskTable;
  case_justice_feedback: CaseJusticeFeedbackTable;
  mediation_case: MediationCaseTable;
  case_party: CasePartyTable;
  case_person: CasePersonTable;
  case_upload: CaseUploadTable;
  case_message: CaseMessageTable;
  case_meeting: CaseMeetingTable;
  case_meeting_participant: CaseMeetingParticipantTable;
  case_consent: CaseConsentTable;
  case_activity: CaseActivityTable;
  case_risk_assessment: CaseRiskAssessmentTable;
  case_assignment: CaseAssignmentTable;
  case_event: CaseEventTable;
  break_glass_grant: BreakGlassGrantTable;
  app_setting: AppSettingTable;
  list_item: ListItemTable;
  registration_sequence: RegistrationSequenceTable;
  registration: RegistrationTable;
  registration_draft: RegistrationDraftTable;
  rate_limit_counter: RateLimitCounterTable;
  outbox_message: OutboxMessageTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  audit_chain_keyed: AuditChainKeyedTable;
  data_key: DataKeyTable;
  data_key_erasure: DataKeyErasureTable;
  region: RegionTable;
  staff_user: StaffUserTable;
  staff_role: StaffRoleTable;
  staff_region: StaffRegionTable;
  recovery_code: RecoveryCodeTable;
  auth_token: AuthTokenTable;
  staff_session: StaffSessionTable;
  referrer_organisation: ReferrerOrganisationTable;
  referrer_user: ReferrerUserTable;
  referrer_login_link: ReferrerLoginLinkTable;
  referrer_session: ReferrerSessionTable;
  partner_api_key: PartnerApiKeyTable;
  partner_referral_request: PartnerReferralRequestTable;
  job_lease: JobLeaseTable;
  access_export_record: AccessExportRecordTable;
  access_export_sealed_review: AccessExportSealedReviewTable;
  audit_chain_checkpoint: AuditChainCheckpointTable;
  webauthn_credential: WebauthnCredentialTable;
  webauthn_challenge: WebauthnChallengeTable;
  partner_webhook: PartnerWebhookTable;
  partner_webhook_delivery: PartnerWebhookDeliveryTable;
}

/** Migration 0030: the retention schedule (ADR 0020). */
export interface RetentionRuleTable {
  kind: "case_file" | "case_without_contact" | "registration_not_taken_up" | "outbox_message";
  keep_months: number;
  keep_days: number;
  legal_basis: string;
  updated_at: Date | null;
  updated_by: number | null;
}

/** Migration 0030: a case (or registration) that must not be erased until `until`. */
export interface LegalHoldTable {
  id: Generated<number>;
  case_id: number | null;
  registration_id: number | null;
  reason: "complaint" | "court_case" | "person_request" | "other";
  until: ColumnType<string, string, string>;
  placed_by: number;
  placed_at: Date;
  lifted_by: number | null;
  lifted_at: Date | null;
}

/** Migration 0030: what remains of an erased case or registration. */
export interface ErasureTombstoneTable {
  id: Generated<number>;
  object_type: "case" | "registration";
  object_id: number;
  reference: string;
  region_id: number | null;
  received_on: string | null;
  taken_up_on: string | null;
  closed_on: string | null;
  erased_at: Date;
  rule: "case_file" | "case_without_contact" | "registration_not_taken_up" | "request";
  request_id: number | null;
  registrations: Generated<number>;
}

/** Migration 0030: the counted facts of an erased registration (no personal data). */
export interface ErasedRegistrationFactTable {
  source_id: number;
  received_on: string;
  taken_up_on: string | null;
  submitted_by: string;
  referrer_type: string | null;
  registrant_side: string;
  registrant_role: string;
  offence_category: string;
  region_id: number | null;
  first_conversation_on: string | null;
  contact_on: string | null;
  forms: string[];
  both_agreed: boolean | null;
  closed_on: string | null;
  no_contact_reason: string | null;
  lead_mediator_id: number | null;
}

/** Migration 0030: a request of a person in a file (GDPR art. 15-18). */
export interface PrivacyRequestTable {
  id: Generated<number>;
  kind: "access" | "rectification" | "erasure" | "restriction";
  case_id: number;
  case_reference: string;
  region_id: number | null;
  party_role: "registrant" | "other_party";
  received_on: ColumnType<string, string, string>;
  due_on: ColumnType<string, string, string>;
  recorded_by: number;
  recorded_at: Date;
  decision: "approved" | "rejected" | null;
  decision_reason: string | null;
  decided_by: number | null;
  decided_at: Date | null;
  lifted_by: number | null;
  lifted_at: Date | null;
  /** Migration 0034: a person around the party asked (case_person id), not the party. */
  person_id: ColumnType<number | null, number | null | undefined, never>;
}

/** Migration 0034: another record of the same person that an access export covers (staff-confirmed). */
export interface AccessExportRecordTable {
  id: Generated<number>;
  request_id: number;
  case_id: number | null;
  registration_id: number | null;
  role: "registrant" | "other_party" | "person" | "named_other_party";
  person_id: number | null;
  matched_on: string[];
  confirmed_by: number;
  confirmed_at: Date;
}

/** Migration 0034: the mediator's review of a sealed note before an access export. */
export interface AccessExportSealedReviewTable {
  request_id: number;
  activity_id: number;
  case_id: number;
  include: boolean;
  reason: "about_the_person" | "rights_of_others" | "safety" | "working_notes" | "other";
  reviewed_by: number;
  reviewed_at: Date;
}

/** Migration 0034: where the audit chain starts after pruning, signed with the audit key. */
export interface AuditChainCheckpointTable {
  id: ColumnType<true, never, never>;
  last_pruned_id: number;
  last_pruned_hash: string;
  pruned_before: Date;
  pruned_at: Date;
  key_id: string;
  mac: string;
}

/** Referring organisations (the referrers migration). */
export interface ReferrerOrganisationTable {
  id: Generated<number>;
  name: string;
  referrer_type: string;
  email_domains: ColumnType<string[], string[] | undefined, string[]>;
  status: ColumnType<"pending" | "approved" | "rejected", string | undefined, string>;
  colleagues_see_referrals: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: DefaultTimestamp;
  decided_at: Timestamp | null;
  decided_by: number | null;
}

/** Referring professionals' accounts (the referrers migration). */
export interface ReferrerUserTable {
  id: Generated<number>;
  organisation_id: number;
  email: string;
  display_name: string;
  job_title: string | null;
  phone: string | null;
  is_contact_person: ColumnType<boolean, boolean | undefined, boolean>;
  status: ColumnType<"active" | "deactivated", string | undefined, string>;
  totp_secret_enc: string | null;
  totp_confirmed_at: Timestamp | null;
  totp_last_step: number | null;
  created_at: DefaultTimestamp;
}

export interface ReferrerLoginLinkTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface ReferrerSessionTable {
  id_hash: string;
  user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  second_factor_at: Timestamp | null;
  user_agent: ColumnType<string, string | undefined, string>;
  ended_at: Timestamp | null;
}

/** Partner API keys (the partner API migration): a hash, never the key. */
export interface PartnerApiKeyTable {
  id: Generated<number>;
  organisation_id: number;
  prefix: string;
  secret_hash: string;
  label: string;
  scopes: string[];
  created_at: Timestamp;
  created_by: number | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
  created_by_referrer: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface PartnerReferralRequestTable {
  organisation_id: number;
  idempotency_key: string;
  body_sha256: string;
  registration_id: number;
  reference: string;
  created_at: Timestamp;
}

/** Migration 0037: passkeys (WebAuthn) of referrers and staff, and their one-time challenges. */
export interface WebauthnCredentialTable {
  id: Generated<number>;
  referrer_user_id: number | null;
  staff_user_id: number | null;
  credential_id: string;
  public_key: Uint8Array;
  sign_count: ColumnType<number, number | bigint, number | bigint>;
  transports: ColumnType<string[], string[] | undefined, string[]>;
  device_type: "singleDevice" | "multiDevice";
  backed_up: boolean;
  label: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
}

export interface WebauthnChallengeTable {
  challenge: string;
  purpose: "referrer.register" | "referrer.sign_in" | "staff.register" | "staff.sign_in";
  referrer_user_id: number | null;
  staff_user_id: number | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** Migration 0037: partners' webhooks and their deliveries (reference, status, time only). */
export interface PartnerWebhookTable {
  id: Generated<number>;
  organisation_id: number;
  url: string;
  secret_enc: string;
  created_at: Timestamp;
  created_by_staff: number | null;
  created_by_referrer: number | null;
  revoked_at: Timestamp | null;
}

export interface PartnerWebhookDeliveryTable {
  id: Generated<number>;
  webhook_id: number;
  event_id: Generated<string>;
  reference: string;
  status: "received" | "taken_up" | "closed" | "withdrawn";
  occurred_at: Timestamp;
  state: Generated<"pending" | "delivered" | "failed">;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Generated<Date>;
}
