-- Break the glass for cases: to offer it, the application must know that a case exists and in
-- which region, without row-level security hiding it. Region only, no personal data.
CREATE FUNCTION case_access_info(p_id bigint)
  RETURNS TABLE (id bigint, region_id integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT c.id, c.region_id FROM mediation_case c WHERE c.id = p_id $$;
REVOKE ALL ON FUNCTION case_access_info(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_access_info(bigint) TO herstel_app;
