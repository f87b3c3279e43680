-- Corrections to the annual figures after a review (2026-12-01).
--
-- Imported registrations: whether both parties agreed to a form of contact is what the import
-- file says (the optional column both_agreed), and unknown when it says nothing. Before, it
-- followed the outcome (contact: yes, otherwise no), which made the contact rate over "both
-- agreed" 100% for every imported year: a case without contact never counted as agreed.
-- Unknown rows count in neither part of that rate.
ALTER TABLE historic_registration ADD COLUMN both_agreed boolean;
-- A later file may fill it in for rows imported before it existed (and only that).
GRANT UPDATE (both_agreed) ON historic_registration TO herstel_app;
-- Contact needs both parties' consent, in the app and so in the history.
ALTER TABLE historic_registration ADD CONSTRAINT historic_registration_contact_agreed
  CHECK (outcome <> 'contact' OR both_agreed IS NOT FALSE);

-- A registration linked to another registration's case (the second registration about the
-- same events: status 'linked', registration.case_id) has no case of its own. It now takes its
-- region, contact, forms and agreement from the case it joined: it led to contact when that case
-- did. Taking up, the first conversation, the date of first contact (for the durations: it may
-- precede the linked registration), closing, the reason and the mediator stay with the case's
-- own registration, so a case is counted once as taken up and once as closed.
CREATE OR REPLACE VIEW registration_fact AS
SELECT
  'app'::text AS source,
  r.id AS source_id,
  (r.received_at AT TIME ZONE 'Europe/Amsterdam')::date AS received_on,
  (c.taken_up_at AT TIME ZONE 'Europe/Amsterdam')::date AS taken_up_on,
  r.submitted_by,
  r.referrer_type,
  r.registrant_side,
  r.registrant_role,
  r.offence_category,
  coalesce(c.region_id, lc.region_id, r.region_id) AS region_id,
  (SELECT min(a.occurred_on) FROM case_activity a
   WHERE a.case_id = c.id AND a.kind = 'first_conversation') AS first_conversation_on,
  (SELECT min(a.occurred_on) FROM case_activity a
   WHERE a.case_id = c.id AND a.kind = 'contact_moment') AS contact_on,
  coalesce((SELECT array_agg(DISTINCT a.contact_form ORDER BY a.contact_form) FROM case_activity a
            WHERE a.case_id = coalesce(c.id, lc.id) AND a.kind = 'contact_moment'), '{}'::text[]) AS forms,
  coalesce((SELECT count(DISTINCT k.party_id) = 2 FROM case_consent k
            WHERE k.case_id = coalesce(c.id, lc.id) AND k.purpose = 'contact_form' AND k.given), false) AS both_agreed,
  (c.closed_at AT TIME ZONE 'Europe/Amsterdam')::date AS closed_on,
  c.no_contact_reason,
  (SELECT a.user_id FROM case_assignment a WHERE a.case_id = c.id AND a.role = 'lead' LIMIT 1) AS lead_mediator_id
FROM registration r
LEFT JOIN mediation_case c ON c.registration_id = r.id
LEFT JOIN mediation_case lc ON lc.id = r.case_id AND c.id IS NULL
UNION ALL
SELECT
  'import'::text,
  h.id,
  h.received_on,
  h.taken_up_on,
  h.submitted_by,
  h.referrer_type,
  h.registrant_side,
  h.registrant_role,
  h.offence_category,
  h.region_id,
  NULL::date,
  NULL::date,
  h.forms,
  h.both_agreed,
  h.closed_on,
  h.no_contact_reason,
  NULL::bigint
FROM historic_registration h;

ALTER TABLE statistics_fact ALTER COLUMN both_agreed DROP NOT NULL;
-- The imported rows' facts change: the next read of the figures recomputes them.
INSERT INTO statistics_fact_stale (source, source_id) SELECT 'import', id FROM historic_registration;

-- A change to a case also changes the facts of the registrations linked to it.
CREATE INDEX registration_case_idx ON registration (case_id) WHERE case_id IS NOT NULL;
CREATE OR REPLACE FUNCTION statistics_fact_note_cases(case_ids bigint[]) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO statistics_fact_stale
  SELECT 'app', c.registration_id FROM mediation_case c WHERE c.id = ANY (case_ids)
  UNION
  SELECT 'app', r.id FROM registration r WHERE r.case_id = ANY (case_ids);
$$;
REVOKE ALL ON FUNCTION statistics_fact_note_cases(bigint[]) FROM PUBLIC;

CREATE OR REPLACE FUNCTION statistics_fact_note_case() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO statistics_fact_stale SELECT 'app', source_id FROM statistics_fact WHERE source = 'app';
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM statistics_fact_note_cases(ARRAY(SELECT id FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    -- The registration a case belonged to before, should that have changed.
    INSERT INTO statistics_fact_stale SELECT 'app', registration_id FROM old_rows;
    PERFORM statistics_fact_note_cases(ARRAY(SELECT id FROM new_rows));
  ELSE
    INSERT INTO statistics_fact_stale SELECT 'app', registration_id FROM old_rows;
    INSERT INTO statistics_fact_stale SELECT 'app', r.id FROM registration r WHERE r.case_id IN (SELECT id FROM old_rows);
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION statistics_fact_note_case_detail() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO statistics_fact_stale SELECT 'app', source_id FROM statistics_fact WHERE source = 'app';
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM statistics_fact_note_cases(ARRAY(SELECT DISTINCT case_id FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM statistics_fact_note_cases(ARRAY(SELECT case_id FROM new_rows UNION SELECT case_id FROM old_rows));
  ELSE
    PERFORM statistics_fact_note_cases(ARRAY(SELECT DISTINCT case_id FROM old_rows));
  END IF;
  RETURN NULL;
END
$$;

-- Every registration linked to a case gets its facts recomputed by the next read.
INSERT INTO statistics_fact_stale (source, source_id) SELECT 'app', id FROM registration WHERE status = 'linked';


-- The day a case's registration came in (Dutch time), for whoever may see the case: nothing in
-- the case can have happened before it. The registration itself stays behind its own policy.
CREATE FUNCTION case_received_on(p_case_id bigint) RETURNS date
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT (r.received_at AT TIME ZONE 'Europe/Amsterdam')::date
  FROM mediation_case c JOIN registration r ON r.id = c.registration_id
  WHERE c.id = p_case_id AND herstel_can_see_case(p_case_id)
$$;
REVOKE ALL ON FUNCTION case_received_on(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_received_on(bigint) TO herstel_app;
