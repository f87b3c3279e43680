-- The personal data lifecycle (ADR 0020): a retention schedule, erasure that keeps the annual
-- figures, legal holds, requests of the people in a file (access, erasure, restriction), and the
-- privacy officer's role. Erasure runs as the owner through erase_case/erase_registration, only
-- inside a transaction of the retention task (herstel.system = 'retention', withSystemTask).

-- The privacy officer: sees what the schedule will erase, what was erased (counts), holds and
-- requests; never the content of a file.
ALTER TABLE staff_role DROP CONSTRAINT staff_role_role_check;
ALTER TABLE staff_role ADD CONSTRAINT staff_role_role_check
  CHECK (role IN ('intake', 'mediator', 'coordinator', 'administrator', 'researcher', 'privacy_officer'));
ALTER TABLE access_grant_request DROP CONSTRAINT access_grant_request_add_roles_check;
ALTER TABLE access_grant_request ADD CONSTRAINT access_grant_request_add_roles_check
  CHECK (add_roles <@ ARRAY['intake', 'mediator', 'coordinator', 'administrator', 'researcher', 'privacy_officer']::text[]);

-- The schedule: how long each kind of record is kept after its starting point, with the legal
-- basis written next to it. Administrators change the periods and the text.
CREATE TABLE retention_rule (
  kind text PRIMARY KEY CHECK (kind IN ('case_file', 'case_without_contact', 'registration_not_taken_up', 'outbox_message')),
  keep_months integer NOT NULL CHECK (keep_months BETWEEN 0 AND 1200),
  keep_days integer NOT NULL CHECK (keep_days BETWEEN 0 AND 3660),
  legal_basis text NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 1000),
  updated_at timestamptz,
  updated_by bigint REFERENCES staff_user (id),
  CHECK (keep_months > 0 OR keep_days > 0)
);
INSERT INTO retention_rule (kind, keep_months, keep_days, legal_basis) VALUES
  ('case_file', 60, 0, 'AVG art. 5 lid 1 onder e en art. 10, UAVG art. 32 en 33: het dossier is nodig voor vragen en klachten na afsluiting; 5 jaar volgt de bewaartermijn van de dienst.'),
  ('case_without_contact', 24, 0, 'AVG art. 5 lid 1 onder e: zonder contact tussen de partijen is een korter bewaren genoeg om een nieuwe aanmelding over dezelfde zaak te herkennen.'),
  ('registration_not_taken_up', 12, 0, 'AVG art. 5 lid 1 onder c en e: een aanmelding die niet in behandeling kwam, is na een jaar niet meer nodig.'),
  ('outbox_message', 0, 30, 'AVG art. 5 lid 1 onder e: een verstuurde e-mail is alleen kort nodig om vragen over de bezorging te beantwoorden.');
GRANT SELECT ON retention_rule TO herstel_app;
GRANT UPDATE (keep_months, keep_days, legal_basis, updated_at, updated_by) ON retention_rule TO herstel_app;

-- Legal hold: a case (or a registration not taken up) that must not be erased for now, with a
-- reason code and an end date. Lifted holds stay as history until their file is erased.
CREATE TABLE legal_hold (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint REFERENCES mediation_case (id) ON DELETE CASCADE,
  registration_id bigint REFERENCES registration (id) ON DELETE CASCADE,
  reason text NOT NULL CHECK (reason IN ('complaint', 'court_case', 'person_request', 'other')),
  until date NOT NULL,
  placed_by bigint NOT NULL REFERENCES staff_user (id),
  placed_at timestamptz NOT NULL,
  lifted_by bigint REFERENCES staff_user (id),
  lifted_at timestamptz,
  CHECK ((case_id IS NULL) <> (registration_id IS NULL)),
  CHECK ((lifted_by IS NULL) = (lifted_at IS NULL))
);
CREATE INDEX legal_hold_case_idx ON legal_hold (case_id) WHERE lifted_at IS NULL;
CREATE INDEX legal_hold_registration_idx ON legal_hold (registration_id) WHERE lifted_at IS NULL;

-- What remains of an erased case or registration: its reference, dates and the rule (or request)
-- under which it was erased. No categories (those are in erased_registration_fact), no names.
CREATE TABLE erasure_tombstone (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  object_type text NOT NULL CHECK (object_type IN ('case', 'registration')),
  object_id bigint NOT NULL,
  reference text NOT NULL,
  -- For who may see the tombstone: the coordinators of the region, as with the case.
  region_id integer REFERENCES region (id),
  received_on date,
  taken_up_on date,
  closed_on date,
  erased_at timestamptz NOT NULL,
  rule text NOT NULL CHECK (rule IN ('case_file', 'case_without_contact', 'registration_not_taken_up', 'request')),
  request_id bigint,
  registrations integer NOT NULL DEFAULT 1,
  UNIQUE (object_type, object_id)
);
CREATE INDEX erasure_tombstone_erased_idx ON erasure_tombstone (erased_at);

-- The facts the annual figures count of an erased registration, exactly as statistics_fact held
-- them at erasure: categories, region and dates. The view below counts them as before, so every
-- figure of every year stays the same.
CREATE TABLE erased_registration_fact (
  source_id bigint PRIMARY KEY,
  received_on date NOT NULL,
  taken_up_on date,
  submitted_by text NOT NULL,
  referrer_type text,
  registrant_side text NOT NULL,
  registrant_role text NOT NULL,
  offence_category text NOT NULL,
  region_id integer,
  first_conversation_on date,
  contact_on date,
  forms text[] NOT NULL,
  both_agreed boolean,
  closed_on date,
  no_contact_reason text,
  lead_mediator_id bigint
);

-- Requests of the people in a file (GDPR art. 15-18). A coordinator records one; another
-- coordinator decides it (four eyes); the decision and its reason are kept. Due in one month.
CREATE TABLE privacy_request (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'restriction')),
  -- No foreign key: the request outlives the case it erased.
  case_id bigint NOT NULL,
  case_reference text NOT NULL,
  region_id integer REFERENCES region (id),
  -- Whose request: the registrant or the other party (their own data only).
  party_role text NOT NULL CHECK (party_role IN ('registrant', 'other_party')),
  received_on date NOT NULL,
  due_on date NOT NULL,
  recorded_by bigint NOT NULL REFERENCES staff_user (id),
  recorded_at timestamptz NOT NULL,
  decision text CHECK (decision IN ('approved', 'rejected')),
  decision_reason text CHECK (length(decision_reason) BETWEEN 1 AND 500),
  decided_by bigint REFERENCES staff_user (id),
  decided_at timestamptz,
  -- A restriction holds from its approval until it is lifted.
  lifted_by bigint REFERENCES staff_user (id),
  lifted_at timestamptz,
  CHECK (due_on >= received_on),
  CHECK (decision IS NULL OR decided_by <> recorded_by),
  CHECK ((decision IS NULL) = (decided_by IS NULL) AND (decision IS NULL) = (decided_at IS NULL)
         AND (decision IS NULL) = (decision_reason IS NULL)),
  CHECK (lifted_at IS NULL OR (kind = 'restriction' AND decision = 'approved')),
  CHECK ((lifted_by IS NULL) = (lifted_at IS NULL))
);
CREATE INDEX privacy_request_open_idx ON privacy_request (due_on) WHERE decision IS NULL;
CREATE INDEX privacy_request_case_idx ON privacy_request (case_id);

GRANT SELECT, INSERT, UPDATE ON legal_hold, privacy_request TO herstel_app;
GRANT SELECT ON erasure_tombstone TO herstel_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO herstel_app;

-- Row-level security: holds and requests of a case are for those who may see the case, and for
-- the privacy officer (dates, codes and references only). Tombstones likewise by region.
ALTER TABLE legal_hold ENABLE ROW LEVEL SECURITY;
ALTER TABLE legal_hold FORCE ROW LEVEL SECURITY;
ALTER TABLE privacy_request ENABLE ROW LEVEL SECURITY;
ALTER TABLE privacy_request FORCE ROW LEVEL SECURITY;
ALTER TABLE erasure_tombstone ENABLE ROW LEVEL SECURITY;
ALTER TABLE erasure_tombstone FORCE ROW LEVEL SECURITY;

CREATE FUNCTION herstel_in_actor_regions(p_region_id integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT p_region_id::text = ANY (string_to_array(coalesce(current_setting('herstel.actor_regions', true), ''), ','))
$$;
GRANT EXECUTE ON FUNCTION herstel_in_actor_regions(integer) TO herstel_app;

CREATE POLICY legal_hold_read ON legal_hold FOR SELECT TO herstel_app
  USING (herstel_has_role('privacy_officer') OR current_setting('herstel.system', true) = 'retention'
         OR (case_id IS NOT NULL AND herstel_can_see_case(case_id)));
CREATE POLICY legal_hold_write ON legal_hold FOR ALL TO herstel_app
  USING (herstel_has_role('coordinator') AND case_id IS NOT NULL AND herstel_can_see_case(case_id))
  WITH CHECK (herstel_has_role('coordinator') AND case_id IS NOT NULL AND herstel_can_see_case(case_id));

CREATE POLICY privacy_request_read ON privacy_request FOR SELECT TO herstel_app
  USING (herstel_has_role('privacy_officer') OR current_setting('herstel.system', true) = 'retention'
         OR (herstel_has_role('coordinator') AND (herstel_can_see_case(case_id) OR herstel_in_actor_regions(region_id))));
CREATE POLICY privacy_request_write ON privacy_request FOR ALL TO herstel_app
  USING (herstel_has_role('coordinator') AND (herstel_can_see_case(case_id) OR herstel_in_actor_regions(region_id)))
  WITH CHECK (herstel_has_role('coordinator') AND (herstel_can_see_case(case_id) OR herstel_in_actor_regions(region_id)));

CREATE POLICY erasure_tombstone_read ON erasure_tombstone FOR SELECT TO herstel_app
  USING (herstel_has_role('privacy_officer') OR (herstel_has_role('coordinator') AND herstel_in_actor_regions(region_id)));

DO $$
BEGIN
  EXECUTE format('CREATE POLICY legal_hold_owner ON legal_hold FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
  EXECUTE format('CREATE POLICY privacy_request_owner ON privacy_request FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
  EXECUTE format('CREATE POLICY erasure_tombstone_owner ON erasure_tombstone FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;

-- The annual figures count erased registrations from their kept facts, under the same source and
-- number, so statistics_fact gets back exactly the row it had.
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
FROM historic_registration h
UNION ALL
SELECT
  'app'::text,
  e.source_id,
  e.received_on,
  e.taken_up_on,
  e.submitted_by,
  e.referrer_type,
  e.registrant_side,
  e.registrant_role,
  e.offence_category,
  e.region_id,
  e.first_conversation_on,
  e.contact_on,
  e.forms,
  e.both_agreed,
  e.closed_on,
  e.no_contact_reason,
  e.lead_mediator_id
FROM erased_registration_fact e;

-- What the schedule finds due on a day: closed cases and registrations never taken up, with the
-- day their period started, the day they fall due and whether a legal hold keeps them. For the
-- retention task and the privacy officer (references and dates only, never content).
CREATE FUNCTION retention_due(p_as_of date)
  RETURNS TABLE (kind text, object_type text, object_id bigint, reference text, region_id integer,
                 anchor_on date, due_on date, held boolean)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF NOT (current_setting('herstel.system', true) = 'retention' OR herstel_has_role('privacy_officer')) THEN
    RAISE EXCEPTION 'retention_due: only the retention task and the privacy officer' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY
  WITH items AS (
    SELECT CASE WHEN c.outcome_contact IS TRUE THEN 'case_file' ELSE 'case_without_contact' END AS kind,
           'case'::text AS object_type, c.id AS object_id, c.reference, c.region_id,
           (c.closed_at AT TIME ZONE 'Europe/Amsterdam')::date AS anchor_on
    FROM mediation_case c WHERE c.step = 'closed' AND c.closed_at IS NOT NULL
    UNION ALL
    SELECT 'registration_not_taken_up', 'registration', r.id, r.reference, r.region_id,
           (r.received_at AT TIME ZONE 'Europe/Amsterdam')::date
    FROM registration r
    WHERE r.case_id IS NULL AND r.status IN ('received', 'closed')
      AND NOT EXISTS (SELECT 1 FROM mediation_case c WHERE c.registration_id = r.id)
  )
  SELECT i.kind, i.object_type, i.object_id, i.reference, i.region_id, i.anchor_on,
         (i.anchor_on + make_interval(months => k.keep_months, days => k.keep_days))::date AS due_on,
         EXISTS (SELECT 1 FROM legal_hold h
                 WHERE h.lifted_at IS NULL AND h.until >= p_as_of
                   AND ((i.object_type = 'case' AND h.case_id = i.object_id)
                        OR (i.object_type = 'registration' AND h.registration_id = i.object_id))) AS held
  FROM items i JOIN retention_rule k ON k.kind = i.kind
  WHERE (i.anchor_on + make_interval(months => k.keep_months, days => k.keep_days))::date <= p_as_of
  ORDER BY 7, 2, 3;
END
$$;
REVOKE ALL ON FUNCTION retention_due(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION retention_due(date) TO herstel_app;

-- Keeps what the annual figures count of these registrations (read before anything of theirs
-- is deleted), so that the view above gives the same rows after they are gone.
CREATE FUNCTION keep_registration_facts(p_ids bigint[]) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM refresh_statistics_fact();
  INSERT INTO erased_registration_fact (source_id, received_on, taken_up_on, submitted_by, referrer_type,
    registrant_side, registrant_role, offence_category, region_id, first_conversation_on, contact_on, forms,
    both_agreed, closed_on, no_contact_reason, lead_mediator_id)
  SELECT source_id, received_on, taken_up_on, submitted_by, referrer_type, registrant_side, registrant_role,
    offence_category, region_id, first_conversation_on, contact_on, forms, both_agreed, closed_on,
    no_contact_reason, lead_mediator_id
  FROM statistics_fact WHERE source = 'app' AND source_id = ANY (p_ids);
END
$$;
REVOKE ALL ON FUNCTION keep_registration_facts(bigint[]) FROM PUBLIC;

-- Deletes these registrations and these data keys, noting the keys in the erasure ledger (so
-- that a restore of an older backup deletes them again: crypto-shredding, ADR 0017).
CREATE FUNCTION delete_registrations_and_keys(p_ids bigint[], p_key_ids bigint[]) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  DELETE FROM break_glass_grant WHERE object_type = 'registration' AND object_id = ANY (p_ids);
  DELETE FROM legal_hold WHERE registration_id = ANY (p_ids);
  DELETE FROM registration WHERE id = ANY (p_ids);
  INSERT INTO data_key_erasure (data_key_id, erased_at)
  SELECT k, now() FROM unnest(p_key_ids) k ON CONFLICT (data_key_id) DO NOTHING;
  DELETE FROM data_key WHERE id = ANY (p_key_ids);
END
$$;
REVOKE ALL ON FUNCTION delete_registrations_and_keys(bigint[], bigint[]) FROM PUBLIC;

-- Erases a case with every registration that belongs to it; answers how many registrations went.
-- Refused while a legal hold lasts (SQLSTATE HR002) and outside the retention task.
CREATE FUNCTION erase_case(p_case_id bigint, p_rule text, p_request_id bigint, p_as_of date) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_case mediation_case%ROWTYPE;
  v_regs bigint[];
  v_keys bigint[];
  v_received date;
BEGIN
  IF current_setting('herstel.system', true) IS DISTINCT FROM 'retention' THEN
    RAISE EXCEPTION 'erase_case: only the retention task erases' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO v_case FROM mediation_case WHERE id = p_case_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM legal_hold WHERE case_id = p_case_id AND lifted_at IS NULL AND until >= p_as_of) THEN
    RAISE EXCEPTION 'erase_case: the case is on legal hold' USING ERRCODE = 'HR002';
  END IF;
  v_regs := ARRAY(SELECT id FROM registration WHERE id = v_case.registration_id OR case_id = p_case_id ORDER BY id);
  v_keys := ARRAY(
    SELECT DISTINCT k FROM (
      SELECT v_case.data_key_id AS k
      UNION ALL SELECT data_key_id FROM registration WHERE id = ANY (v_regs)
    ) x WHERE k IS NOT NULL);
  SELECT (received_at AT TIME ZONE 'Europe/Amsterdam')::date INTO v_received
  FROM registration WHERE id = v_case.registration_id;
  INSERT INTO erasure_tombstone (object_type, object_id, reference, region_id, received_on, taken_up_on, closed_on,
    erased_at, rule, request_id, registrations)
  VALUES ('case', p_case_id, v_case.reference, v_case.region_id, v_received,
    (v_case.taken_up_at AT TIME ZONE 'Europe/Amsterdam')::date, (v_case.closed_at AT TIME ZONE 'Europe/Amsterdam')::date,
    now(), p_rule, p_request_id, cardinality(v_regs));
  -- The facts first (they read the case), then the case, then its registrations and keys.
  PERFORM keep_registration_facts(v_regs);
  DELETE FROM break_glass_grant WHERE object_type = 'case' AND object_id = p_case_id;
  UPDATE registration SET case_id = NULL WHERE id = ANY (v_regs);
  DELETE FROM mediation_case WHERE id = p_case_id;
  PERFORM delete_registrations_and_keys(v_regs, v_keys);
  RETURN cardinality(v_regs);
END
$$;
REVOKE ALL ON FUNCTION erase_case(bigint, text, bigint, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_case(bigint, text, bigint, date) TO herstel_app;

-- Erases a registration that never became a case. Refused while a legal hold lasts.
CREATE FUNCTION erase_registration(p_id bigint, p_rule text, p_as_of date) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_reg registration%ROWTYPE;
BEGIN
  IF current_setting('herstel.system', true) IS DISTINCT FROM 'retention' THEN
    RAISE EXCEPTION 'erase_registration: only the retention task erases' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO v_reg FROM registration WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF v_reg.case_id IS NOT NULL OR EXISTS (SELECT 1 FROM mediation_case WHERE registration_id = p_id) THEN
    RAISE EXCEPTION 'erase_registration: the registration belongs to a case' USING ERRCODE = '55000';
  END IF;
  IF EXISTS (SELECT 1 FROM legal_hold WHERE registration_id = p_id AND lifted_at IS NULL AND until >= p_as_of) THEN
    RAISE EXCEPTION 'erase_registration: the registration is on legal hold' USING ERRCODE = 'HR002';
  END IF;
  INSERT INTO erasure_tombstone (object_type, object_id, reference, region_id, received_on, erased_at, rule)
  VALUES ('registration', p_id, v_reg.reference, v_reg.region_id,
    (v_reg.received_at AT TIME ZONE 'Europe/Amsterdam')::date, now(), p_rule);
  PERFORM keep_registration_facts(ARRAY[p_id]);
  PERFORM delete_registrations_and_keys(ARRAY[p_id],
    CASE WHEN v_reg.data_key_id IS NULL THEN ARRAY[]::bigint[] ELSE ARRAY[v_reg.data_key_id] END);
  RETURN true;
END
$$;
REVOKE ALL ON FUNCTION erase_registration(bigint, text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_registration(bigint, text, date) TO herstel_app;

-- E-mail sent longer ago than its period, and sessions that can no longer be used (ended, idle
-- for 30 minutes or older than 12 hours: SECURITY.md 11). Answers what went, per kind.
CREATE FUNCTION retention_purge_technical(p_now timestamptz, p_apply boolean)
  RETURNS TABLE (messages bigint, sessions bigint)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_keep interval;
BEGIN
  IF current_setting('herstel.system', true) IS DISTINCT FROM 'retention' THEN
    RAISE EXCEPTION 'retention_purge_technical: only the retention task' USING ERRCODE = '42501';
  END IF;
  SELECT make_interval(months => keep_months, days => keep_days) INTO v_keep FROM retention_rule WHERE kind = 'outbox_message';
  IF p_apply THEN
    WITH m AS (DELETE FROM outbox_message WHERE status = 'sent' AND sent_at + v_keep <= p_now RETURNING 1),
         s AS (DELETE FROM staff_session
               WHERE ended_at IS NOT NULL OR last_seen_at + interval '30 minutes' <= p_now
                  OR created_at + interval '12 hours' <= p_now RETURNING 1)
    SELECT (SELECT count(*) FROM m), (SELECT count(*) FROM s) INTO messages, sessions;
  ELSE
    SELECT (SELECT count(*) FROM outbox_message WHERE status = 'sent' AND sent_at + v_keep <= p_now),
           (SELECT count(*) FROM staff_session
            WHERE ended_at IS NOT NULL OR last_seen_at + interval '30 minutes' <= p_now
               OR created_at + interval '12 hours' <= p_now)
    INTO messages, sessions;
  END IF;
  RETURN NEXT;
END
$$;
REVOKE ALL ON FUNCTION retention_purge_technical(timestamptz, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION retention_purge_technical(timestamptz, boolean) TO herstel_app;

-- Counts of what was erased, for the privacy officer: per rule and month, never a reference.
CREATE FUNCTION erasure_counts() RETURNS TABLE (rule text, object_type text, month date, objects bigint, registrations bigint)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF NOT herstel_has_role('privacy_officer') THEN
    RAISE EXCEPTION 'erasure_counts: only the privacy officer' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY
  SELECT t.rule, t.object_type, date_trunc('month', t.erased_at AT TIME ZONE 'Europe/Amsterdam')::date,
         count(*), sum(t.registrations)::bigint
  FROM erasure_tombstone t GROUP BY 1, 2, 3 ORDER BY 3 DESC, 1, 2;
END
$$;
REVOKE ALL ON FUNCTION erasure_counts() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erasure_counts() TO herstel_app;

-- Restriction (GDPR art. 18): while an approved restriction of a case is not lifted, the app may
-- not change the case file (SQLSTATE HR001). Erasure runs as the owner and is not stopped.
CREATE FUNCTION herstel_case_restricted(p_case_id bigint) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM privacy_request r
                 WHERE r.case_id = p_case_id AND r.kind = 'restriction' AND r.decision = 'approved' AND r.lifted_at IS NULL)
$$;
REVOKE ALL ON FUNCTION herstel_case_restricted(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION herstel_case_restricted(bigint) TO herstel_app;

CREATE FUNCTION herstel_refuse_restricted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_case bigint;
BEGIN
  IF current_user <> 'herstel_app' THEN
    RETURN coalesce(NEW, OLD);
  END IF;
  IF TG_TABLE_NAME = 'mediation_case' THEN
    v_case := coalesce(NEW.id, OLD.id);
  ELSIF TG_OP = 'DELETE' THEN
    v_case := OLD.case_id;
  ELSE
    v_case := NEW.case_id;
  END IF;
  IF herstel_case_restricted(v_case) THEN
    RAISE EXCEPTION 'the case file is restricted' USING ERRCODE = 'HR001';
  END IF;
  RETURN coalesce(NEW, OLD);
END
$$;

DO $$
DECLARE t text;
BEGIN
  EXECUTE 'CREATE TRIGGER mediation_case_restricted BEFORE UPDATE ON mediation_case
    FOR EACH ROW EXECUTE FUNCTION herstel_refuse_restricted()';
  FOREACH t IN ARRAY ARRAY['case_assignment', 'case_party', 'case_consent', 'case_activity', 'case_risk_assessment',
    'case_task', 'case_justice_feedback', 'case_person', 'case_upload', 'case_message', 'case_meeting',
    'case_meeting_participant'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I
      FOR EACH ROW EXECUTE FUNCTION herstel_refuse_restricted()', t || '_restricted', t);
  END LOOP;
END
$$;

-- Every legal hold with its case's reference, for the privacy officer (who may not open the
-- case itself): active ones and those whose end date has passed, to review.
CREATE FUNCTION legal_hold_overview() RETURNS TABLE (id bigint, case_id bigint, reference text, reason text,
  until date, placed_at timestamptz, lifted_at timestamptz)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF NOT herstel_has_role('privacy_officer') THEN
    RAISE EXCEPTION 'legal_hold_overview: only the privacy officer' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY
  SELECT h.id, h.case_id, coalesce(c.reference, r.reference), h.reason, h.until, h.placed_at, h.lifted_at
  FROM legal_hold h
  LEFT JOIN mediation_case c ON c.id = h.case_id
  LEFT JOIN registration r ON r.id = h.registration_id
  ORDER BY h.lifted_at IS NOT NULL, h.until, h.id;
END
$$;
REVOKE ALL ON FUNCTION legal_hold_overview() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION legal_hold_overview() TO herstel_app;
