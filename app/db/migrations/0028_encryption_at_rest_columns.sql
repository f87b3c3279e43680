-- Encryption at rest, part 2 (after the step of the previous migration sealed every existing
-- value): the plain columns go, the sealed ones take their names. From here on the database
-- holds no note, letter, free-text answer, contact detail or uploaded file in readable form.
-- Parties' names stay plain in case_party.display_name, for the trigram search (ADR 0017).
ALTER TABLE registration DROP COLUMN answers;
ALTER TABLE registration RENAME COLUMN answers_sealed TO answers;

ALTER TABLE registration_draft DROP COLUMN answers;
ALTER TABLE registration_draft RENAME COLUMN answers_sealed TO answers;
ALTER TABLE registration_draft ALTER COLUMN answers SET NOT NULL, ALTER COLUMN data_key SET NOT NULL;

ALTER TABLE outbox_message DROP COLUMN recipient, DROP COLUMN body_text;
ALTER TABLE outbox_message RENAME COLUMN recipient_sealed TO recipient;
ALTER TABLE outbox_message RENAME COLUMN body_text_sealed TO body_text;
ALTER TABLE outbox_message ALTER COLUMN recipient SET NOT NULL, ALTER COLUMN body_text SET NOT NULL,
  ALTER COLUMN data_key SET NOT NULL;

ALTER TABLE mediation_case DROP COLUMN status_updates_to, DROP COLUMN shared_agreement, DROP COLUMN aftercare_referral;
ALTER TABLE mediation_case RENAME COLUMN status_updates_to_sealed TO status_updates_to;
ALTER TABLE mediation_case RENAME COLUMN shared_agreement_sealed TO shared_agreement;
ALTER TABLE mediation_case RENAME COLUMN aftercare_referral_sealed TO aftercare_referral;

ALTER TABLE case_party DROP COLUMN contact;
ALTER TABLE case_party RENAME COLUMN contact_sealed TO contact;

ALTER TABLE case_person DROP COLUMN display_name, DROP COLUMN contact;
ALTER TABLE case_person RENAME COLUMN display_name_sealed TO display_name;
ALTER TABLE case_person RENAME COLUMN contact_sealed TO contact;
ALTER TABLE case_person ALTER COLUMN display_name SET NOT NULL, ALTER COLUMN contact SET NOT NULL;

ALTER TABLE case_activity DROP COLUMN summary;
ALTER TABLE case_activity RENAME COLUMN summary_sealed TO summary;

ALTER TABLE case_risk_assessment DROP COLUMN answers;
ALTER TABLE case_risk_assessment RENAME COLUMN answers_sealed TO answers;
ALTER TABLE case_risk_assessment ALTER COLUMN answers SET NOT NULL;

ALTER TABLE case_justice_feedback DROP COLUMN recipient, DROP COLUMN agreed_text;
ALTER TABLE case_justice_feedback RENAME COLUMN recipient_sealed TO recipient;
ALTER TABLE case_justice_feedback RENAME COLUMN agreed_text_sealed TO agreed_text;
ALTER TABLE case_justice_feedback ALTER COLUMN recipient SET NOT NULL, ALTER COLUMN agreed_text SET NOT NULL;

-- Dropping reference also drops the check that a video message has a file or a reference.
ALTER TABLE case_message DROP COLUMN body, DROP COLUMN agreed_changes, DROP COLUMN reference;
ALTER TABLE case_message RENAME COLUMN body_sealed TO body;
ALTER TABLE case_message RENAME COLUMN agreed_changes_sealed TO agreed_changes;
ALTER TABLE case_message RENAME COLUMN reference_sealed TO reference;
ALTER TABLE case_message ADD CONSTRAINT case_message_video_file_or_reference
  CHECK (form <> 'video_message' OR upload_id IS NOT NULL OR reference IS NOT NULL);

ALTER TABLE case_meeting DROP COLUMN place, DROP COLUMN summary;
ALTER TABLE case_meeting RENAME COLUMN place_sealed TO place;
ALTER TABLE case_meeting RENAME COLUMN summary_sealed TO summary;
ALTER TABLE case_meeting ALTER COLUMN place SET NOT NULL;

ALTER TABLE case_meeting_participant DROP COLUMN display_name;
ALTER TABLE case_meeting_participant RENAME COLUMN display_name_sealed TO display_name;
ALTER TABLE case_meeting_participant ALTER COLUMN display_name SET NOT NULL;

-- The plain SHA-256 of a file would let anyone holding a copy confirm that file is here; the
-- authentication tag of its sealed content already shows it is unchanged.
ALTER TABLE case_upload DROP COLUMN file_name, DROP COLUMN content, DROP COLUMN sha256;
ALTER TABLE case_upload RENAME COLUMN file_name_sealed TO file_name;
ALTER TABLE case_upload RENAME COLUMN content_sealed TO content;
ALTER TABLE case_upload ALTER COLUMN file_name SET NOT NULL, ALTER COLUMN content SET NOT NULL;

ALTER TABLE case_task DROP COLUMN title;
ALTER TABLE case_task RENAME COLUMN title_sealed TO title;
ALTER TABLE case_task ALTER COLUMN title SET NOT NULL;
