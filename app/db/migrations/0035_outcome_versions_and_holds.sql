-- The outcome questionnaire (ADR 0021), continued: administrators draft and publish new versions
-- of a side's list of questions in the app, and nothing is sent for a case on legal hold.

-- A version is a draft until it is published; a published version never changes again (its
-- questions were answered as they stand). The two versions of migration 0031 were published then.
ALTER TABLE outcome_questionnaire
  ADD COLUMN published_at timestamptz,
  ADD COLUMN created_by bigint REFERENCES staff_user (id),
  ADD COLUMN published_by bigint REFERENCES staff_user (id);
UPDATE outcome_questionnaire SET published_at = introduced_on::timestamptz;
ALTER TABLE outcome_questionnaire
  ADD CONSTRAINT outcome_questionnaire_draft_inactive CHECK (published_at IS NOT NULL OR NOT active);
-- One draft per side at a time.
CREATE UNIQUE INDEX outcome_questionnaire_one_draft ON outcome_questionnaire (side) WHERE published_at IS NULL;

-- Published versions are immutable: their questions cannot be added, changed or removed, and the
-- version itself only loses "active" when a newer one is published. A draft may change freely.
CREATE FUNCTION outcome_questionnaire_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.published_at IS NOT NULL THEN
      RAISE EXCEPTION 'outcome questionnaire %: a published version cannot be removed', OLD.id USING ERRCODE = 'HR010';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.published_at IS NOT NULL AND (NEW.id, NEW.side, NEW.version, NEW.introduced_on, NEW.published_at,
      NEW.created_by, NEW.published_by) IS DISTINCT FROM (OLD.id, OLD.side, OLD.version, OLD.introduced_on,
      OLD.published_at, OLD.created_by, OLD.published_by) THEN
    RAISE EXCEPTION 'outcome questionnaire %: a published version cannot be changed', OLD.id USING ERRCODE = 'HR010';
  END IF;
  IF OLD.published_at IS NOT NULL AND NEW.active AND NOT OLD.active THEN
    RAISE EXCEPTION 'outcome questionnaire %: an older version cannot be made active again', OLD.id USING ERRCODE = 'HR010';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER outcome_questionnaire_guard BEFORE UPDATE OR DELETE ON outcome_questionnaire
  FOR EACH ROW EXECUTE FUNCTION outcome_questionnaire_guard();

CREATE FUNCTION outcome_question_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (SELECT 1 FROM outcome_questionnaire n
      WHERE n.id = OLD.questionnaire_id AND n.published_at IS NOT NULL) THEN
    RAISE EXCEPTION 'outcome question %: its version is published', OLD.id USING ERRCODE = 'HR010';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (SELECT 1 FROM outcome_questionnaire n
      WHERE n.id = NEW.questionnaire_id AND n.published_at IS NOT NULL) THEN
    RAISE EXCEPTION 'outcome question: version % is published', NEW.questionnaire_id USING ERRCODE = 'HR010';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER outcome_question_guard BEFORE INSERT OR UPDATE OR DELETE ON outcome_question
  FOR EACH ROW EXECUTE FUNCTION outcome_question_guard();

-- The app may now write these tables, as an administrator only (row-level security); everyone
-- the app acts for may read them (the person answering reads their version's questions).
GRANT INSERT, UPDATE, DELETE ON outcome_questionnaire, outcome_question TO herstel_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO herstel_app;
ALTER TABLE outcome_questionnaire ENABLE ROW LEVEL SECURITY;
ALTER TABLE outcome_question ENABLE ROW LEVEL SECURITY;
CREATE POLICY outcome_questionnaire_read ON outcome_questionnaire FOR SELECT TO herstel_app USING (true);
CREATE POLICY outcome_questionnaire_admin_insert ON outcome_questionnaire FOR INSERT TO herstel_app
  WITH CHECK (herstel_has_role('administrator'));
CREATE POLICY outcome_questionnaire_admin_update ON outcome_questionnaire FOR UPDATE TO herstel_app
  USING (herstel_has_role('administrator')) WITH CHECK (herstel_has_role('administrator'));
CREATE POLICY outcome_questionnaire_admin_delete ON outcome_questionnaire FOR DELETE TO herstel_app
  USING (herstel_has_role('administrator'));
CREATE POLICY outcome_question_read ON outcome_question FOR SELECT TO herstel_app USING (true);
CREATE POLICY outcome_question_admin_insert ON outcome_question FOR INSERT TO herstel_app
  WITH CHECK (herstel_has_role('administrator'));
CREATE POLICY outcome_question_admin_update ON outcome_question FOR UPDATE TO herstel_app
  USING (herstel_has_role('administrator')) WITH CHECK (herstel_has_role('administrator'));
CREATE POLICY outcome_question_admin_delete ON outcome_question FOR DELETE TO herstel_app
  USING (herstel_has_role('administrator'));

-- Whether a case is on legal hold at a moment (the hold's last day counts, in Dutch time).
CREATE FUNCTION outcome_case_on_hold(p_case_id bigint, p_now timestamptz) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM legal_hold h WHERE h.case_id = p_case_id AND h.lifted_at IS NULL
    AND h.until >= (p_now AT TIME ZONE 'Europe/Amsterdam')::date)
$$;
REVOKE ALL ON FUNCTION outcome_case_on_hold(bigint, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION outcome_case_on_hold(bigint, timestamptz) TO herstel_app;

-- Nothing is sent for a case on legal hold (migration 0030: not lifted and not yet ended): the
-- invitations job does not see its people, so it makes no invitation, sends no link and no
-- reminder, until the hold is lifted or has ended. A restricted case (migration 0034) stays out too.
CREATE OR REPLACE FUNCTION outcome_candidates(p_now timestamptz)
  RETURNS TABLE (case_id bigint, party_id bigint, side text, step text, closed_at timestamptz,
    first_talk_on date, contact bytea, moments text[], in_case_consent boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT c.id, p.id, p.side, c.step, c.closed_at,
    (SELECT min(a.occurred_on) FROM case_activity a WHERE a.case_id = c.id
       AND ((p.role = 'registrant' AND a.kind = 'first_conversation'
             AND (a.party_id IS NULL OR a.party_id = p.id))
         OR (p.role = 'other_party' AND a.kind = 'expectation_conversation' AND a.party_id = p.id))),
    p.contact,
    coalesce((SELECT array_agg(i.moment) FROM outcome_invitation i WHERE i.party_id = p.id), '{}'),
    coalesce((SELECT k.given FROM case_consent k WHERE k.party_id = p.id AND k.purpose = 'outcome_in_case'
      ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1), false)
  FROM case_party p JOIN mediation_case c ON c.id = p.case_id
  WHERE herstel_system_task() = 'outcomes' AND outcome_consent_given(p.id)
    AND c.data_key_id IS NOT NULL AND NOT herstel_case_restricted(c.id)
    AND NOT outcome_case_on_hold(c.id, p_now)
$$;
