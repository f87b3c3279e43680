-- Case search and the case list on large volumes (issue "search"): trigram indexes for the
-- substring search on references and parties' names, an index in the list's order, and a
-- visibility policy on mediation_case that the planner can combine with indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX mediation_case_reference_trgm_idx ON mediation_case USING gin (lower(reference) gin_trgm_ops);
CREATE INDEX case_party_name_trgm_idx ON case_party USING gin (lower(display_name) gin_trgm_ops);
-- The list's order: open cases first, then by deadline (listCases orders by exactly this).
-- case_party (case_id) is already served by its UNIQUE (case_id, role).
CREATE INDEX mediation_case_list_order_idx ON mediation_case ((step = 'closed'), first_conversation_due, id);

-- The regions of the acting coordinator (none for anyone else).
CREATE FUNCTION herstel_coordinator_region_ids() RETURNS SETOF integer LANGUAGE sql STABLE AS $$
  SELECT r::integer
  FROM unnest(string_to_array(coalesce(current_setting('herstel.actor_regions', true), ''), ',')) r
  WHERE herstel_has_role('coordinator') AND r ~ '^[1-9][0-9]{0,8}$'
$$;
-- The cases the actor sees whatever their regions: assigned to them (mediator) or opened by
-- breaking the glass while the grant lasts (coordinator). SECURITY DEFINER for the same reason
-- as herstel_can_see_case: it reads assignments and grants without their own policies.
CREATE FUNCTION herstel_personal_case_ids() RETURNS SETOF bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public ROWS 500 AS $$
  SELECT a.case_id FROM case_assignment a
  WHERE herstel_has_role('mediator') AND a.user_id = herstel_actor_id()
  UNION
  SELECT g.object_id FROM break_glass_grant g
  WHERE herstel_has_role('coordinator') AND g.object_type = 'case' AND g.user_id = herstel_actor_id()
    AND g.expires_at > now()
$$;
REVOKE ALL ON FUNCTION herstel_personal_case_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION herstel_coordinator_region_ids(), herstel_personal_case_ids() TO herstel_app;

-- The same rule as herstel_can_see_case(id), written so that each part is computed once per
-- query (the regions as an init plan, the personal cases as a hashed subplan) instead of one
-- function call per row: on 100,000 cases that call made every list take seconds. Being plain
-- conditions on the row, they also let the planner walk mediation_case_list_order_idx.
DROP POLICY case_visible ON mediation_case;
CREATE POLICY case_visible ON mediation_case FOR SELECT TO herstel_app USING (
  region_id = ANY (ARRAY(SELECT herstel_coordinator_region_ids()))
  OR id IN (SELECT herstel_personal_case_ids())
);

-- The visible cases whose reference or a party's name matches a lower-case LIKE pattern. Under
-- row-level security PostgreSQL checks the policy before any condition that is not leakproof,
-- such as LIKE, so the trigram indexes could not serve the search; this function searches as
-- the owner and returns only the cases the actor may see, by the rule of case_visible above.
-- EXECUTE plans with the actual pattern, so the planner can weigh the trigram indexes.
CREATE FUNCTION herstel_search_case_ids(p_pattern text) RETURNS SETOF bigint
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public ROWS 200 AS $$
BEGIN
  RETURN QUERY EXECUTE $q$
    SELECT c.id
    FROM mediation_case c
    WHERE c.id IN (
        SELECT m.id FROM mediation_case m WHERE lower(m.reference) LIKE $1
        UNION
        SELECT p.case_id FROM case_party p WHERE lower(p.display_name) LIKE $1)
      AND (c.region_id = ANY (ARRAY(SELECT herstel_coordinator_region_ids()))
           OR c.id IN (SELECT herstel_personal_case_ids()))
  $q$ USING p_pattern;
END
$$;
REVOKE ALL ON FUNCTION herstel_search_case_ids(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION herstel_search_case_ids(text) TO herstel_app;
