-- Justice feedback (terugkoppeling): a text agreed by both parties, sent to the prosecutor or
-- judge, only while the criminal case is pending. And what the parties agreed may be shared,
-- and the referral for aftercare, recorded at closing.
ALTER TABLE mediation_case
  ADD COLUMN case_phase text,
  ADD COLUMN shared_agreement text CHECK (shared_agreement IS NULL OR length(shared_agreement) <= 4000),
  ADD COLUMN aftercare_referral text CHECK (aftercare_referral IS NULL OR length(aftercare_referral) <= 2000);

-- Cases made before this migration: the phase from their registration.
UPDATE mediation_case c SET case_phase = r.answers->>'casePhase' FROM registration r WHERE r.id = c.registration_id;

CREATE TABLE case_justice_feedback (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES mediation_case (id) ON DELETE CASCADE,
  recipient text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 200),
  agreed_text text NOT NULL CHECK (length(agreed_text) BETWEEN 1 AND 10000),
  sent_on date NOT NULL,
  recorded_by bigint REFERENCES staff_user (id),
  recorded_at timestamptz NOT NULL
);
GRANT SELECT, INSERT ON case_justice_feedback TO herstel_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO herstel_app;
ALTER TABLE case_justice_feedback ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_justice_feedback FORCE ROW LEVEL SECURITY;
DO $$
BEGIN
  EXECUTE format('CREATE POLICY justice_feedback_owner ON case_justice_feedback FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;
CREATE POLICY justice_feedback_case_scope ON case_justice_feedback FOR ALL TO herstel_app
  USING (herstel_can_see_case(case_id)) WITH CHECK (herstel_can_see_case(case_id));
