-- An access export covers only records the coordinator may see (ADR 0020). Records with the same
-- name that row-level security hides from them (another region) are counted per region, without
-- references, dates or content, so that the coordinator knows to ask a colleague there. Only a
-- coordinator who sees the access request gets an answer.
CREATE FUNCTION access_export_elsewhere(p_request_id bigint, p_match_name text, p_name text)
  RETURNS TABLE (region_name text, registrations bigint, cases bigint)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF NOT herstel_has_role('coordinator') OR NOT EXISTS (
    SELECT 1 FROM privacy_request r
    WHERE r.id = p_request_id AND r.kind = 'access'
      AND (herstel_can_see_case(r.case_id) OR herstel_in_actor_regions(r.region_id))
  ) THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH found AS (
    -- Registrations that are not a case's own (those come with their case), hidden from the caller.
    SELECT g.region_id, 1 AS registration, 0 AS case_file
    FROM registration g
    WHERE p_match_name IS NOT NULL
      AND (g.match_name = p_match_name OR g.match_other_name = p_match_name)
      AND g.region_id IS NOT NULL AND NOT herstel_in_actor_regions(g.region_id)
      AND NOT EXISTS (SELECT 1 FROM mediation_case c WHERE c.registration_id = g.id)
      AND NOT EXISTS (
        SELECT 1 FROM break_glass_grant b
        WHERE b.object_type = 'registration' AND b.object_id = g.id
          AND b.user_id = herstel_actor_id() AND b.expires_at > now())
    UNION ALL
    -- Cases with a party of that name that the caller cannot see; each case once.
    SELECT c.region_id, 0, 1
    FROM mediation_case c
    WHERE EXISTS (SELECT 1 FROM case_party p WHERE p.case_id = c.id AND lower(trim(p.display_name)) = p_name)
      AND NOT herstel_can_see_case(c.id)
  )
  SELECT rg.name, sum(f.registration)::bigint, sum(f.case_file)::bigint
  FROM found f JOIN region rg ON rg.id = f.region_id
  GROUP BY rg.name
  ORDER BY rg.name;
END
$$;
REVOKE ALL ON FUNCTION access_export_elsewhere(bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION access_export_elsewhere(bigint, text, text) TO herstel_app;
