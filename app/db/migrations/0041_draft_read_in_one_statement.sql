-- Every page of the public form reads its draft. As the application role that took three round
-- trips to the database (begin with the form instance's setting, the read, commit). This function
-- sets the form instance for the statement's own transaction and then reads, so one statement
-- outside a transaction does the same in one round trip. It runs with the caller's rights
-- (SECURITY INVOKER): row-level security (migration 0023) decides exactly as before, on the
-- setting it was given.
CREATE FUNCTION registration_draft_for_form(p_id uuid, p_now timestamptz)
RETURNS TABLE (id uuid, path text, answers bytea, data_key bytea)
LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
  PERFORM set_config('herstel.form_instance', p_id::text, true);
  RETURN QUERY
    SELECT d.id, d.path, d.answers, d.data_key
    FROM registration_draft AS d
    WHERE d.id = p_id AND d.expires_at > p_now;
END
$$;
GRANT EXECUTE ON FUNCTION registration_draft_for_form(uuid, timestamptz) TO herstel_app;
