-- The annual figures on large volumes (issue "annual figures", part "Performance"). The view
-- registration_fact (0019) computes every row from the case tables, and a period's rows are
-- found by conditions on those computed columns, so every figure computed the whole view: seconds
-- on a million registrations. Here the view's rows are kept in a table with an index per date the
-- figures select on; the view stays the definition, and the table is always refilled from it.
--
-- Keeping it current: triggers on every table the view reads only note which registrations
-- changed (statistics_fact_stale); refresh_statistics_fact(), called before the figures are read,
-- recomputes exactly those rows from the view. Writers therefore never wait for each other or
-- for a reader, and concurrent refreshes take turns (an advisory lock), so no refresh can
-- overwrite a newer one. A migration that changes the view must refill this table.
CREATE TABLE statistics_fact (
  source text NOT NULL CHECK (source IN ('app', 'import')),
  source_id bigint NOT NULL,
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
  both_agreed boolean NOT NULL,
  closed_on date,
  no_contact_reason text,
  lead_mediator_id bigint,
  -- The days the case was open: taken up, not yet closed. "Open at the end of the period" is
  -- then one condition an index can answer (open_days @> the last day).
  open_days daterange GENERATED ALWAYS AS (
    CASE WHEN taken_up_on IS NULL OR closed_on <= taken_up_on THEN 'empty'::daterange
         ELSE daterange(taken_up_on, closed_on, '[)') END) STORED,
  PRIMARY KEY (source, source_id)
);
CREATE INDEX statistics_fact_received_idx ON statistics_fact (received_on);
CREATE INDEX statistics_fact_taken_up_idx ON statistics_fact (taken_up_on);
CREATE INDEX statistics_fact_closed_idx ON statistics_fact (closed_on);
CREATE INDEX statistics_fact_first_conversation_idx ON statistics_fact (first_conversation_on);
CREATE INDEX statistics_fact_contact_idx ON statistics_fact (contact_on);
CREATE INDEX statistics_fact_open_idx ON statistics_fact USING gist (open_days);

-- Registrations whose row may be out of date. No key: writers only ever append.
CREATE TABLE statistics_fact_stale (
  source text NOT NULL,
  source_id bigint NOT NULL
);

INSERT INTO statistics_fact (source, source_id, received_on, taken_up_on, submitted_by, referrer_type,
  registrant_side, registrant_role, offence_category, region_id, first_conversation_on, contact_on, forms,
  both_agreed, closed_on, no_contact_reason, lead_mediator_id)
SELECT source, source_id, received_on, taken_up_on, submitted_by, referrer_type, registrant_side, registrant_role,
  offence_category, region_id, first_conversation_on, contact_on, forms, both_agreed, closed_on, no_contact_reason,
  lead_mediator_id
FROM registration_fact;

-- Brings the rows noted as stale up to date from the view; returns how many it recomputed.
-- SECURITY DEFINER: the application role reads the figures but writes neither table itself.
CREATE FUNCTION refresh_statistics_fact() RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  app_ids bigint[];
  import_ids bigint[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM statistics_fact_stale) THEN
    RETURN 0;
  END IF;
  -- One refresh at a time; the next one starts from what this one committed.
  PERFORM pg_advisory_xact_lock(727202620);
  WITH taken AS (DELETE FROM statistics_fact_stale RETURNING source, source_id)
  SELECT coalesce(array_agg(DISTINCT source_id) FILTER (WHERE source = 'app'), '{}'),
         coalesce(array_agg(DISTINCT source_id) FILTER (WHERE source = 'import'), '{}')
  INTO app_ids, import_ids
  FROM taken;
  DELETE FROM statistics_fact WHERE source = 'app' AND source_id = ANY (app_ids);
  DELETE FROM statistics_fact WHERE source = 'import' AND source_id = ANY (import_ids);
  INSERT INTO statistics_fact (source, source_id, received_on, taken_up_on, submitted_by, referrer_type,
    registrant_side, registrant_role, offence_category, region_id, first_conversation_on, contact_on, forms,
    both_agreed, closed_on, no_contact_reason, lead_mediator_id)
  SELECT source, source_id, received_on, taken_up_on, submitted_by, referrer_type, registrant_side, registrant_role,
    offence_category, region_id, first_conversation_on, contact_on, forms, both_agreed, closed_on, no_contact_reason,
    lead_mediator_id
  FROM registration_fact
  WHERE (source = 'app' AND source_id = ANY (app_ids)) OR (source = 'import' AND source_id = ANY (import_ids));
  RETURN cardinality(app_ids) + cardinality(import_ids);
END
$$;
REVOKE ALL ON FUNCTION refresh_statistics_fact() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION refresh_statistics_fact() TO herstel_app;
GRANT SELECT ON statistics_fact TO herstel_app;

-- The triggers: statement-level, with the statement's rows as transition tables, so that a bulk
-- insert notes its registrations in one statement. TRUNCATE notes every row of its source.
CREATE FUNCTION statistics_fact_note_registration() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO statistics_fact_stale SELECT 'app', source_id FROM statistics_fact WHERE source = 'app';
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO statistics_fact_stale SELECT 'app', id FROM new_rows;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO statistics_fact_stale SELECT 'app', id FROM new_rows UNION SELECT 'app', id FROM old_rows;
  ELSE
    INSERT INTO statistics_fact_stale SELECT 'app', id FROM old_rows;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION statistics_fact_note_case() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO statistics_fact_stale SELECT 'app', source_id FROM statistics_fact WHERE source = 'app';
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO statistics_fact_stale SELECT 'app', registration_id FROM new_rows;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO statistics_fact_stale
    SELECT 'app', registration_id FROM new_rows UNION SELECT 'app', registration_id FROM old_rows;
  ELSE
    INSERT INTO statistics_fact_stale SELECT 'app', registration_id FROM old_rows;
  END IF;
  RETURN NULL;
END
$$;

-- For case_activity, case_consent and case_assignment: the registration of the row's case. A
-- case deleted with its rows is noted by the trigger on mediation_case.
CREATE FUNCTION statistics_fact_note_case_detail() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO statistics_fact_stale SELECT 'app', source_id FROM statistics_fact WHERE source = 'app';
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO statistics_fact_stale
    SELECT 'app', c.registration_id FROM mediation_case c WHERE c.id IN (SELECT case_id FROM new_rows);
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO statistics_fact_stale
    SELECT 'app', c.registration_id FROM mediation_case c
    WHERE c.id IN (SELECT case_id FROM new_rows UNION SELECT case_id FROM old_rows);
  ELSE
    INSERT INTO statistics_fact_stale
    SELECT 'app', c.registration_id FROM mediation_case c WHERE c.id IN (SELECT case_id FROM old_rows);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION statistics_fact_note_import() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO statistics_fact_stale SELECT 'import', source_id FROM statistics_fact WHERE source = 'import';
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO statistics_fact_stale SELECT 'import', id FROM new_rows;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO statistics_fact_stale SELECT 'import', id FROM new_rows UNION SELECT 'import', id FROM old_rows;
  ELSE
    INSERT INTO statistics_fact_stale SELECT 'import', id FROM old_rows;
  END IF;
  RETURN NULL;
END
$$;

DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('registration', 'statistics_fact_note_registration'),
    ('mediation_case', 'statistics_fact_note_case'),
    ('case_activity', 'statistics_fact_note_case_detail'),
    ('case_consent', 'statistics_fact_note_case_detail'),
    ('case_assignment', 'statistics_fact_note_case_detail'),
    ('historic_registration', 'statistics_fact_note_import')) v(tab, fn)
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION %I()', t.tab || '_statistics_insert', t.tab, t.fn);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION %I()', t.tab || '_statistics_update', t.tab, t.fn);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION %I()', t.tab || '_statistics_delete', t.tab, t.fn);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION %I()', t.tab || '_statistics_truncate', t.tab, t.fn);
  END LOOP;
END
$$;
