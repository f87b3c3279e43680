-- The case file: parties, consents, activities (conversations, contact moments), the risk
-- assessment, chosen forms of contact and the outcome. Everything here is personal data under
-- the same row-level security as the case.
CREATE TABLE case_party (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES mediation_case (id) ON DELETE CASCADE,
  side text NOT NULL CHECK (side IN ('victim', 'offender')),
  role text NOT NULL CHECK (role IN ('registrant', 'other_party')),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  -- Contact details and safe-contact preferences: never shown in anything meant for the other party.
  contact jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL,
  UNIQUE (case_id, role)
);

-- Consent history: every change is a new row; the latest row per person, purpose and form counts.
CREATE TABLE case_consent (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES mediation_case (id) ON DELETE CASCADE,
  party_id bigint NOT NULL REFERENCES case_party (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('processing', 'approach_other_party', 'share_information', 'contact_form', 'justice_feedback', 'referrer_updates')),
  contact_form text CHECK (contact_form IN ('conversation', 'letter_exchange', 'shuttle', 'video_message', 'group_conference')),
  given boolean NOT NULL,
  method text NOT NULL CHECK (method IN ('written', 'verbal', 'digital')),
  recorded_at timestamptz NOT NULL,
  recorded_by bigint REFERENCES staff_user (id),
  CHECK ((purpose = 'contact_form') = (contact_form IS NOT NULL))
);
CREATE INDEX case_consent_lookup_idx ON case_consent (case_id, party_id, purpose, contact_form, recorded_at);

CREATE TABLE case_activity (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES mediation_case (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('first_conversation', 'expectation_conversation', 'contact_moment', 'call', 'email', 'visit', 'note')),
  party_id bigint REFERENCES case_party (id) ON DELETE SET NULL,
  contact_form text CHECK (contact_form IN ('conversation', 'letter_exchange', 'shuttle', 'video_message', 'group_conference')),
  occurred_on date NOT NULL,
  minutes integer CHECK (minutes BETWEEN 0 AND 1440),
  summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 10000),
  recorded_by bigint REFERENCES staff_user (id),
  recorded_at timestamptz NOT NULL,
  CHECK (kind <> 'contact_moment' OR contact_form IS NOT NULL)
);
CREATE INDEX case_activity_case_idx ON case_activity (case_id, occurred_on);

CREATE TABLE case_risk_assessment (
  case_id bigint PRIMARY KEY REFERENCES mediation_case (id) ON DELETE CASCADE,
  answers jsonb NOT NULL,
  conclusion text NOT NULL CHECK (conclusion IN ('suitable', 'suitable_with_conditions', 'not_suitable')),
  assessed_on date NOT NULL,
  assessed_by bigint REFERENCES staff_user (id),
  recorded_at timestamptz NOT NULL
);

ALTER TABLE mediation_case
  ADD COLUMN chosen_forms text[] NOT NULL DEFAULT '{}',
  ADD COLUMN outcome_contact boolean,
  ADD COLUMN outcome_recorded_at timestamptz;

GRANT SELECT, INSERT, UPDATE, DELETE ON case_party, case_consent, case_activity, case_risk_assessment TO herstel_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO herstel_app;

ALTER TABLE case_party ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_party FORCE ROW LEVEL SECURITY;
ALTER TABLE case_consent ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_consent FORCE ROW LEVEL SECURITY;
ALTER TABLE case_activity ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_activity FORCE ROW LEVEL SECURITY;
ALTER TABLE case_risk_assessment ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_risk_assessment FORCE ROW LEVEL SECURITY;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['case_party', 'case_consent', 'case_activity', 'case_risk_assessment'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO %I USING (true) WITH CHECK (true)', t || '_owner', t, current_user);
    EXECUTE format(
      'CREATE POLICY %I ON %I FOR ALL TO herstel_app USING (herstel_can_see_case(case_id)) WITH CHECK (herstel_can_see_case(case_id))',
      t || '_case_scope', t);
  END LOOP;
END
$$;
-- The intake desk writes the registrant as the first party when it takes a registration up.
CREATE POLICY case_party_intake_create ON case_party FOR INSERT TO herstel_app WITH CHECK (herstel_has_role('intake'));
