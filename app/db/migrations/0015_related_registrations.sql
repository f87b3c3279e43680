-- Possible duplicates and related registrations (the same incident from both sides, or the same
-- person twice), for the intake desk. The intake desk cannot read taken-up registrations or
-- cases, so this function compares on the owner's behalf and returns only references, case ids
-- and which facts matched: no names, no contact details.
CREATE FUNCTION related_registrations(p_id bigint)
  RETURNS TABLE (id bigint, reference text, case_id bigint, status text, score integer, reasons text[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH me AS (
    SELECT r.id,
      lower(trim(r.answers->>'name')) AS name,
      lower(trim(r.answers->>'otherPartyName')) AS other_name,
      r.answers->>'dateOfBirth' AS dob,
      r.answers->>'incidentDate' AS incident_date,
      lower(trim(r.answers->>'incidentPlace')) AS place,
      lower(r.answers->>'email') AS email,
      regexp_replace(coalesce(r.answers->>'phone', ''), '[^0-9]', '', 'g') AS phone
    FROM registration r WHERE r.id = p_id
  ), candidates AS (
    SELECT o.id, o.reference, o.case_id, o.status,
      array_remove(ARRAY[
        CASE WHEN me.name <> '' AND lower(trim(o.answers->>'name')) = me.name THEN 'same_name' END,
        CASE WHEN me.dob IS NOT NULL AND o.answers->>'dateOfBirth' = me.dob THEN 'same_birth_date' END,
        CASE WHEN me.email IS NOT NULL AND lower(o.answers->>'email') = me.email THEN 'same_email' END,
        CASE WHEN length(me.phone) >= 6 AND regexp_replace(coalesce(o.answers->>'phone', ''), '[^0-9]', '', 'g') = me.phone THEN 'same_phone' END,
        CASE WHEN me.other_name <> '' AND lower(trim(o.answers->>'name')) = me.other_name THEN 'other_side_registrant' END,
        CASE WHEN me.name <> '' AND lower(trim(o.answers->>'otherPartyName')) = me.name THEN 'names_me_as_other_party' END,
        CASE WHEN me.incident_date IS NOT NULL AND o.answers->>'incidentDate' = me.incident_date THEN 'same_incident_date' END,
        CASE WHEN me.place <> '' AND lower(trim(o.answers->>'incidentPlace')) = me.place THEN 'same_place' END
      ], NULL) AS reasons
    FROM registration o, me
    WHERE o.id <> me.id AND o.received_at > now() - interval '10 years'
  )
  SELECT c.id, c.reference, c.case_id, c.status,
    (cardinality(c.reasons) * 10
      + CASE WHEN 'same_name' = ANY (c.reasons) AND ('same_birth_date' = ANY (c.reasons) OR 'same_email' = ANY (c.reasons) OR 'same_phone' = ANY (c.reasons)) THEN 50 ELSE 0 END
      + CASE WHEN ('other_side_registrant' = ANY (c.reasons) OR 'names_me_as_other_party' = ANY (c.reasons)) AND ('same_incident_date' = ANY (c.reasons) OR 'same_place' = ANY (c.reasons)) THEN 40 ELSE 0 END
    )::int AS score,
    c.reasons
  FROM candidates c
  WHERE cardinality(c.reasons) >= 2
  ORDER BY score DESC, c.id DESC
  LIMIT 10
$$;
REVOKE ALL ON FUNCTION related_registrations(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION related_registrations(bigint) TO herstel_app;

-- Linking a registration to an existing case (the other side of the same incident, or the same
-- person again): the registration is done, the case's timeline says so.
CREATE FUNCTION link_registration(p_registration_id bigint, p_case_id bigint, p_actor bigint)
  RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF NOT herstel_has_role('intake') THEN
    RAISE EXCEPTION 'only the intake desk links registrations' USING ERRCODE = '42501';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM mediation_case WHERE id = p_case_id AND step <> 'closed') THEN
    RETURN false;
  END IF;
  UPDATE registration SET status = 'linked', case_id = p_case_id WHERE id = p_registration_id AND status = 'received';
  IF NOT FOUND THEN RETURN false; END IF;
  INSERT INTO case_event (case_id, occurred_at, actor_id, kind, detail)
  VALUES (p_case_id, now(), p_actor, 'case.registration_linked',
          jsonb_build_object('registration', (SELECT reference FROM registration WHERE id = p_registration_id)));
  RETURN true;
END
$$;
REVOKE ALL ON FUNCTION link_registration(bigint, bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION link_registration(bigint, bigint, bigint) TO herstel_app;
