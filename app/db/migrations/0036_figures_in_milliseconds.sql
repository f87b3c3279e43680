-- The annual figures in milliseconds (issue 16, "Figures in milliseconds"). The figures were
-- counted on statistics_fact (0020): a year read every row of the year, twenty years every row.
-- Here statistics_fact is summed up by month and by year, for each region and for all regions
-- together, in statistics_rollup: per figure ("kind") the counts of each value it looks at, and
-- for the durations a histogram by whole days (for the medians and 90th percentiles). A figure
-- for a period adds the whole years and whole months inside it from this table, and the days of
-- a period that does not start or end on a month boundary from statistics_fact itself.
--
-- Keeping it current: a trigger on statistics_fact adds what each inserted row counts and
-- subtracts what each deleted row counted. statistics_fact changes only through
-- refresh_statistics_fact() (0020), which the triggers on the case tables feed; erased
-- registrations keep their fact rows (0030), so the rollup stays equal to statistics_fact.

-- What one fact row counts: a kind, the values it is counted under, and the day that decides
-- the period it falls in. The one definition of the rollup's contents: the trigger and the reads
-- of partial months both use it. Plain SQL, so the planner inlines it.
-- Its arguments are the columns of statistics_fact of the same names, in this order.
CREATE FUNCTION statistics_fact_parts(
  received_on date, taken_up_on date, first_conversation_on date, contact_on date, closed_on date,
  submitted_by text, referrer_type text, registrant_side text, registrant_role text, offence_category text,
  forms text[], both_agreed boolean, no_contact_reason text, lead_mediator_id bigint
) RETURNS TABLE (kind text, key text[], day date)
  LANGUAGE sql IMMUTABLE AS $$
  SELECT v.kind, v.key, v.day
  FROM (VALUES
    -- Received: channel, referrer type (of referrers), side, role, offence with contact.
    ('channel', ARRAY[submitted_by], received_on),
    ('referrer', CASE WHEN submitted_by = 'referrer' THEN ARRAY[coalesce(referrer_type, 'unknown')] END,
     received_on),
    ('side', ARRAY[registrant_side], received_on),
    ('role', ARRAY[registrant_role], received_on),
    ('offence', ARRAY[offence_category, (cardinality(forms) > 0)::text], received_on),
    -- Taken up, by lead mediator ('' for none).
    ('taken_up', ARRAY[coalesce(lead_mediator_id::text, '')], taken_up_on),
    -- Closed: offence, contact and agreement ('' for unknown); the reason without contact.
    ('closed', ARRAY[offence_category, (cardinality(forms) > 0)::text, coalesce(both_agreed::text, '')],
     closed_on),
    ('closed_reason', CASE WHEN cardinality(forms) = 0 THEN ARRAY[coalesce(no_contact_reason, 'unknown')] END,
     closed_on),
    -- Days from received to each step, on the day of the step.
    ('days_taken_up', ARRAY[(taken_up_on - received_on)::text], taken_up_on),
    ('days_first_conversation', ARRAY[(first_conversation_on - received_on)::text], first_conversation_on),
    ('days_contact', ARRAY[(contact_on - received_on)::text], contact_on),
    ('days_closed', ARRAY[(closed_on - received_on)::text], closed_on),
    -- The open caseload: a case counts from taking up until closing (when it was open at all).
    ('opened', CASE WHEN closed_on IS NULL OR closed_on > taken_up_on THEN '{}'::text[] END,
     taken_up_on),
    ('open_ended', CASE WHEN closed_on > taken_up_on THEN '{}'::text[] END, closed_on)
  ) v (kind, key, day)
  WHERE v.day IS NOT NULL AND v.key IS NOT NULL
  UNION ALL
  -- The forms of a case closed with contact, once each.
  SELECT 'closed_form', ARRAY[x.form], closed_on
  FROM unnest(forms) x (form)
  WHERE closed_on IS NOT NULL
$$;
REVOKE ALL ON FUNCTION statistics_fact_parts(date, date, date, date, date, text, text, text, text, text, text[], boolean, text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION statistics_fact_parts(date, date, date, date, date, text, text, text, text, text, text[], boolean, text, bigint) TO herstel_app;

-- grain 'month' or 'year', starting on period_start; region_key: the region's id, 0 for facts
-- without a region, -1 for all regions together. n: how many fact rows count under the key.
CREATE TABLE statistics_rollup (
  region_key integer NOT NULL,
  grain text NOT NULL CHECK (grain IN ('month', 'year')),
  period_start date NOT NULL,
  kind text NOT NULL,
  key text[] NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (region_key, kind, grain, period_start, key)
);
-- Keys whose count went back to 0 are deleted after each change.
CREATE INDEX statistics_rollup_zero_idx ON statistics_rollup (region_key) WHERE n = 0;
GRANT SELECT ON statistics_rollup TO herstel_app;

-- The trigger: statement-level, with the statement's rows as transition tables. What the deleted
-- rows counted is subtracted and what the inserted rows count is added, on every grain and region
-- level in one pass over the rows (grouping sets); a key that reaches 0 is deleted.
CREATE FUNCTION statistics_rollup_note() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  changes text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM statistics_rollup;
    RETURN NULL;
  END IF;
  changes := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, f.* FROM new_rows f'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, f.* FROM old_rows f'
    ELSE 'SELECT -1 AS sign, f.* FROM old_rows f UNION ALL SELECT 1, f.* FROM new_rows f' END;
  EXECUTE format($q$
    INSERT INTO statistics_rollup AS r (region_key, grain, period_start, kind, key, n)
    SELECT CASE WHEN GROUPING(c.region_key) = 0 THEN c.region_key ELSE -1 END,
      CASE WHEN GROUPING(c.month) = 0 THEN 'month' ELSE 'year' END,
      coalesce(c.month, c.year), c.kind, c.key, sum(c.sign)
    FROM (
      SELECT ch.sign, coalesce(ch.region_id, 0) AS region_key, p.kind, p.key,
        date_trunc('month', p.day)::date AS month, date_trunc('year', p.day)::date AS year
      FROM (%s) ch CROSS JOIN LATERAL statistics_fact_parts(
        ch.received_on, ch.taken_up_on, ch.first_conversation_on, ch.contact_on, ch.closed_on, ch.submitted_by,
        ch.referrer_type, ch.registrant_side, ch.registrant_role, ch.offence_category, ch.forms, ch.both_agreed,
        ch.no_contact_reason, ch.lead_mediator_id) p
    ) c
    GROUP BY GROUPING SETS ((c.region_key, c.month, c.kind, c.key), (c.month, c.kind, c.key),
      (c.region_key, c.year, c.kind, c.key), (c.year, c.kind, c.key))
    HAVING sum(c.sign) <> 0
    ON CONFLICT (region_key, kind, grain, period_start, key) DO UPDATE SET n = r.n + excluded.n
  $q$, changes);
  DELETE FROM statistics_rollup WHERE n = 0;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION statistics_rollup_note() FROM PUBLIC;

CREATE TRIGGER statistics_fact_rollup_insert AFTER INSERT ON statistics_fact REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION statistics_rollup_note();
CREATE TRIGGER statistics_fact_rollup_update AFTER UPDATE ON statistics_fact
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_rollup_note();
CREATE TRIGGER statistics_fact_rollup_delete AFTER DELETE ON statistics_fact REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION statistics_rollup_note();
CREATE TRIGGER statistics_fact_rollup_truncate AFTER TRUNCATE ON statistics_fact
  FOR EACH STATEMENT EXECUTE FUNCTION statistics_rollup_note();

-- The rows statistics_fact holds now (the stale ones are brought up to date by the next read,
-- through the trigger above).
INSERT INTO statistics_rollup (region_key, grain, period_start, kind, key, n)
SELECT CASE WHEN GROUPING(c.region_key) = 0 THEN c.region_key ELSE -1 END,
  CASE WHEN GROUPING(c.month) = 0 THEN 'month' ELSE 'year' END,
  coalesce(c.month, c.year), c.kind, c.key, count(*)
FROM (
  SELECT coalesce(f.region_id, 0) AS region_key, p.kind, p.key,
    date_trunc('month', p.day)::date AS month, date_trunc('year', p.day)::date AS year
  FROM statistics_fact f CROSS JOIN LATERAL statistics_fact_parts(
    f.received_on, f.taken_up_on, f.first_conversation_on, f.contact_on, f.closed_on, f.submitted_by, f.referrer_type,
    f.registrant_side, f.registrant_role, f.offence_category, f.forms, f.both_agreed, f.no_contact_reason,
    f.lead_mediator_id) p
) c
GROUP BY GROUPING SETS ((c.region_key, c.month, c.kind, c.key), (c.month, c.kind, c.key),
  (c.region_key, c.year, c.kind, c.key), (c.year, c.kind, c.key));

-- The case search for a name fragment (issue 16). herstel_search_case_ids (0018) returned every
-- visible case that matched, and the case list then fetched them all to show the first 50: for a
-- common fragment (4% of all names: thousands of cases) the trigram index finds them quickly, but
-- joining every one with its case, its visibility and the list's order took 50-170 ms on 100,000
-- cases.
--
-- An actor without regions (a mediator) can see only their own cases: the matches are looked for
-- among those alone. Otherwise the function first asks the trigram indexes for at most 2,000
-- matches. Fewer: they are all, and as before only the visible ones are returned (planned with
-- their number known). More, and the caller needs only
-- the first p_first in the list's order (the list without other filters, up to its page's last):
-- a coordinator's visible cases are walked in the list's order, each tested against the pattern
-- (one look-up per party), until p_first are found; with a common fragment that is soon. The
-- visibility rule is that of the policy case_visible (0018), and the list still reads under it.
DROP FUNCTION herstel_search_case_ids(text);
CREATE FUNCTION herstel_search_case_ids(p_pattern text, p_first integer DEFAULT NULL) RETURNS SETOF bigint
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public ROWS 200 AS $$
DECLARE
  common constant integer := 2000;
  regions integer[] := ARRAY(SELECT herstel_coordinator_region_ids());
  personal bigint[] := ARRAY(SELECT herstel_personal_case_ids());
  found bigint[];
  matches text := $q$
    SELECT m.id FROM mediation_case m WHERE lower(m.reference) LIKE $1
    UNION ALL
    SELECT p.case_id FROM case_party p WHERE lower(p.display_name) LIKE $1 $q$;
BEGIN
  -- EXECUTE plans with the actual pattern and arrays, so the planner can weigh the trigram
  -- indexes and knows how many cases each array holds.
  IF cardinality(regions) = 0 THEN
    -- Only the actor's own cases can be visible: the matches among those (by case or by pattern).
    EXECUTE $q$
      SELECT ARRAY(
        SELECT m.id FROM mediation_case m WHERE m.id = ANY ($2) AND lower(m.reference) LIKE $1
        UNION ALL
        SELECT p.case_id FROM case_party p WHERE p.case_id = ANY ($2) AND lower(p.display_name) LIKE $1)
    $q$ INTO found USING p_pattern, personal;
  ELSE
    EXECUTE format('SELECT ARRAY(SELECT id FROM (%s) x LIMIT $2)', matches) INTO found USING p_pattern, common + 1;
  END IF;
  IF cardinality(found) > common AND cardinality(regions) > 0 THEN
    IF p_first IS NOT NULL THEN
      RETURN QUERY EXECUTE $q$
        SELECT c.id FROM mediation_case c
        WHERE (c.region_id = ANY ($2) OR c.id = ANY ($3))
          -- A scalar subquery: looked up for each case walked, not computed for all at once.
          AND (lower(c.reference) LIKE $1
               OR (SELECT bool_or(lower(p.display_name) LIKE $1) FROM case_party p WHERE p.case_id = c.id))
        ORDER BY c.step = 'closed', c.first_conversation_due, c.id
        LIMIT $4
      $q$ USING p_pattern, regions, personal, p_first;
      RETURN;
    END IF;
    EXECUTE format('SELECT ARRAY(%s)', matches) INTO found USING p_pattern;
  END IF;
  RETURN QUERY EXECUTE $q$
    SELECT c.id FROM mediation_case c
    WHERE c.id = ANY ($1) AND (c.region_id = ANY ($2) OR c.id = ANY ($3))
    ORDER BY c.step = 'closed', c.first_conversation_due, c.id
    LIMIT $4
  $q$ USING found, regions, personal, p_first;
END
$$;
REVOKE ALL ON FUNCTION herstel_search_case_ids(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION herstel_search_case_ids(text, integer) TO herstel_app;
