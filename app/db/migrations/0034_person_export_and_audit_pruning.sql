-- The rest of the personal data lifecycle (ADR 0020, "Added later"): one access export over all
-- records of a person (a staff-confirmed selection), sealed notes reviewed by the mediator before
-- release, legal holds on registrations that never became a case, restriction also freezing the
-- outcome questionnaires, and pruning the audit log after 5 years from a signed checkpoint.

-- A request may come from someone around a party (a relative, a supporter, a legal
-- representative): person_id names them (case_person.id; no foreign key, the request outlives
-- the case). party_role is then the party they are around.
ALTER TABLE privacy_request ADD COLUMN person_id bigint;

-- The other records of the same person that an access export covers, as a coordinator confirmed
-- them (matched on name and date of birth or contact details, checked by hand). The request's own
-- case and party are always covered and are not listed here.
CREATE TABLE access_export_record (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id bigint NOT NULL REFERENCES privacy_request (id) ON DELETE CASCADE,
  case_id bigint REFERENCES mediation_case (id) ON DELETE CASCADE,
  registration_id bigint REFERENCES registration (id) ON DELETE CASCADE,
  -- The person's place there: a party of a case, a person around a party (person_id), the one who
  -- sent a registration, or the one a registration names as the other party.
  role text NOT NULL CHECK (role IN ('registrant', 'other_party', 'person', 'named_other_party')),
  person_id bigint REFERENCES case_person (id) ON DELETE CASCADE,
  matched_on text[] NOT NULL,
  confirmed_by bigint NOT NULL REFERENCES staff_user (id),
  confirmed_at timestamptz NOT NULL,
  CHECK ((case_id IS NULL) <> (registration_id IS NULL)),
  CHECK ((role = 'person') = (person_id IS NOT NULL)),
  CHECK (case_id IS NOT NULL OR role IN ('registrant', 'named_other_party')),
  CHECK (registration_id IS NOT NULL OR role <> 'named_other_party')
);
CREATE UNIQUE INDEX access_export_record_once ON access_export_record
  (request_id, coalesce(case_id, 0), coalesce(registration_id, 0), role, coalesce(person_id, 0));

-- The mediator's review of each sealed note in an export's scope: include it or leave it out,
-- with a reason code (never free text: the reason must not carry the note's content).
CREATE TABLE access_export_sealed_review (
  request_id bigint NOT NULL REFERENCES privacy_request (id) ON DELETE CASCADE,
  activity_id bigint NOT NULL REFERENCES case_activity (id) ON DELETE CASCADE,
  case_id bigint NOT NULL REFERENCES mediation_case (id) ON DELETE CASCADE,
  include boolean NOT NULL,
  reason text NOT NULL CHECK (reason IN ('about_the_person', 'rights_of_others', 'safety', 'working_notes', 'other')),
  reviewed_by bigint NOT NULL REFERENCES staff_user (id),
  reviewed_at timestamptz NOT NULL,
  PRIMARY KEY (request_id, activity_id),
  CHECK (include = (reason = 'about_the_person'))
);

GRANT SELECT, INSERT, DELETE ON access_export_record TO herstel_app;
GRANT SELECT, INSERT, UPDATE ON access_export_sealed_review TO herstel_app;
ALTER TABLE access_export_record ENABLE ROW LEVEL SECURITY;
ALTER TABLE access_export_record FORCE ROW LEVEL SECURITY;
ALTER TABLE access_export_sealed_review ENABLE ROW LEVEL SECURITY;
ALTER TABLE access_export_sealed_review FORCE ROW LEVEL SECURITY;

-- The coordinators who see the request (privacy_request's own policy, applied in the subquery).
CREATE POLICY access_export_record_coordinator ON access_export_record FOR ALL TO herstel_app
  USING (herstel_has_role('coordinator') AND EXISTS (SELECT 1 FROM privacy_request r WHERE r.id = access_export_record.request_id))
  WITH CHECK (herstel_has_role('coordinator') AND EXISTS (SELECT 1 FROM privacy_request r WHERE r.id = access_export_record.request_id)
    AND (case_id IS NULL OR herstel_can_see_case(case_id))
    AND (registration_id IS NULL OR EXISTS (SELECT 1 FROM registration g WHERE g.id = access_export_record.registration_id)));
-- Reviews: written only by a mediator assigned to the note's case, about a sealed note of it;
-- read by them and by the coordinators who see the request.
CREATE POLICY access_export_sealed_review_mediator ON access_export_sealed_review FOR ALL TO herstel_app
  USING (herstel_has_role('mediator') AND herstel_is_assigned(case_id))
  WITH CHECK (herstel_has_role('mediator') AND herstel_is_assigned(case_id)
    AND EXISTS (SELECT 1 FROM case_activity a WHERE a.id = access_export_sealed_review.activity_id
      AND a.case_id = access_export_sealed_review.case_id AND a.sealed));
CREATE POLICY access_export_sealed_review_coordinator ON access_export_sealed_review FOR SELECT TO herstel_app
  USING (herstel_has_role('coordinator')
    AND EXISTS (SELECT 1 FROM privacy_request r WHERE r.id = access_export_sealed_review.request_id));

DO $$
BEGIN
  EXECUTE format('CREATE POLICY access_export_record_owner ON access_export_record FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
  EXECUTE format('CREATE POLICY access_export_sealed_review_owner ON access_export_sealed_review FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;

-- The sealed notes in an access export's scope: in the request's case and in each confirmed case,
-- those about the person's party or about no party in particular (a person around a party has
-- none in scope: the notes are the party's). Each with its review, if any; the (sealed) text only
-- when the mediator included it. For a coordinator who sees the request, or a mediator assigned
-- to the note's case (who gets only their own cases' notes, with text for the review).
CREATE FUNCTION access_export_sealed_notes(p_request_id bigint)
  RETURNS TABLE (activity_id bigint, case_id bigint, case_reference text, occurred_on date, include boolean,
                 reason text, reviewed_at timestamptz, summary bytea)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_coordinator boolean;
BEGIN
  SELECT herstel_has_role('coordinator') AND (herstel_can_see_case(r.case_id) OR herstel_in_actor_regions(r.region_id))
  INTO v_coordinator FROM privacy_request r WHERE r.id = p_request_id AND r.kind = 'access';
  IF v_coordinator IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH scope AS (
    SELECT r.case_id, r.party_role AS role FROM privacy_request r WHERE r.id = p_request_id AND r.person_id IS NULL
    UNION
    SELECT e.case_id, e.role FROM access_export_record e
    WHERE e.request_id = p_request_id AND e.case_id IS NOT NULL AND e.role IN ('registrant', 'other_party')
  )
  SELECT a.id, a.case_id, c.reference, a.occurred_on, v.include, v.reason, v.reviewed_at,
         CASE WHEN (v_coordinator AND v.include) OR (herstel_has_role('mediator') AND herstel_is_assigned(a.case_id))
              THEN a.summary END
  FROM scope s
  JOIN mediation_case c ON c.id = s.case_id
  JOIN case_party p ON p.case_id = s.case_id AND p.role = s.role
  JOIN case_activity a ON a.case_id = s.case_id AND a.sealed AND (a.party_id IS NULL OR a.party_id = p.id)
  LEFT JOIN access_export_sealed_review v ON v.request_id = p_request_id AND v.activity_id = a.id
  WHERE v_coordinator OR (herstel_has_role('mediator') AND herstel_is_assigned(a.case_id))
  ORDER BY a.case_id, a.occurred_on, a.id;
END
$$;
REVOKE ALL ON FUNCTION access_export_sealed_notes(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION access_export_sealed_notes(bigint) TO herstel_app;

-- For an assigned mediator: the open access requests whose scope holds sealed notes of this case.
CREATE FUNCTION access_export_reviews_for_case(p_case_id bigint)
  RETURNS TABLE (request_id bigint, received_on date, due_on date, party_role text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT r.id, r.received_on, r.due_on, r.party_role FROM privacy_request r
  WHERE herstel_has_role('mediator') AND herstel_is_assigned(p_case_id)
    AND r.kind = 'access' AND r.decision IS DISTINCT FROM 'rejected'
    AND (r.case_id = p_case_id
         OR EXISTS (SELECT 1 FROM access_export_record e WHERE e.request_id = r.id AND e.case_id = p_case_id))
  ORDER BY r.due_on, r.id
$$;
REVOKE ALL ON FUNCTION access_export_reviews_for_case(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION access_export_reviews_for_case(bigint) TO herstel_app;

-- Legal hold on a registration that never became a case: placed and lifted by a coordinator who
-- sees the registration (its own policy, in the subquery).
CREATE POLICY legal_hold_registration ON legal_hold FOR ALL TO herstel_app
  USING (herstel_has_role('coordinator') AND registration_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM registration g WHERE g.id = legal_hold.registration_id))
  WITH CHECK (herstel_has_role('coordinator') AND registration_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM registration g WHERE g.id = legal_hold.registration_id AND g.case_id IS NULL));

-- Restriction (art. 18) freezes the outcome questionnaires too: no invitation, token, answer or
-- participant is written for a restricted case, the job does not pick it, and a link or code of
-- it cannot be redeemed.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['outcome_participant', 'outcome_invitation', 'outcome_token', 'outcome_answer'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I
      FOR EACH ROW EXECUTE FUNCTION herstel_refuse_restricted()', t || '_restricted', t);
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION outcome_redeem_token(p_hash text, p_now timestamptz)
  RETURNS TABLE (invitation_id bigint, kind text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  RETURN QUERY
  UPDATE outcome_token t SET used_at = p_now
  FROM outcome_invitation i
  WHERE t.token_hash = p_hash AND t.used_at IS NULL AND t.expires_at > p_now
    AND i.id = t.invitation_id AND i.completed_at IS NULL AND i.expires_at > p_now
    AND outcome_consent_given(i.party_id) AND NOT herstel_case_restricted(i.case_id)
  RETURNING t.invitation_id, t.kind;
END
$$;

CREATE OR REPLACE FUNCTION outcome_candidates(p_now timestamptz)
  RETURNS TABLE (case_id bigint, party_id bigint, side text, step text, closed_at timestamptz,
    first_talk_on date, contact bytea, moments text[], in_case_consent boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT c.id, p.id, p.side, c.step, c.closed_at,
    (SELECT min(a.occurred_on) FROM case_activity a WHERE a.case_id = c.id
       AND ((p.role = 'registrant' AND a.kind = 'first_conversation'
             AND (a.party_id IS NULL OR a.party_id = p.id))
         OR (p.role = 'other_party' AND a.kind = 'expectation_conversation' AND a.party_id = p.id))),
    p.contact,
    coalesce((SELECT array_agg(i.moment) FROM outcome_invitation i WHERE i.party_id = p.id), '{}'),
    coalesce((SELECT k.given FROM case_consent k WHERE k.party_id = p.id AND k.purpose = 'outcome_in_case'
      ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1), false)
  FROM case_party p JOIN mediation_case c ON c.id = p.case_id
  WHERE herstel_system_task() = 'outcomes' AND outcome_consent_given(p.id)
    AND c.data_key_id IS NOT NULL AND NOT herstel_case_restricted(c.id)
$$;

-- Pruning the audit log after 5 years. The oldest records go; where the kept chain starts (the
-- last pruned record's id and hash) is kept in audit_chain_checkpoint, signed with the audit key
-- by the app (which holds the key; the database does not), so `npm run audit:verify` verifies
-- from there and nobody without the key can move the starting point.
CREATE TABLE audit_chain_checkpoint (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  last_pruned_id bigint NOT NULL,
  last_pruned_hash text NOT NULL CHECK (last_pruned_hash ~ '^[0-9a-f]{64}$'),
  pruned_before timestamptz NOT NULL,
  pruned_at timestamptz NOT NULL,
  key_id text NOT NULL CHECK (key_id ~ '^[0-9a-f]{16}$'),
  mac text NOT NULL CHECK (mac ~ '^[0-9a-f]{64}$')
);
GRANT SELECT ON audit_chain_checkpoint TO herstel_app;

-- The append-only guard lets exactly one kind of DELETE through: audit_prune's own, below.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('herstel.audit_prune', true) = 'checkpoint' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

-- What pruning before p_cutoff would remove: the longest run of records from the start of the
-- log that are all older than p_cutoff, never the record the chain head names.
CREATE FUNCTION audit_prune_candidate(p_cutoff timestamptz)
  RETURNS TABLE (last_id bigint, last_hash text, records bigint)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_head bigint;
  v_from bigint;
  v_limit bigint;
BEGIN
  IF current_setting('herstel.system', true) IS DISTINCT FROM 'retention' THEN
    RAISE EXCEPTION 'audit_prune_candidate: only the retention task' USING ERRCODE = '42501';
  END IF;
  SELECT h.last_id INTO v_head FROM audit_chain_head h;
  SELECT coalesce(max(k.last_pruned_id), 0) INTO v_from FROM audit_chain_checkpoint k;
  SELECT min(a.id) INTO v_limit FROM audit_log a WHERE a.occurred_at >= p_cutoff;
  v_limit := least(coalesce(v_limit, v_head), v_head);
  RETURN QUERY
  SELECT a.id, a.hash, (SELECT count(*) FROM audit_log b WHERE b.id <= a.id AND b.id > v_from)
  FROM audit_log a WHERE a.id > v_from AND a.id < v_limit ORDER BY a.id DESC LIMIT 1;
END
$$;
REVOKE ALL ON FUNCTION audit_prune_candidate(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_prune_candidate(timestamptz) TO herstel_app;

-- Removes the records up to p_last_id and moves the checkpoint there, with the app's signature.
-- Only in the retention task, only records all older than p_cutoff, which must itself lie at least
-- 5 years back (the audit log's period), and never the head. Answers how many records went.
CREATE FUNCTION audit_prune(p_last_id bigint, p_last_hash text, p_cutoff timestamptz, p_key_id text, p_mac text)
  RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_count bigint;
BEGIN
  IF current_setting('herstel.system', true) IS DISTINCT FROM 'retention' THEN
    RAISE EXCEPTION 'audit_prune: only the retention task' USING ERRCODE = '42501';
  END IF;
  IF p_cutoff > now() - interval '5 years' THEN
    RAISE EXCEPTION 'audit_prune: the audit log is kept 5 years' USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM audit_log WHERE id = p_last_id AND hash = p_last_hash)
     OR EXISTS (SELECT 1 FROM audit_log WHERE id <= p_last_id AND occurred_at >= p_cutoff)
     OR p_last_id >= (SELECT h.last_id FROM audit_chain_head h)
     OR EXISTS (SELECT 1 FROM audit_chain_checkpoint k WHERE k.last_pruned_id >= p_last_id) THEN
    RAISE EXCEPTION 'audit_prune: not a prunable starting point' USING ERRCODE = '22023';
  END IF;
  PERFORM set_config('herstel.audit_prune', 'checkpoint', true);
  DELETE FROM audit_log WHERE id <= p_last_id;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  PERFORM set_config('herstel.audit_prune', '', true);
  INSERT INTO audit_chain_checkpoint (id, last_pruned_id, last_pruned_hash, pruned_before, pruned_at, key_id, mac)
  VALUES (true, p_last_id, p_last_hash, p_cutoff, now(), p_key_id, p_mac)
  ON CONFLICT (id) DO UPDATE SET last_pruned_id = EXCLUDED.last_pruned_id, last_pruned_hash = EXCLUDED.last_pruned_hash,
    pruned_before = EXCLUDED.pruned_before, pruned_at = EXCLUDED.pruned_at, key_id = EXCLUDED.key_id, mac = EXCLUDED.mac;
  RETURN v_count;
END
$$;
REVOKE ALL ON FUNCTION audit_prune(bigint, text, timestamptz, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_prune(bigint, text, timestamptz, text, text) TO herstel_app;
