-- The forms of contact as workflows of their own (issue: the mediation case), the people around
-- the parties, and uploaded files. Everything is personal data under the case's row-level security.

-- Editing a party's contact details is optimistically locked like the case itself.
ALTER TABLE case_party ADD COLUMN version integer NOT NULL DEFAULT 1;

-- People around a party: relatives, supporters, a legal representative of a minor.
CREATE TABLE case_person (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES mediation_case (id) ON DELETE CASCADE,
  party_id bigint NOT NULL REFERENCES case_party (id) ON DELETE CASCADE,
  relation text NOT NULL CHECK (relation IN ('relative', 'supporter', 'legal_representative', 'other')),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  -- Same shape as case_party.contact; never shown in anything meant for the other party.
  contact jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by bigint REFERENCES staff_user (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX case_person_case_idx ON case_person (case_id);

-- Uploaded files (a scanned letter, a video message). The bytes live in the database, next to the
-- row that names them: outside any web root, under the same row-level security, in the same
-- transaction and backup as the case (ADR 0012).
CREATE TABLE case_upload (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES mediation_case (id) ON DELETE CASCADE,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png', 'video/mp4', 'video/webm')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL,
  uploaded_by bigint REFERENCES staff_user (id),
  uploaded_at timestamptz NOT NULL
);
CREATE INDEX case_upload_case_idx ON case_upload (case_id);

-- Letters, shuttle messages and video messages: something one party sends the other, carried by
-- the mediator. A letter is read by the mediator (and any changes agreed with its writer) before
-- it is passed on; replies form a thread.
CREATE TABLE case_message (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES mediation_case (id) ON DELETE CASCADE,
  form text NOT NULL CHECK (form IN ('letter_exchange', 'shuttle', 'video_message')),
  from_party_id bigint NOT NULL REFERENCES case_party (id),
  to_party_id bigint NOT NULL REFERENCES case_party (id),
  reply_to_id bigint REFERENCES case_message (id),
  source text NOT NULL CHECK (source IN ('typed_by_party', 'scan', 'transcribed', 'told_to_mediator', 'recorded_with_mediator')),
  body text NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
  upload_id bigint REFERENCES case_upload (id),
  -- Where a video is kept when it is not uploaded (for example a tape in the office safe).
  reference text CHECK (length(reference) <= 500),
  written_on date NOT NULL,
  reviewed_on date,
  agreed_changes text CHECK (length(agreed_changes) <= 4000),
  passed_on_on date,
  recorded_by bigint REFERENCES staff_user (id),
  recorded_at timestamptz NOT NULL,
  CHECK (from_party_id <> to_party_id),
  CHECK (passed_on_on IS NULL OR form <> 'letter_exchange' OR reviewed_on IS NOT NULL),
  CHECK (form <> 'video_message' OR upload_id IS NOT NULL OR reference IS NOT NULL)
);
CREATE INDEX case_message_case_idx ON case_message (case_id, written_on);

-- Conversations and group conferences: a meeting with its participants.
CREATE TABLE case_meeting (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES mediation_case (id) ON DELETE CASCADE,
  form text NOT NULL CHECK (form IN ('conversation', 'group_conference')),
  held_on date NOT NULL,
  place text NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
  co_mediator_id bigint REFERENCES staff_user (id),
  minutes integer CHECK (minutes BETWEEN 0 AND 1440),
  summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 10000),
  recorded_by bigint REFERENCES staff_user (id),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX case_meeting_case_idx ON case_meeting (case_id, held_on);

CREATE TABLE case_meeting_participant (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES mediation_case (id) ON DELETE CASCADE,
  meeting_id bigint NOT NULL REFERENCES case_meeting (id) ON DELETE CASCADE,
  party_id bigint REFERENCES case_party (id),
  person_id bigint REFERENCES case_person (id),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  side text NOT NULL CHECK (side IN ('victim', 'offender', 'neither')),
  relation text NOT NULL CHECK (relation IN ('party', 'relative', 'supporter', 'legal_representative', 'community', 'professional', 'other')),
  CHECK (party_id IS NULL OR relation = 'party')
);
CREATE INDEX case_meeting_participant_idx ON case_meeting_participant (meeting_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON case_person, case_upload, case_message, case_meeting, case_meeting_participant TO herstel_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO herstel_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['case_person', 'case_upload', 'case_message', 'case_meeting', 'case_meeting_participant'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO %I USING (true) WITH CHECK (true)', t || '_owner', t, current_user);
    EXECUTE format(
      'CREATE POLICY %I ON %I FOR ALL TO herstel_app USING (herstel_can_see_case(case_id)) WITH CHECK (herstel_can_see_case(case_id))',
      t || '_case_scope', t);
  END LOOP;
END
$$;
