-- Sealed notes: visible only to the case's assigned mediators, not to coordinators or the
-- intake desk (issue: the mediation case). Enforced here as a restrictive policy, on top of the
-- case-scope policy, and again in the application's queries.
ALTER TABLE case_activity ADD COLUMN sealed boolean NOT NULL DEFAULT false;
ALTER TABLE case_activity ADD CONSTRAINT case_activity_sealed_note CHECK (NOT sealed OR kind = 'note');

CREATE FUNCTION herstel_is_assigned(p_case_id bigint) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM case_assignment a WHERE a.case_id = p_case_id AND a.user_id = herstel_actor_id())
$$;
REVOKE ALL ON FUNCTION herstel_is_assigned(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION herstel_is_assigned(bigint) TO herstel_app;

CREATE POLICY case_activity_sealed ON case_activity AS RESTRICTIVE FOR ALL TO herstel_app
  USING (NOT sealed OR herstel_is_assigned(case_id))
  WITH CHECK (NOT sealed OR herstel_is_assigned(case_id));
